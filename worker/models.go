package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// RunnerFor makes the runner of an upscale model on this machine (its
// pure-Go Run, or a GPU implementation) and names it for receipts.
type RunnerFor func(m *upscale.Model) (run upscale.Runner, engine string, err error)

// LoadUpscaler loads an upscaling model from a folder holding model.json
// and its weights, or from a bundle file, and names it by the CID of its
// bundle: the CID artists' jobs give.
func LoadUpscaler(ctx context.Context, name, path string, runner RunnerFor) (Upscaler, error) {
	bundle, err := ModelBundle(path)
	if err != nil {
		return Upscaler{}, err
	}
	m, err := upscale.Parse(bundle)
	if err != nil {
		return Upscaler{}, fmt.Errorf("model %s: %w", path, err)
	}
	id, err := ipfs.Hash(ctx, bytes.NewReader(bundle))
	if err != nil {
		return Upscaler{}, err
	}
	run, engine, err := runner(m)
	if err != nil {
		return Upscaler{}, fmt.Errorf("model %s: %w", name, err)
	}
	return Upscaler{CID: id.String(), Name: name, Model: m, Engine: engine, Run: run}, nil
}

// ModelBundle returns the bytes of the model at path: a folder is bundled
// (upscale.Bundle), a file is read as a bundle.
func ModelBundle(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if st.IsDir() {
		return upscale.Bundle(path)
	}
	return os.ReadFile(path)
}

// ModelCID is the CID a model at path is named by, computed without
// storing anything: a folder's bundle's, or a file's own (a checkpoint is
// read as a stream, however large).
func ModelCID(ctx context.Context, path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("model: %w", err)
	}
	if st.IsDir() {
		b, err := upscale.Bundle(path)
		if err != nil {
			return "", err
		}
		id, err := ipfs.Hash(ctx, bytes.NewReader(b))
		return id.String(), err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	id, err := ipfs.Hash(ctx, f)
	if err != nil {
		return "", fmt.Errorf("model %s: %w", path, err)
	}
	return id.String(), nil
}

// BuiltinUpscalers loads every built-in model found in dir (see
// upscale.ModelsDir).
func BuiltinUpscalers(ctx context.Context, dir string, runner RunnerFor) ([]Upscaler, error) {
	var out []Upscaler
	for _, b := range upscale.Builtins(dir) {
		u, err := LoadUpscaler(ctx, b.Name, b.Dir, runner)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if len(out) == 0 {
		return nil, upscale.ErrNoModels
	}
	return out, nil
}

// hashCache remembers checkpoint CIDs by path, size and modification
// time, so that a restart does not read gigabytes again.
type hashCache map[string]struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
	CID   string `json:"cid"`
}

// HashCheckpoint returns the CID of a diffusion checkpoint file (what
// `ipfs add --cid-version=1 --raw-leaves` gives it, the CID txt2img jobs
// name), from the cache file in dataDir when the file has not changed.
func HashCheckpoint(ctx context.Context, dataDir, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("checkpoint: %w", err)
	}
	if st.IsDir() {
		return "", fmt.Errorf("checkpoint %s is a folder; give the model file (.safetensors, .ckpt, .gguf)", path)
	}
	cacheFile := filepath.Join(dataDir, "model-cids.json")
	cache := hashCache{}
	if b, err := os.ReadFile(cacheFile); err == nil {
		json.Unmarshal(b, &cache) // a damaged cache is rebuilt
	}
	if e, ok := cache[abs]; ok && e.Size == st.Size() && e.MTime == st.ModTime().UnixNano() {
		return e.CID, nil
	}
	f, err := os.Open(abs)
	if err != nil {
		return "", fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	id, err := ipfs.Hash(ctx, f)
	if err != nil {
		return "", fmt.Errorf("checkpoint %s: %w", path, err)
	}
	e := cache[abs]
	e.Size, e.MTime, e.CID = st.Size(), st.ModTime().UnixNano(), id.String()
	cache[abs] = e
	if b, err := json.MarshalIndent(cache, "", "  "); err == nil {
		if err := os.MkdirAll(dataDir, 0o700); err == nil {
			os.WriteFile(cacheFile, b, 0o600)
		}
	}
	return id.String(), nil
}
