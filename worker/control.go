package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// ControlSocket is the Unix socket in a worker's data directory through
// which its owner pauses and resumes it (rendergrid worker pause|resume).
func ControlSocket(dataDir string) string { return filepath.Join(dataDir, "worker.sock") }

// ServeControl answers the owner's controls on the control socket until
// ctx ends: GET /status, POST /pause, POST /resume. Only the socket's
// owner (mode 0600) can reach it.
func (w *Worker) ServeControl(ctx context.Context) error {
	path := ControlSocket(w.cfg.DataDir)
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("control socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("control socket %s: %w", path, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(rw http.ResponseWriter, r *http.Request) { writeStatus(rw, w.Status()) })
	mux.HandleFunc("POST /pause", func(rw http.ResponseWriter, r *http.Request) {
		w.Pause()
		w.logf("paused by the owner: running frames finish, no new work")
		writeStatus(rw, w.Status())
	})
	mux.HandleFunc("POST /resume", func(rw http.ResponseWriter, r *http.Request) {
		w.Resume()
		w.logf("resumed by the owner")
		writeStatus(rw, w.Status())
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	err = srv.Serve(ln)
	os.Remove(path)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func writeStatus(rw http.ResponseWriter, s Status) {
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(s)
}

// Control sends a control (status, pause or resume) to the worker whose
// data directory is dataDir.
func Control(ctx context.Context, dataDir, action string) (Status, error) {
	path := ControlSocket(dataDir)
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}}
	method := http.MethodPost
	if action == "status" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://worker/"+action, nil)
	if err != nil {
		return Status{}, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Status{}, fmt.Errorf("no worker is running on %s (%v)", dataDir, err)
	}
	defer resp.Body.Close()
	var s Status
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return Status{}, fmt.Errorf("reading the worker's answer: %w", err)
	}
	return s, nil
}
