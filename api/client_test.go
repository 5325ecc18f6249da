package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"
)

func TestParseFrames(t *testing.T) {
	tests := []struct {
		in         string
		start, end int
		bad        bool
	}{
		{"7", 7, 7, false}, {"1-120", 1, 120, false}, {" 3 - 5 ", 3, 5, false}, {"a-b", 0, 0, true}, {"1-", 0, 0, true}, {"", 0, 0, true},
	}
	for _, tc := range tests {
		s, e, err := ParseFrames(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && (s != tc.start || e != tc.end)) {
			t.Errorf("ParseFrames(%q) = %d, %d, %v", tc.in, s, e, err)
		}
	}
}

func TestNewClientURLs(t *testing.T) {
	c, err := NewClient([]string{"http://a:1, https://b:2/"}, "", nil)
	if err != nil || len(c.URLs()) != 2 || c.URLs()[1] != "https://b:2" {
		t.Fatalf("%v %v", c, err)
	}
	for _, bad := range []string{"", "ftp://x", "localhost:8080"} {
		if _, err := NewClient([]string{bad}, "", nil); err == nil {
			t.Errorf("NewClient(%q) accepted", bad)
		}
	}
}

func TestTileRegion(t *testing.T) {
	s := JobSpec{Width: 10, Height: 5, TilesX: 3, TilesY: 2}
	if r := s.TileRegion(4); r != [4]int{3, 2, 6, 5} {
		t.Errorf("tile 4 of 3x2 over 10x5: %v", r)
	}
	if r := (JobSpec{Width: 10, Height: 5}).TileRegion(0); r != [4]int{} {
		t.Errorf("untiled region %v", r)
	}
}

// TestFailoverOnFullDisk: a coordinator whose disk is full (507) or that
// is unavailable (503) passes the call to the next one; a client error
// (400) does not.
func TestFailoverOnFullDisk(t *testing.T) {
	for _, tc := range []struct {
		status   int
		failover bool
	}{
		{http.StatusInsufficientStorage, true},
		{http.StatusServiceUnavailable, true},
		{http.StatusBadRequest, false},
	} {
		var tried []string
		full := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tried = append(tried, "first")
			w.WriteHeader(tc.status)
			w.Write([]byte(`{"code":"x","error":"no"}`))
		}))
		ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tried = append(tried, "second")
			w.Write([]byte(`{"cid":"x","replicas":2,"nodes":3}`))
		}))
		c, err := NewClient([]string{full.URL, ok.URL}, "tok", nil)
		if err != nil {
			t.Fatal(err)
		}
		c.RetryFor = 5 * time.Second
		_, err = c.UploadCAR(context.Background(), func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("car")), nil }, cid.Undef)
		if tc.failover && (err != nil || len(tried) != 2 || tried[1] != "second") {
			t.Errorf("%d: %v after %v, want the second coordinator to take it", tc.status, err, tried)
		}
		if !tc.failover && (err == nil || len(tried) != 1) {
			t.Errorf("%d: %v after %v, want the error at once", tc.status, err, tried)
		}
		full.Close()
		ok.Close()
	}
}
