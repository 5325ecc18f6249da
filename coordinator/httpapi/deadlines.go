package httpapi

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"strings"
	"time"
)

// HTTP limits. A plain API call must be read, handled and answered within
// Config.RequestTimeout (a claim's long poll is shorter). A stream (an
// upload, a gateway download, an event stream) has no total limit but is
// cut after Config.StreamIdle without a byte moving either way: slow-loris
// clients and stalled peers hold no connection for long.
const (
	DefaultRequestTimeout = 2 * time.Minute
	DefaultStreamIdle     = time.Minute
	readHeaderTimeout     = 10 * time.Second
	idleTimeout           = 2 * time.Minute
	maxHeaderBytes        = 64 << 10
)

// isStream reports whether r is served as a stream (see withDeadlines).
func isStream(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/ipfs/") || p == "/api/v1/ipfs/car" || p == "/api/v1/ipfs/add" ||
		strings.HasSuffix(p, "/events") || (strings.HasPrefix(p, "/api/v1/jobs/") && strings.HasSuffix(p, "/car"))
}

// withDeadlines sets each request's read and write deadlines: one for the
// whole of a plain call, and one that moves with every read and write for
// a stream.
func withDeadlines(h http.Handler, requestTimeout, streamIdle time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if !isStream(r) {
			d := time.Now().Add(requestTimeout)
			_ = rc.SetReadDeadline(d)
			_ = rc.SetWriteDeadline(d)
			h.ServeHTTP(w, r)
			return
		}
		_ = rc.SetWriteDeadline(time.Time{})
		if r.Body == nil || r.Body == http.NoBody {
			// Nothing more to read: a deadline would only cancel the
			// request when the connection's idle read times out.
			_ = rc.SetReadDeadline(time.Time{})
		} else {
			_ = rc.SetReadDeadline(time.Now().Add(streamIdle))
			r.Body = &idleBody{ReadCloser: r.Body, rc: rc, idle: streamIdle}
		}
		h.ServeHTTP(&idleWriter{ResponseWriter: w, rc: rc, idle: streamIdle}, r)
	})
}

// idleBody moves the read deadline forward with every read, and clears it
// at the end of the body.
type idleBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	idle time.Duration
}

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		_ = b.rc.SetReadDeadline(time.Time{})
	} else if n > 0 {
		_ = b.rc.SetReadDeadline(time.Now().Add(b.idle))
	}
	return n, err
}

// idleWriter gives every write streamIdle to complete.
type idleWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	idle time.Duration
}

func (w *idleWriter) Write(p []byte) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.idle))
	return w.ResponseWriter.Write(p)
}

func (w *idleWriter) Flush() {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.idle))
	_ = w.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *idleWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// HTTPServer is an http.Server for the API, with its limits on headers
// and idle connections; tlsCfg, when set, is its TLS configuration.
func (n *Server) HTTPServer(tlsCfg *tls.Config, errorLog *log.Logger) *http.Server {
	return &http.Server{Handler: n.Handler(), ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout,
		MaxHeaderBytes: maxHeaderBytes, TLSConfig: tlsCfg, ErrorLog: errorLog}
}
