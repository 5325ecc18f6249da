package ipfs

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/gateway"
	"github.com/ipfs/go-cid"
)

// Gateway returns an HTTP handler that serves the store at /ipfs/<cid>:
// files as they are (deserialized responses), and the trustless formats,
// CAR (?format=car or Accept: application/vnd.ipld.car) and raw blocks
// (?format=raw or Accept: application/vnd.ipld.raw). Mount it at /ipfs/.
// It only serves what the store holds; it never fetches from elsewhere.
func Gateway(s *Store) (http.Handler, error) {
	backend, err := gateway.NewBlocksBackend(blockservice.New(s.Verified(), nil))
	if err != nil {
		return nil, fmt.Errorf("gateway backend: %w", err)
	}
	return gateway.NewHandler(gateway.Config{
		DeserializedResponses: true,
		NoDNSLink:             true,
		DisableHTMLErrors:     true,
	}, backend), nil
}

// FetchCAR asks the gateway at base (http://host:port) for the whole DAG
// under c as a trustless CAR, checks every block against its CID, stores
// the blocks in dst and pins c. A gateway that sends a block that does not
// match, or leaves one out, changes nothing that is pinned in dst. When dst
// already holds c pinned, nothing is fetched.
func FetchCAR(ctx context.Context, client *http.Client, base string, c cid.Cid, dst *Store) error {
	if err := checkCID(c); err != nil {
		return err
	}
	if pinned, err := dst.isPinned(ctx, c); err != nil {
		return err
	} else if pinned {
		return nil
	}
	if client == nil {
		client = http.DefaultClient
	}
	u, err := url.Parse(strings.TrimRight(base, "/") + "/ipfs/" + c.String())
	if err != nil {
		return fmt.Errorf("gateway address %q: %w", base, err)
	}
	q := u.Query()
	q.Set("format", "car")
	q.Set("dag-scope", "all")
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", c, err)
	}
	req.Header.Set("Accept", "application/vnd.ipld.car;version=1;order=dfs;dups=n")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch %s from %s: %w", c, base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("fetch %s from %s: %s: %s", c, base, resp.Status, strings.TrimSpace(string(msg)))
	}
	source := "gateway " + base
	if _, err := dst.importCAR(ctx, resp.Body, source, c); err != nil {
		return fmt.Errorf("fetch %s: %w", c, err)
	}
	return nil
}

// FetchCAR fetches the DAG under c from the gateway at base into s (see
// the function FetchCAR); it makes a Store an api.CARFetcher.
func (s *Store) FetchCAR(ctx context.Context, client *http.Client, base string, c cid.Cid) error {
	return FetchCAR(ctx, client, base, c, s)
}
