package dashboard

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed web
var web embed.FS

// CSP is the Content-Security-Policy of the dashboard for a cluster whose
// other coordinators are at peers (origins): scripts and styles from this
// coordinator only, connections to it and to its peers (the page moves to
// another coordinator when this one stops answering), images from it and
// from blob: URLs (frames fetched with the bearer header), no frames, no
// forms posted anywhere, no inline code.
func CSP(peers []string) string {
	connect := "'self'"
	for _, p := range peers {
		connect += " " + p
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src " + connect + "; " +
		"form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
}

// Handler serves the dashboard: index.html at / and the assets under
// /assets/. peers lists the other coordinators' origins, for the CSP.
func Handler(peers func() []string) http.Handler {
	sub, err := fs.Sub(web, "web")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP(peers()))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-cache")
		if r.URL.Path == "/" {
			http.ServeFileFS(w, r, sub, "index.html")
			return
		}
		files.ServeHTTP(w, r)
	})
}
