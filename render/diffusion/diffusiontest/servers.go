// Package diffusiontest runs in-test HTTP servers that speak exactly the
// request and response formats of the diffusion backends rendergrid
// forwards to (sdapi: POST /sdapi/v1/txt2img; ComfyUI: POST /prompt, GET
// /history/{id}, GET /view). No diffusion model runs here: an "image" is
// a pattern drawn from the seed and prompt, so equal requests give equal
// images and different seeds different ones.
package diffusiontest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Picture draws the stand-in image of a prompt and seed.
func Picture(prompt string, seed int64, w, h int) []byte {
	f := fnv.New64a()
	fmt.Fprintf(f, "%s|%d", prompt, seed)
	s := f.Sum64()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	cx, cy := int(s%uint64(w)), int((s>>16)%uint64(h))
	r := w/4 + int((s>>32)%uint64(w/4+1))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(s >> 8), uint8(x * 255 / w), uint8(y * 255 / h), 255}
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) < r*r {
				c = color.NRGBA{255 - c.R, uint8(s >> 40), 255 - c.B, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// SDAPIRequest is what the sdapi server saw.
type SDAPIRequest struct {
	Prompt           string         `json:"prompt"`
	NegativePrompt   string         `json:"negative_prompt"`
	Seed             int64          `json:"seed"`
	Steps            int            `json:"steps"`
	CFGScale         float64        `json:"cfg_scale"`
	Width            int            `json:"width"`
	Height           int            `json:"height"`
	SamplerName      string         `json:"sampler_name"`
	BatchSize        int            `json:"batch_size"`
	NIter            int            `json:"n_iter"`
	OverrideSettings map[string]any `json:"override_settings"`
	SendImages       bool           `json:"send_images"`
	SaveImages       bool           `json:"save_images"`
}

// SDAPI is an in-test sdapi server.
type SDAPI struct {
	*httptest.Server
	mu       sync.Mutex
	Requests []SDAPIRequest
	// Fail, when set, is answered with status 500 and sdapi's error body.
	Fail string
	// Models are the checkpoint names it has; a request for another fails
	// as Automatic1111 does.
	Models []string
	// Delay is how long an image takes; GET /sdapi/v1/progress reports
	// the fraction of it gone by.
	Delay   time.Duration
	started time.Time
}

// NewSDAPI starts one; it is closed with the test.
func NewSDAPI(t testing.TB, models ...string) *SDAPI {
	s := &SDAPI{Models: models}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *SDAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/sdapi/v1/progress" && r.Method == http.MethodGet {
		s.mu.Lock()
		p := 0.0
		if !s.started.IsZero() && s.Delay > 0 {
			p = min(float64(time.Since(s.started))/float64(s.Delay), 1)
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"progress": p, "eta_relative": 0, "state": map[string]any{"sampling_step": 0}, "current_image": nil, "textinfo": nil})
		return
	}
	if r.URL.Path != "/sdapi/v1/txt2img" || r.Method != http.MethodPost {
		http.Error(w, `{"detail":"Not Found"}`, http.StatusNotFound)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, `{"detail":"content type must be application/json"}`, http.StatusUnprocessableEntity)
		return
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var req SDAPIRequest
	if err := dec.Decode(&req); err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
		json.NewEncoder(w).Encode(map[string]any{"detail": []map[string]any{{"loc": []string{"body"}, "msg": err.Error(), "type": "value_error"}}})
		return
	}
	s.mu.Lock()
	s.Requests = append(s.Requests, req)
	fail := s.Fail
	s.started = time.Now()
	delay := s.Delay
	s.mu.Unlock()
	time.Sleep(delay)
	if name, _ := req.OverrideSettings["sd_model_checkpoint"].(string); fail == "" && len(s.Models) > 0 && name != "" && !contains(s.Models, name) {
		fail = "model " + name + " not found"
	}
	if fail != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"error": "RuntimeError", "detail": "", "body": "", "errors": fail})
		return
	}
	if req.Width < 8 || req.Height < 8 || req.Steps < 1 {
		w.WriteHeader(http.StatusUnprocessableEntity)
		json.NewEncoder(w).Encode(map[string]any{"detail": "width, height and steps must be positive"})
		return
	}
	img := base64.StdEncoding.EncodeToString(Picture(req.Prompt, req.Seed, req.Width, req.Height))
	params, _ := json.Marshal(req)
	info, _ := json.Marshal(map[string]any{"prompt": req.Prompt, "all_seeds": []int64{req.Seed}, "seed": req.Seed, "sampler_name": req.SamplerName, "steps": req.Steps, "cfg_scale": req.CFGScale, "width": req.Width, "height": req.Height})
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"images": []string{img}, "parameters": json.RawMessage(params), "info": string(info)})
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// ComfyUI is an in-test ComfyUI server.
type ComfyUI struct {
	*httptest.Server
	mu      sync.Mutex
	Prompts []map[string]map[string]any // the graphs queued
	polls   map[string]int
	done    map[string][]byte
	// Fail, when set, makes POST /prompt answer 400 with ComfyUI's
	// validation error body.
	Fail string
}

