package diffusion

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"strings"
	"time"
)

// Request is one image to make.
type Request struct {
	Model    string // the backend's own name of the checkpoint
	Prompt   string
	Negative string
	Width    int
	Height   int
	Steps    int
	CFG      float64
	Sampler  string // empty: the backend's default
	Seed     int64
	// Progress, if not nil, is told the fraction done while the backend
	// works, where the protocol reports it (sdapi does; ComfyUI only over
	// its websocket, which rendergrid does not use).
	Progress func(float64)
}

// Backend makes images from prompts.
type Backend interface {
	// Name is the protocol: "sdapi" or "comfyui".
	Name() string
	// Txt2Img returns one PNG.
	Txt2Img(ctx context.Context, r Request) ([]byte, error)
}

// ErrBackend wraps every failure of a backend.
var ErrBackend = errors.New("diffusion backend")

const maxResponse = 256 << 20

// call does one HTTP exchange and returns the body of a 2xx answer.
func call(ctx context.Context, c *http.Client, name, method, u string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrBackend, name, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w %s at %s does not answer: %v; is it running?", ErrBackend, name, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("%w %s at %s: reading the answer: %v", ErrBackend, name, u, err)
	}
	if resp.StatusCode/100 != 2 {
		msg := strings.TrimSpace(string(data))
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return nil, fmt.Errorf("%w %s at %s answered %s: %s", ErrBackend, name, u, resp.Status, msg)
	}
	return data, nil
}

func checkPNG(name string, b []byte) ([]byte, error) {
	if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("%w %s returned an image that is not a PNG: %v", ErrBackend, name, err)
	}
	return b, nil
}

func client(c *http.Client) *http.Client {
	if c == nil {
		return &http.Client{Timeout: 30 * time.Minute}
	}
	return c
}

// SDAPI speaks the sdapi protocol: POST /sdapi/v1/txt2img, and GET
// /sdapi/v1/progress for the fraction done while it runs.
type SDAPI struct {
	URL    string
	Client *http.Client
	Poll   time.Duration // how often progress is asked for; default 1 s
}

// Name is "sdapi".
func (s *SDAPI) Name() string { return "sdapi" }

// sdapiRequest is the body of POST /sdapi/v1/txt2img.
type sdapiRequest struct {
	Prompt           string         `json:"prompt"`
	NegativePrompt   string         `json:"negative_prompt"`
	Seed             int64          `json:"seed"`
	Steps            int            `json:"steps"`
	CFGScale         float64        `json:"cfg_scale"`
	Width            int            `json:"width"`
	Height           int            `json:"height"`
	SamplerName      string         `json:"sampler_name,omitempty"`
	BatchSize        int            `json:"batch_size"`
	NIter            int            `json:"n_iter"`
	OverrideSettings map[string]any `json:"override_settings,omitempty"`
	SendImages       bool           `json:"send_images"`
	SaveImages       bool           `json:"save_images"`
}

// sdapiResponse is its answer.
type sdapiResponse struct {
	Images []string `json:"images"`
	Info   string   `json:"info"`
}

// Txt2Img asks for one image with the request's seed, selecting the
// checkpoint by override_settings.sd_model_checkpoint.
func (s *SDAPI) Txt2Img(ctx context.Context, r Request) ([]byte, error) {
	body := sdapiRequest{Prompt: r.Prompt, NegativePrompt: r.Negative, Seed: r.Seed, Steps: r.Steps, CFGScale: r.CFG,
		Width: r.Width, Height: r.Height, SamplerName: r.Sampler, BatchSize: 1, NIter: 1, SendImages: true}
	if r.Model != "" {
		body.OverrideSettings = map[string]any{"sd_model_checkpoint": r.Model}
	}
	base := strings.TrimRight(s.URL, "/")
	if r.Progress != nil {
		pctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); s.progress(pctx, base, r.Progress) }()
		defer func() { stop(); <-done }()
	}
	data, err := call(ctx, client(s.Client), "sdapi", http.MethodPost, base+"/sdapi/v1/txt2img", body)
	if err != nil {
		return nil, err
	}
	var resp sdapiResponse
	if err := json.Unmarshal(data, &resp); err != nil {
		return nil, fmt.Errorf("%w sdapi at %s: the answer is not sdapi's JSON: %v", ErrBackend, s.URL, err)
	}
	if len(resp.Images) == 0 {
		return nil, fmt.Errorf("%w sdapi at %s returned no image", ErrBackend, s.URL)
	}
	b64 := resp.Images[0]
	if i := strings.Index(b64, ","); strings.HasPrefix(b64, "data:") && i > 0 {
		b64 = b64[i+1:]
	}
	img, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("%w sdapi at %s: the image is not base64: %v", ErrBackend, s.URL, err)
	}
	return checkPNG("sdapi", img)
}

// progress reports GET /sdapi/v1/progress until ctx ends. The server's
// progress is of whatever it is making, so it can run behind our request
// while another finishes; errors are ignored (progress is a courtesy).
func (s *SDAPI) progress(ctx context.Context, base string, report func(float64)) {
	every := s.Poll
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		data, err := call(ctx, client(s.Client), "sdapi", http.MethodGet, base+"/sdapi/v1/progress?skip_current_image=true", nil)
		if err != nil {
			continue
		}
		var p struct {
			Progress float64 `json:"progress"`
		}
		if json.Unmarshal(data, &p) == nil && p.Progress > 0 && p.Progress <= 1 {
			report(p.Progress)
		}
	}
}
