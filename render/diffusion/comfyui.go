package diffusion

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// DefaultWorkflow is ComfyUI's standard text-to-image graph in API format
// (checkpoint loader, two text encoders, empty latent, KSampler, VAE
// decode, save).
//
//go:embed workflow_txt2img.json
var DefaultWorkflow []byte

// ComfyUI speaks ComfyUI's protocol: POST /prompt with an API-format
// workflow whose model, prompts, size, seed, steps, cfg and sampler the
// worker fills in, GET /history/{id} until it is done, GET /view for the
// image.
type ComfyUI struct {
	URL      string
	Workflow []byte // API format; nil: DefaultWorkflow
	Client   *http.Client
	Poll     time.Duration // default 500 ms
	ClientID string
}

// Name is "comfyui".
func (c *ComfyUI) Name() string { return "comfyui" }

type node struct {
	ClassType string         `json:"class_type"`
	Inputs    map[string]any `json:"inputs"`
	Meta      map[string]any `json:"_meta,omitempty"`
}

// Fill returns the workflow with r's values in it: the KSampler's seed,
// steps, cfg and sampler; the text encoders wired to its positive and
// negative inputs; the latent's size; the checkpoint's name.
func Fill(workflow []byte, r Request) (map[string]*node, error) {
	var g map[string]*node
	if err := json.Unmarshal(workflow, &g); err != nil {
		return nil, fmt.Errorf("the ComfyUI workflow is not API-format JSON (export it with \"Save (API Format)\"): %w", err)
	}
	ids := make([]string, 0, len(g))
	for id := range g {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	ref := func(v any) string {
		if l, ok := v.([]any); ok && len(l) > 0 {
			s, _ := l[0].(string)
			return s
		}
		return ""
	}
	var sampler *node
	for _, id := range ids {
		if n := g[id]; n != nil && (n.ClassType == "KSampler" || n.ClassType == "KSamplerAdvanced") {
			sampler = n
			break
		}
	}
	if sampler == nil {
		return nil, fmt.Errorf("the ComfyUI workflow has no KSampler node to set the seed of")
	}
	if sampler.ClassType == "KSamplerAdvanced" {
		sampler.Inputs["noise_seed"] = r.Seed
	} else {
		sampler.Inputs["seed"] = r.Seed
	}
	sampler.Inputs["steps"] = r.Steps
	sampler.Inputs["cfg"] = r.CFG
	if r.Sampler != "" {
		sampler.Inputs["sampler_name"] = r.Sampler
	}
	for key, text := range map[string]string{"positive": r.Prompt, "negative": r.Negative} {
		n := g[ref(sampler.Inputs[key])]
		if n == nil || !strings.HasPrefix(n.ClassType, "CLIPTextEncode") {
			return nil, fmt.Errorf("the ComfyUI workflow's KSampler %s input is not a CLIPTextEncode node", key)
		}
		n.Inputs["text"] = text
	}
	if n := g[ref(sampler.Inputs["latent_image"])]; n != nil && n.ClassType == "EmptyLatentImage" {
		n.Inputs["width"], n.Inputs["height"], n.Inputs["batch_size"] = r.Width, r.Height, 1
	} else {
		return nil, fmt.Errorf("the ComfyUI workflow's KSampler latent_image is not an EmptyLatentImage node")
	}
	if r.Model != "" {
		for _, id := range ids {
			if n := g[id]; n != nil && n.ClassType == "CheckpointLoaderSimple" {
				n.Inputs["ckpt_name"] = r.Model
			}
		}
	}
	return g, nil
}

// Txt2Img queues the filled workflow, waits for it and fetches its first
// output image.
func (c *ComfyUI) Txt2Img(ctx context.Context, r Request) ([]byte, error) {
	wf := c.Workflow
	if wf == nil {
		wf = DefaultWorkflow
	}
	g, err := Fill(wf, r)
	if err != nil {
		return nil, fmt.Errorf("%w comfyui: %v", ErrBackend, err)
	}
	hc := client(c.Client)
	base := strings.TrimRight(c.URL, "/")
	data, err := call(ctx, hc, "comfyui", http.MethodPost, base+"/prompt", map[string]any{"prompt": g, "client_id": c.ClientID})
	if err != nil {
		return nil, err
	}
	var queued struct {
		PromptID   string         `json:"prompt_id"`
		NodeErrors map[string]any `json:"node_errors"`
	}
	if err := json.Unmarshal(data, &queued); err != nil || queued.PromptID == "" {
		return nil, fmt.Errorf("%w comfyui at %s: POST /prompt answered without a prompt_id: %.200s", ErrBackend, c.URL, data)
	}
	if len(queued.NodeErrors) > 0 {
		b, _ := json.Marshal(queued.NodeErrors)
		return nil, fmt.Errorf("%w comfyui at %s refused the workflow: %.300s", ErrBackend, c.URL, b)
	}
	poll := c.Poll
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	for {
		data, err := call(ctx, hc, "comfyui", http.MethodGet, base+"/history/"+url.PathEscape(queued.PromptID), nil)
		if err != nil {
			return nil, err
		}
		var hist map[string]struct {
			Outputs map[string]struct {
				Images []struct {
					Filename  string `json:"filename"`
					Subfolder string `json:"subfolder"`
					Type      string `json:"type"`
				} `json:"images"`
			} `json:"outputs"`
			Status struct {
				StatusStr string  `json:"status_str"`
				Completed bool    `json:"completed"`
				Messages  [][]any `json:"messages"`
			} `json:"status"`
		}
		if err := json.Unmarshal(data, &hist); err != nil {
			return nil, fmt.Errorf("%w comfyui at %s: /history is not ComfyUI's JSON: %v", ErrBackend, c.URL, err)
		}
		if h, ok := hist[queued.PromptID]; ok {
			if h.Status.StatusStr == "error" {
				b, _ := json.Marshal(h.Status.Messages)
				return nil, fmt.Errorf("%w comfyui at %s: prompt %s failed: %.300s", ErrBackend, c.URL, queued.PromptID, b)
			}
			if h.Status.Completed || h.Status.StatusStr == "success" {
				ids := make([]string, 0, len(h.Outputs))
				for id := range h.Outputs {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				for _, id := range ids {
					for _, im := range h.Outputs[id].Images {
						q := url.Values{"filename": {im.Filename}, "subfolder": {im.Subfolder}, "type": {im.Type}}
						b, err := call(ctx, hc, "comfyui", http.MethodGet, base+"/view?"+q.Encode(), nil)
						if err != nil {
							return nil, err
						}
						return checkPNG("comfyui", b)
					}
				}
				return nil, fmt.Errorf("%w comfyui at %s: prompt %s finished with no image output", ErrBackend, c.URL, queued.PromptID)
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}