// NewComfyUI starts one; it is closed with the test. A prompt is done on
// the second poll of its history.
func NewComfyUI(t testing.TB) *ComfyUI {
	c := &ComfyUI{polls: map[string]int{}, done: map[string][]byte{}}
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.Close)
	return c
}

func (c *ComfyUI) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/prompt":
		var body struct {
			Prompt   map[string]map[string]any `json:"prompt"`
			ClientID string                    `json:"client_id"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Prompt == nil {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"type": "invalid_prompt", "message": "Cannot parse prompt", "details": fmt.Sprint(err), "extra_info": map[string]any{}}, "node_errors": map[string]any{}})
			return
		}
		if c.Fail != "" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation", "details": "", "extra_info": map[string]any{}},
				"node_errors": map[string]any{"4": map[string]any{"errors": []map[string]any{{"type": "value_not_in_list", "message": "Value not in list", "details": c.Fail}}, "class_type": "CheckpointLoaderSimple"}}})
			return
		}
		var seed float64
		var text string
		var width, height float64
		for _, n := range body.Prompt {
			in, _ := n["inputs"].(map[string]any)
			switch n["class_type"] {
			case "KSampler":
				seed, _ = in["seed"].(float64)
				pos, _ := in["positive"].([]any)
				if len(pos) > 0 {
					if p, ok := body.Prompt[fmt.Sprint(pos[0])]; ok {
						text, _ = p["inputs"].(map[string]any)["text"].(string)
					}
				}
			case "EmptyLatentImage":
				width, _ = in["width"].(float64)
				height, _ = in["height"].(float64)
			}
		}
		c.Prompts = append(c.Prompts, body.Prompt)
		id := fmt.Sprintf("6f1c%04d-0000-4000-8000-%012d", len(c.Prompts), len(c.Prompts))
		c.done[id] = Picture(text, int64(seed), max(int(width), 8), max(int(height), 8))
		json.NewEncoder(w).Encode(map[string]any{"prompt_id": id, "number": len(c.Prompts) - 1, "node_errors": map[string]any{}})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/history/"):
		id := strings.TrimPrefix(r.URL.Path, "/history/")
		c.polls[id]++
		if _, ok := c.done[id]; !ok || c.polls[id] < 2 {
			w.Write([]byte("{}"))
			return
		}
		json.NewEncoder(w).Encode(map[string]any{id: map[string]any{
			"prompt":  []any{0, id, map[string]any{}, map[string]any{}, []string{"9"}},
			"outputs": map[string]any{"9": map[string]any{"images": []map[string]string{{"filename": id + "_00001_.png", "subfolder": "", "type": "output"}}}},
			"status":  map[string]any{"status_str": "success", "completed": true, "messages": []any{}},
			"meta":    map[string]any{"9": map[string]any{"node_id": "9"}},
		}})
	case r.Method == http.MethodGet && r.URL.Path == "/view":
		q := r.URL.Query()
		id := strings.TrimSuffix(q.Get("filename"), "_00001_.png")
		img, ok := c.done[id]
		if !ok || q.Get("type") != "output" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(img)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}
