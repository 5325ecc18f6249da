package ipfs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/ipfs/go-cid"
)

// Kubo stores content in an existing Kubo node through its HTTP RPC API
// (http://127.0.0.1:5001 by default in Kubo), with the same import
// parameters as Store, so a file gets the same CID either way. Reads fetch
// block by block and check every block against its CID.
type Kubo struct {
	api       string
	client    *http.Client
	maxUpload int64
}

// NewKubo returns a client of the Kubo RPC API at api. maxUpload limits a
// single add (0 means DefaultMaxUpload); client may be nil.
func NewKubo(api string, client *http.Client, maxUpload int64) (*Kubo, error) {
	u, err := url.Parse(api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("Kubo API address %q: want http://HOST:PORT, as in Kubo's Addresses.API", api)
	}
	if client == nil {
		client = http.DefaultClient
	}
	if maxUpload <= 0 {
		maxUpload = DefaultMaxUpload
	}
	return &Kubo{api: strings.TrimRight(api, "/"), client: client, maxUpload: maxUpload}, nil
}

func (k *Kubo) describe() string { return "Kubo at " + k.api }

// call posts to /api/v0/<cmd> with args and returns the response for the
// caller to close; a non-200 answer becomes an error with Kubo's message.
func (k *Kubo) call(ctx context.Context, cmd string, args url.Values, body io.Reader, contentType string) (*http.Response, error) {
	u := k.api + "/api/v0/" + cmd
	if len(args) > 0 {
		u += "?" + args.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, fmt.Errorf("kubo %s: %w", cmd, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := k.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w (is the daemon running?)", k.describe(), cmd, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var e struct{ Message string }
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if json.Unmarshal(raw, &e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(raw))
		}
		return nil, &kuboError{cmd: cmd, api: k.api, status: resp.StatusCode, msg: e.Message}
	}
	return resp, nil
}

// kuboError is an error answer of the RPC API.
type kuboError struct {
	cmd, api, msg string
	status        int
}

func (e *kuboError) Error() string {
	return fmt.Sprintf("Kubo at %s: %s: %s", e.api, e.cmd, e.msg)
}

// Add uploads r as one file with the store's import parameters, pins it
// and returns its CID.
func (k *Kubo) Add(ctx context.Context, r io.Reader) (cid.Cid, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", "file")
		if err == nil {
			_, err = io.Copy(part, &limitedReader{r: r, left: k.maxUpload, limit: k.maxUpload})
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	args := url.Values{
		"cid-version":    {"1"},
		"raw-leaves":     {"true"},
		"chunker":        {fmt.Sprintf("size-%d", ChunkSize)},
		"max-file-links": {fmt.Sprint(MaxLinks)},
		"trickle":        {"false"},
		"pin":            {"true"},
		"progress":       {"false"},
	}
	resp, err := k.call(ctx, "add", args, pr, mw.FormDataContentType())
	if err != nil {
		pr.CloseWithError(err)
		var qe *QuotaError
		if errors.As(err, &qe) {
			return cid.Undef, qe
		}
		return cid.Undef, err
	}
	defer resp.Body.Close()
	var last struct{ Hash string }
	dec := json.NewDecoder(resp.Body)
	for {
		var line struct{ Hash string }
		if err := dec.Decode(&line); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return cid.Undef, fmt.Errorf("%s: add: read answer: %w", k.describe(), err)
		}
		if line.Hash != "" {
			last = line
		}
	}
	if last.Hash == "" {
		return cid.Undef, fmt.Errorf("%s: add answered without a CID", k.describe())
	}
	return cid.Decode(last.Hash)
}

// rawBlock implements blockSource with block/get.
func (k *Kubo) rawBlock(ctx context.Context, c cid.Cid) ([]byte, error) {
	resp, err := k.call(ctx, "block/get", url.Values{"arg": {c.String()}}, nil, "")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: block/get %s: %w", k.describe(), c, err)
	}
	return data, nil
}

// Get returns a reader of the file under c, fetched block by block and
// checked against the CIDs.
func (k *Kubo) Get(ctx context.Context, c cid.Cid) (io.ReadCloser, error) {
	return openFile(ctx, k, c)
}

// Has reports whether the Kubo node holds the block under c locally (it
// does not search the network).
func (k *Kubo) Has(ctx context.Context, c cid.Cid) (bool, error) {
	if err := checkCID(c); err != nil {
		return false, err
	}
	resp, err := k.call(ctx, "block/stat", url.Values{"arg": {c.String()}, "offline": {"true"}}, nil, "")
	var ke *kuboError
	if errors.As(err, &ke) && strings.Contains(ke.msg, "not found") {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	return true, nil
}

// Pin pins c recursively on the Kubo node.
func (k *Kubo) Pin(ctx context.Context, c cid.Cid) error {
	return k.simple(ctx, "pin/add", c)
}

// Unpin removes the recursive pin of c on the Kubo node.
func (k *Kubo) Unpin(ctx context.Context, c cid.Cid) error {
	return k.simple(ctx, "pin/rm", c)
}

func (k *Kubo) simple(ctx context.Context, cmd string, c cid.Cid) error {
	if err := checkCID(c); err != nil {
		return err
	}
	resp, err := k.call(ctx, cmd, url.Values{"arg": {c.String()}}, nil, "")
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// ExportCAR writes the DAG under c as a CARv1, from Kubo's dag/export,
// checking every block against its CID on the way through.
func (k *Kubo) ExportCAR(ctx context.Context, c cid.Cid, w io.Writer) error {
	if err := checkCID(c); err != nil {
		return err
	}
	resp, err := k.call(ctx, "dag/export", url.Values{"arg": {c.String()}}, nil, "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	cw, err := newCARWriter(w, c)
	if err != nil {
		return err
	}
	roots, err := readCAR(resp.Body, k.describe(), cw.put)
	if err != nil {
		return err
	}
	if len(roots) != 1 || !roots[0].Equals(c) {
		return fmt.Errorf("%s: dag/export of %s answered with roots %v", k.describe(), c, roots)
	}
	return cw.flush()
}
