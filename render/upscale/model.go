package upscale

import (
	"archive/tar"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Limits on what a model file may ask for.
const (
	maxModelJSON   = 4 << 20
	maxWeightBytes = 512 << 20
	maxLayers      = 4096
	// MaxRadius bounds a model's receptive radius, in input pixels: the
	// context every tile carries, and what a verifier's small tile re-runs.
	MaxRadius = 256
	// MaxTileBytes bounds the activations one tile may need at their peak,
	// so that a hostile model cannot exhaust a worker's or the verifier's
	// memory.
	MaxTileBytes = 8 << 30
)

// ErrBadModel wraps every reason a model file is refused.
var ErrBadModel = errors.New("bad model")

// Model is a loaded TensorFlow.js layers model, planned for execution.
type Model struct {
	Name  string // the model's name in model.json
	Scale int    // output pixels per input pixel, each side
	// Radius is how many input pixels around a pixel reach its output: the
	// overlap tiles need for seamless stitching.
	Radius int
	// InMax and OutMax are the value of white at the input and output (255
	// for the upscalerjs RDN models).
	InMax, OutMax float32
	// Params counts the weights.
	Params int
	// MACs is the multiply-adds per input pixel.
	MACs int64
	// peak is the most float32 values per input pixel that running the
	// plan holds at once (live tensors and a convolution's padded input).
	peak int64

	steps  []Step
	input  int // tensor index of the input
	output int // tensor index of the output
	chans  []int
	scales []int // resolution of each tensor, in multiples of the input's
	pack   packs
	bufs   bufs
}

// Op is what a step computes.
type Op int

// The operations a plan is made of.
const (
	OpConv        Op = iota // 2-D convolution, stride 1, "same" padding, optional fused activation
	OpAct                   // element-wise activation
	OpAdd                   // element-wise sum of two tensors
	OpConcat                // channel concatenation
	OpUpsample              // nearest-neighbour upsampling by Size
	OpDepth2Space           // depth-to-space (pixel shuffle) by Size
	OpScale                 // multiplication by a constant
)

// Activation functions.
const (
	ActLinear = iota
	ActReLU
	ActSigmoid
	ActTanh
	ActLeaky // leaky ReLU with slope Alpha
)

// Step is one operation of a plan: it reads tensors In and writes tensor
// Out.
type Step struct {
	Op     Op
	Layer  string // the model layer it comes from
	In     []int
	Out    int
	OutC   int // output channels
	KH, KW int
	Cin    int
	Kernel []float32 // KH×KW×Cin×OutC, Keras order
	Bias   []float32
	Act    int
	Alpha  float32
	Size   int // upsampling and depth-to-space factor
}

// TileBytes is the most memory, in bytes, running the network on an h×w
// input holds at once.
func (m *Model) TileBytes(h, w int) int64 { return 4 * m.peak * int64(h) * int64(w) }

// CheckTile refuses a tile side whose activations (with the model's
// radius of context on each side) would need more than MaxTileBytes.
func (m *Model) CheckTile(side int) error {
	e := side + 2*m.Radius
	if b := m.TileBytes(e, e); b > MaxTileBytes {
		return fmt.Errorf("a %dx%d tile of this model needs %d MiB of activations, over the %d MiB limit; use a smaller tile", side, side, b>>20, MaxTileBytes>>20)
	}
	return nil
}

// autoTileBytes is the activation memory AutoTile aims a tile at.
const autoTileBytes = 1 << 30

// AutoTile is the tile side a job that names none runs at: the largest of
// 256, 192, 128, 96, 64, 48 and 32 input pixels whose activations fit in
// 1 GiB (256 for the built-in 2x and 4x models, 64 for the 8x one).
func (m *Model) AutoTile() int {
	for _, side := range []int{DefaultTile, 192, 128, 96, 64, 48} {
		e := side + 2*m.Radius
		if m.TileBytes(e, e) <= autoTileBytes {
			return side
		}
	}
	return 32
}

// Steps returns the model's plan, in execution order.
func (m *Model) Steps() []Step { return m.steps }

// Input and Output are the tensor indices of the plan's input and output.
func (m *Model) Input() int  { return m.input }
func (m *Model) Output() int { return m.output }

// Tensors is how many tensors the plan uses.
func (m *Model) Tensors() int { return len(m.chans) }

// Channels returns tensor t's channel count.
func (m *Model) Channels(t int) int { return m.chans[t] }

// Resolution returns tensor t's size as a multiple of the input's.
func (m *Model) Resolution(t int) int { return m.scales[t] }

// modelJSON is the part of a TF.js model.json rendergrid reads.
type modelJSON struct {
	Format        string `json:"format"`
	ModelTopology struct {
		ModelConfig *kerasModel `json:"model_config"`
		// Older converters put the config at the top level.
		ClassName string          `json:"class_name"`
		Config    json.RawMessage `json:"config"`
	} `json:"modelTopology"`
	WeightsManifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name         string          `json:"name"`
			Shape        []int           `json:"shape"`
			Dtype        string          `json:"dtype"`
			Quantization json.RawMessage `json:"quantization"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

type kerasModel struct {
	ClassName string `json:"class_name"`
	Config    struct {
		Name    string       `json:"name"`
		Layers  []kerasLayer `json:"layers"`
		Inputs  [][]any      `json:"input_layers"`
		Outputs [][]any      `json:"output_layers"`
	} `json:"config"`
}

type kerasLayer struct {
	ClassName    string          `json:"class_name"`
	Name         string          `json:"name"`
	Config       json.RawMessage `json:"config"`
	InboundNodes [][][]any       `json:"inbound_nodes"`
}

type layerConfig struct {
	Name         string   `json:"name"`
	Filters      int      `json:"filters"`
	KernelSize   []int    `json:"kernel_size"`
	Strides      []int    `json:"strides"`
	Padding      string   `json:"padding"`
	DataFormat   string   `json:"data_format"`
	DilationRate []int    `json:"dilation_rate"`
	Activation   string   `json:"activation"`
	UseBias      *bool    `json:"use_bias"`
	Axis         *int     `json:"axis"`
	Size         []int    `json:"size"`
	Interp       string   `json:"interpolation"`
	Alpha        float32  `json:"alpha"`
	MaxValue     *float32 `json:"max_value"`
	Groups       int      `json:"groups"`
}

// Supported lists the layer classes rendergrid runs.
var Supported = []string{"InputLayer", "Conv2D", "Activation", "ReLU", "LeakyReLU", "Add", "Concatenate", "UpSampling2D", "PixelShuffle<N>x", "MultiplyBeta"}

// Load reads a model from a directory holding model.json and its weight
// shards, from a model.json path, or from a bundle file (see Bundle).
func Load(p string) (*Model, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening model: %w", err)
	}
	if !st.IsDir() && !strings.HasSuffix(p, ".json") {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading model: %w", err)
		}
		return Parse(data)
	}
	dir, name := p, "model.json"
	if !st.IsDir() {
		dir, name = filepath.Dir(p), filepath.Base(p)
	}
	files, err := readDir(dir, name)
	if err != nil {
		return nil, err
	}
	return decode(files, name)
}

// readDir reads model.json and the shards it names from dir.
func readDir(dir, name string) (map[string][]byte, error) {
	js, err := readLimited(filepath.Join(dir, name), maxModelJSON)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{name: js}
	var mj modelJSON
	if err := json.Unmarshal(js, &mj); err != nil {
		return nil, fmt.Errorf("%w: %s is not a TensorFlow.js model.json: %v", ErrBadModel, name, err)
	}
	for _, g := range mj.WeightsManifest {
		for _, p := range g.Paths {
			if p != path.Base(p) || p == ".." {
				return nil, fmt.Errorf("%w: weight shard path %q leaves the model's folder", ErrBadModel, p)
			}
			if files[p], err = readLimited(filepath.Join(dir, p), maxWeightBytes); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("opening model file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d MiB", ErrBadModel, filepath.Base(p), limit>>20)
	}
	return b, nil
}

// Bundle packs the model in dir (model.json and its shards) into one
// file, a tar archive with fixed times and modes, so that the same model
// always has the same bytes and so the same CID.
func Bundle(dir string) ([]byte, error) {
	files, err := readDir(dir, "model.json")
	if err != nil {
		return nil, err
	}
	if _, err := decode(files, "model.json"); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		if n != "model.json" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	names = append([]string{"model.json"}, names...)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		h := &tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(files[n]); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Parse decodes a bundle made by Bundle.
func Parse(bundle []byte) (*Model, error) {
	tr := tar.NewReader(bytes.NewReader(bundle))
	files := map[string][]byte{}
	var total int64
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: not a rendergrid model bundle (a tar of model.json and its weights): %v", ErrBadModel, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		total += h.Size
		if h.Size < 0 || total > maxWeightBytes+maxModelJSON {
			return nil, fmt.Errorf("%w: bundle is larger than %d MiB", ErrBadModel, (maxWeightBytes+maxModelJSON)>>20)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%w: reading %s from the bundle: %v", ErrBadModel, h.Name, err)
		}
		files[path.Base(h.Name)] = b
	}
	if files["model.json"] == nil {
		return nil, fmt.Errorf("%w: the bundle has no model.json", ErrBadModel)
	}
	return decode(files, "model.json")
}

// decode builds the plan from model.json and its shards.
func decode(files map[string][]byte, name string) (*Model, error) {
	var mj modelJSON
	if err := json.Unmarshal(files[name], &mj); err != nil {
		return nil, fmt.Errorf("%w: %s is not a TensorFlow.js model.json: %v", ErrBadModel, name, err)
	}
	if mj.Format != "" && mj.Format != "layers-model" {
		return nil, fmt.Errorf("%w: format %q; rendergrid runs TensorFlow.js layers models (format layers-model), not graph models", ErrBadModel, mj.Format)
	}
	km := mj.ModelTopology.ModelConfig
	if km == nil && mj.ModelTopology.ClassName != "" {
		km = &kerasModel{ClassName: mj.ModelTopology.ClassName}
		if err := json.Unmarshal(mj.ModelTopology.Config, &km.Config); err != nil {
			return nil, fmt.Errorf("%w: model config: %v", ErrBadModel, err)
		}
	}
	if km == nil || len(km.Config.Layers) == 0 {
		return nil, fmt.Errorf("%w: %s has no layers", ErrBadModel, name)
	}
	if len(km.Config.Layers) > maxLayers {
		return nil, fmt.Errorf("%w: %d layers; at most %d", ErrBadModel, len(km.Config.Layers), maxLayers)
	}
	weights, params, err := readWeights(mj, files)
	if err != nil {
		return nil, err
	}
	m, err := plan(km, weights)
	if err != nil {
		return nil, err
	}
	m.Params = params
	return m, nil
}

// readWeights slices the shards into named float32 tensors.
func readWeights(mj modelJSON, files map[string][]byte) (map[string][]float32, int, error) {
	out := map[string][]float32{}
	params := 0
	for _, g := range mj.WeightsManifest {
		var data []byte
		for _, p := range g.Paths {
			b, ok := files[p]
			if !ok {
				return nil, 0, fmt.Errorf("%w: weight shard %s is missing", ErrBadModel, p)
			}
			data = append(data, b...)
		}
		off := 0
		for _, w := range g.Weights {
			if w.Dtype != "float32" || len(w.Quantization) > 0 && string(w.Quantization) != "null" {
				return nil, 0, fmt.Errorf("%w: weight %s is %s%s; rendergrid runs float32 weights only", ErrBadModel, w.Name, w.Dtype, map[bool]string{true: " (quantized)"}[len(w.Quantization) > 0 && string(w.Quantization) != "null"])
			}
			n := 1
			for _, d := range w.Shape {
				if d < 0 || d > 1<<20 {
					return nil, 0, fmt.Errorf("%w: weight %s has shape %v", ErrBadModel, w.Name, w.Shape)
				}
				n *= d
				if n > maxWeightBytes/4 {
					return nil, 0, fmt.Errorf("%w: weight %s is too large", ErrBadModel, w.Name)
				}
			}
			if off+4*n > len(data) {
				return nil, 0, fmt.Errorf("%w: the weight shards end inside %s (%d bytes, %d needed)", ErrBadModel, w.Name, len(data), off+4*n)
			}
			f := make([]float32, n)
			for i := range f {
				f[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off+4*i:]))
				if math.IsNaN(float64(f[i])) || math.IsInf(float64(f[i]), 0) {
					return nil, 0, fmt.Errorf("%w: weight %s holds %v", ErrBadModel, w.Name, f[i])
				}
			}
			off += 4 * n
			out[w.Name] = f
			params += n
		}
	}
	return out, params, nil
}
