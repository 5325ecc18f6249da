package coordinator_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// openStream opens job's event stream with tok and returns the response
// (the caller closes its body).
func openStream(t *testing.T, base, tok, job string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/jobs/"+job+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestStreamCaps: the audit opened 5,000 event streams as one artist. A
// user now gets 429 past its cap, the node past its own, and a closed
// stream frees its slot.
func TestStreamCaps(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.MaxStreamsPerUser, cfg.MaxStreams = 2, 3 })
	alice, bob := c.Token("alice", api.RoleArtist), c.Token("bob", api.RoleArtist)
	aj, err := c.Client(alice).Submit(context.Background(), systemtest.SampleScene(t, c.Client(alice), 2))
	if err != nil {
		t.Fatal(err)
	}
	bj, err := c.Client(bob).Submit(context.Background(), systemtest.SampleScene(t, c.Client(bob), 2))
	if err != nil {
		t.Fatal(err)
	}
	base := c.Nodes[0].URL()
	var open []*http.Response
	defer func() {
		for _, r := range open {
			r.Body.Close()
		}
	}()
	expect := func(tok, job string, want int, msg string) *http.Response {
		t.Helper()
		r := openStream(t, base, tok, job)
		if r.StatusCode != want {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			t.Fatalf("stream %d: %s %s, want %d", len(open)+1, r.Status, b, want)
		}
		if want != http.StatusOK {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if !strings.Contains(string(b), msg) {
				t.Errorf("refusal %s does not say %q", b, msg)
			}
			return nil
		}
		// The first event (the job as it is) shows the stream is live.
		line, err := bufio.NewReader(r.Body).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "event: job") {
			t.Fatalf("first line %q, %v", line, err)
		}
		open = append(open, r)
		return r
	}
	expect(alice, aj.ID, http.StatusOK, "")
	expect(alice, aj.ID, http.StatusOK, "")
	expect(alice, aj.ID, http.StatusTooManyRequests, "the most one user may")
	expect(bob, bj.ID, http.StatusOK, "")
	expect(bob, bj.ID, http.StatusTooManyRequests, "serves 3 at most")
	open[0].Body.Close()
	c.Eventually(10*time.Second, func() bool { total, _ := c.Nodes[0].Events().Streams("alice"); return total == 2 }, "a closed stream to free its slot")
	expect(bob, bj.ID, http.StatusOK, "")
}

// TestSlowClientsCut: a client that stops sending in the middle of a
// request loses the connection after the request timeout (plain calls) or
// the stream idle time (uploads), while an upload that keeps moving may
// take longer than both.
func TestSlowClientsCut(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.RequestTimeout, cfg.StreamIdle = time.Second, time.Second })
	tok := c.Token("alice", api.RoleArtist)
	addr := strings.TrimPrefix(c.Nodes[0].URL(), "http://")
	for _, path := range []string{"/api/v1/jobs", "/api/v1/ipfs/car"} {
		t.Run(path, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{\"scene\":", path, tok)
			// The server must answer or hang up on its own; 30 s is the
			// deadline for that, far beyond the 1 s limits.
			_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
			_, err = io.ReadAll(conn)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the server still held the stalled request after 30 s")
			}
		})
	}
	t.Run("slow upload", func(t *testing.T) {
		id, car := systemtest.CAROf(t, bytes.Repeat([]byte("slow but moving "), 64))
		pr, pw := io.Pipe()
		go func() {
			// 2.5 s in all, never 1 s without a byte.
			for i := 0; i < len(car); i += len(car)/10 + 1 {
				time.Sleep(250 * time.Millisecond)
				if _, err := pw.Write(car[i:min(len(car), i+len(car)/10+1)]); err != nil {
					return
				}
			}
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, c.Nodes[0].URL()+"/api/v1/ipfs/car?cid="+id.String(), pr)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("slow upload: %s %s", resp.Status, b)
		}
	})
}
