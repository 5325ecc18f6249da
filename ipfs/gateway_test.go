package ipfs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
)

// serveGateway serves s at /ipfs/ on a loopback httptest server.
func serveGateway(t *testing.T, s *Store) *httptest.Server {
	t.Helper()
	h, err := Gateway(s)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/ipfs/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url, accept string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestGatewayResponses(t *testing.T) {
	s := openStore(t, Options{})
	data := detBytes("gateway", 2*ChunkSize+5)
	c := addBytes(t, s, data)
	single := []byte("a single raw leaf")
	leaf := addBytes(t, s, single)
	srv := serveGateway(t, s)
	base := srv.URL + "/ipfs/"

	t.Run("file", func(t *testing.T) {
		resp, body := get(t, base+c.String(), "")
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
			t.Fatalf("GET file: %s, %d bytes, equal=%v", resp.Status, len(body), bytes.Equal(body, data))
		}
		if got := resp.Header.Get("Etag"); !strings.Contains(got, c.String()) {
			t.Errorf("Etag %q does not name the CID", got)
		}
	})
	t.Run("range", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, base+c.String(), nil)
		req.Header.Set("Range", "bytes=262140-262149")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[262140:262150]) {
			t.Fatalf("range across a chunk boundary: %s, %q", resp.Status, body)
		}
	})
	t.Run("raw", func(t *testing.T) {
		for _, u := range []struct{ url, accept string }{
			{base + leaf.String() + "?format=raw", ""},
			{base + leaf.String(), "application/vnd.ipld.raw"},
		} {
			resp, body := get(t, u.url, u.accept)
			if resp.StatusCode != http.StatusOK || !bytes.Equal(body, single) {
				t.Fatalf("raw block: %s, %q", resp.Status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.ipld.raw" {
				t.Fatalf("raw block Content-Type = %q", ct)
			}
		}
	})
	t.Run("car", func(t *testing.T) {
		resp, body := get(t, base+c.String(), "application/vnd.ipld.car")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("CAR: %s", resp.Status)
		}
		var n int
		roots, err := readCAR(bytes.NewReader(body), "gateway", func(blocks.Block) error { n++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(roots) != 1 || !roots[0].Equals(c) || n != 4 {
			t.Fatalf("CAR roots %v with %d blocks, want [%s] with 4", roots, n, c)
		}
	})
	t.Run("unknown CID", func(t *testing.T) {
		missing := addBytes(t, openStore(t, Options{}), []byte("elsewhere"))
		resp, _ := get(t, base+missing.String(), "")
		if resp.StatusCode < 400 {
			t.Fatalf("GET of a CID the store lacks: %s, want an error status", resp.Status)
		}
	})
	t.Run("malformed CID", func(t *testing.T) {
		resp, _ := get(t, base+"not-a-cid", "")
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("GET of a malformed CID: %s, want 400", resp.Status)
		}
	})
}

func TestFetchCAR(t *testing.T) {
	ctx := context.Background()
	src := openStore(t, Options{})
	data := detBytes("fetch", 4*ChunkSize+1)
	c := addBytes(t, src, data)
	srv := serveGateway(t, src)
	dst := openStore(t, Options{})
	if err := FetchCAR(ctx, nil, srv.URL, c, dst); err != nil {
		t.Fatal(err)
	}
	if got, err := readAll(t, dst, c); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetched file: err=%v", err)
	}
	// A second fetch is served from the cache: it works with the gateway gone.
	srv.Close()
	if err := FetchCAR(ctx, nil, srv.URL, c, dst); err != nil {
		t.Fatalf("fetch of a cached CID: %v", err)
	}
}

// lyingGateway answers every request with the given CAR bytes, as a
// malicious or broken gateway would.
func lyingGateway(t *testing.T, car []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.ipld.car; version=1")
		w.Write(car)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestFetchCARRefusesLies(t *testing.T) {
	ctx := context.Background()
	src := openStore(t, Options{})
	c := addBytes(t, src, detBytes("lies", 3*ChunkSize))
	other := addBytes(t, src, []byte("another file"))
	var good, otherCAR bytes.Buffer
	if err := src.ExportCAR(ctx, c, &good); err != nil {
		t.Fatal(err)
	}
	if err := src.ExportCAR(ctx, other, &otherCAR); err != nil {
		t.Fatal(err)
	}
	tampered := append([]byte{}, good.Bytes()...)
	tampered[len(tampered)-100] ^= 0x40

	tests := []struct {
		name    string
		car     []byte
		wantErr string
	}{
		{"tampered block", tampered, "does not match its CID"},
		{"wrong root", otherCAR.Bytes(), "rooted at"},
		{"missing blocks", good.Bytes()[:len(good.Bytes())-(ChunkSize+39)], "incomplete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := openStore(t, Options{})
			err := FetchCAR(ctx, nil, lyingGateway(t, tt.car), c, dst)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), c.String()) {
				t.Fatalf("err = %v, want one containing %q and naming %s", err, tt.wantErr, c)
			}
			if pins, _ := dst.Pins(ctx); len(pins) != 0 {
				t.Fatalf("a lying gateway left pins %v", pins)
			}
		})
	}
	t.Run("mismatch names the block", func(t *testing.T) {
		dst := openStore(t, Options{})
		err := FetchCAR(ctx, nil, lyingGateway(t, tampered), c, dst)
		var me *MismatchError
		if !errors.As(err, &me) || me.CID.Equals(cid.Undef) || !strings.Contains(me.Source, "gateway") {
			t.Fatalf("err = %v, want a *MismatchError naming the block and the gateway", err)
		}
	})
}
