package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
)

// addTo adds data to the store in dataDir/ipfs and returns the CID.
func addTo(t *testing.T, dataDir string, data []byte) string {
	t.Helper()
	s, err := ipfs.Open(context.Background(), filepath.Join(dataDir, "ipfs"), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Add(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return c.String()
}

// TestRenderSceneByCID is the worker's path end to end: the scene is on an
// artist's node, served by its gateway; the render fetches it by CID as a
// verified CAR into its own store, renders it and stores the output, whose
// CID is the one a fresh add of the PNG gives.
func TestRenderSceneByCID(t *testing.T) {
	glb, err := scenes.SampleBytes("cornell")
	if err != nil {
		t.Fatal(err)
	}
	artist, worker := t.TempDir(), t.TempDir()
	sceneCID := addTo(t, artist, glb)
	s, err := ipfs.Open(context.Background(), filepath.Join(artist, "ipfs"), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	gw, err := ipfs.Gateway(s)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/ipfs/", gw)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer s.Close()

	png := filepath.Join(t.TempDir(), "f.png")
	if err := run("render", "ipfs:"+sceneCID, "--gateway", srv.URL, "--data", worker, "--ipfs-nosync",
		"--spp", "2", "--res", "24x24", "-o", png, "-q", "--add"); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	wantOut := addTo(t, t.TempDir(), out)
	ws, err := ipfs.Open(context.Background(), filepath.Join(worker, "ipfs"), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	pins, err := ws.Pins(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pins {
		got = append(got, p.String())
	}
	joined := strings.Join(got, " ")
	if len(got) != 2 || !strings.Contains(joined, sceneCID) || !strings.Contains(joined, wantOut) {
		t.Fatalf("worker store pins %v, want the scene %s (cached) and the output %s", got, sceneCID, wantOut)
	}
}

func TestIPFSCommands(t *testing.T) {
	data := t.TempDir()
	src := filepath.Join(t.TempDir(), "in.bin")
	content := bytes.Repeat([]byte("rendergrid "), 70000) // 770 kB, four chunks
	if err := os.WriteFile(src, content, 0o644); err != nil {
		t.Fatal(err)
	}
	want := addTo(t, t.TempDir(), content)
	if err := run("ipfs", "add", src, "--data", data, "-q"); err != nil {
		t.Fatal(err)
	}
	got := filepath.Join(t.TempDir(), "out", "got.bin")
	if err := run("ipfs", "get", want, "--data", data, "-o", got); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(got); !bytes.Equal(b, content) {
		t.Fatal("ipfs get wrote different bytes from those added")
	}
	car := filepath.Join(t.TempDir(), "x.car")
	if err := run("ipfs", "car", want, "--data", data, "-o", car); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	if err := run("ipfs", "import", car, "--data", other); err != nil {
		t.Fatal(err)
	}
	if err := run("ipfs", "get", want, "--data", other, "-o", got); err != nil {
		t.Fatalf("get after importing the CAR elsewhere: %v", err)
	}
	if err := run("ipfs", "unpin", want, "--data", data); err != nil {
		t.Fatal(err)
	}
	if err := run("ipfs", "gc", "--data", data); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"ipfs", "get", want, "--data", data, "-o", got}, "not in the store"},
		{[]string{"ipfs", "get", "nonsense", "--data", data}, "malformed CID"},
		{[]string{"ipfs", "add", src, "--data", data, "--ipfs-max-upload", "1000", "-q"}, "limit of 1000 bytes"},
		{[]string{"ipfs", "add", "--data", data}, "at least one file"},
		{[]string{"ipfs", "get", want, "--ipfs-api", "localhost:5001"}, "want http://HOST:PORT"},
		{[]string{"ipfs", "gc", "--ipfs-api", "http://127.0.0.1:1"}, "embedded store"},
		{[]string{"ipfs", "serve", "--data", data, "--http", "127.0.0.1:0", "--ipfs-p2p", "nonsense"}, "p2p"},
		{[]string{"render", "ipfs:" + want, "--data", data, "-q"}, "not in the store"},
	}
	for _, tt := range bad {
		err := run(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rendergrid %s = %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
	// The failed get left the earlier output as it was.
	if b, _ := os.ReadFile(got); !bytes.Equal(b, content) {
		t.Fatal("a failed get changed the output file")
	}
}
