// Package dashboard owns the web dashboard every coordinator serves at /:
// its pages (web/, plain HTML, CSS and JavaScript embedded with go:embed,
// no build step and nothing fetched from elsewhere) and the handler that
// serves them with a strict Content-Security-Policy. The pages talk only
// to the coordinator's own HTTP API, sending the API token the user signs
// in with (kept in the tab's session storage) as a bearer header; there
// are no cookies.
package dashboard
