package render

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/rendergrid/rendergrid/scenes/hdri"
)

// Image is a linear-light RGB float image, row-major, top row first.
type Image struct {
	Width, Height int
	Pix           []float32 // 3 per pixel
	// Alpha is the coverage of each pixel (RGB is premultiplied by it);
	// nil means opaque.
	Alpha []float32

	// The passes (Settings.Passes), each nil when not rendered. Albedo is
	// the base colour of the first surface seen (white where the camera
	// ray left the scene or hit an emitter); Normal its world-space
	// shading normal (zero beyond the scene), each averaged over the
	// pixel's samples like the beauty; Depth the nearest distance along the
	// camera's view axis its samples saw (NoDepth beyond the scene), as
	// Cycles' Z pass. Emission is the part of the
	// beauty the camera saw directly (emitters, unlit surfaces, the
	// environment), which needs no denoising. Variance is the variance of
	// the pixel's mean luminance (its squared standard error).
	Albedo, Normal, Emission []float32 // 3 per pixel
	Depth                    []float32
	Variance                 []float32
	// Samples is what each pixel took under adaptive sampling; nil when
	// every pixel took the same.
	Samples []float32
}

// NoDepth is the depth of a pixel whose camera rays all left the scene, as
// Blender writes it.
const NoDepth = 1e10

// Pass names, as the CLI and job specs spell them.
const (
	PassAlbedo   = "albedo"
	PassNormal   = "normal"
	PassDepth    = "depth"
	PassVariance = "variance"
	PassEmission = "emission"
)

// PassNames are the passes Settings.Passes renders.
var PassNames = []string{PassAlbedo, PassNormal, PassDepth, PassEmission, PassVariance}

// Pass returns the named pass's plane (3 or 1 float per pixel) and how
// many floats each pixel has; nil when m does not hold it.
func (m *Image) Pass(name string) ([]float32, int) {
	switch name {
	case PassAlbedo:
		return m.Albedo, 3
	case PassNormal:
		return m.Normal, 3
	case PassDepth:
		return m.Depth, 1
	case PassVariance:
		return m.Variance, 1
	case PassEmission:
		return m.Emission, 3
	}
	return nil, 0
}

// HasPasses reports whether m holds any pass.
func (m *Image) HasPasses() bool {
	return m.Albedo != nil || m.Normal != nil || m.Emission != nil || m.Depth != nil || m.Variance != nil || m.Samples != nil
}

// NewImage returns a black image of the given size.
func NewImage(w, h int) *Image {
	return &Image{Width: w, Height: h, Pix: make([]float32, 3*w*h)}
}

// At returns the linear RGB value of pixel (x, y).
func (m *Image) At(x, y int) [3]float32 {
	i := 3 * (y*m.Width + x)
	return [3]float32{m.Pix[i], m.Pix[i+1], m.Pix[i+2]}
}

// LinearToSRGB applies the sRGB transfer function to a linear value clipped
// to [0,1]: Blender's "Standard" view transform.
func LinearToSRGB(c float32) float32 {
	if !(c > 0) {
		return 0
	}
	if c >= 1 {
		return 1
	}
	if c <= 0.0031308 {
		return 12.92 * c
	}
	return float32(1.055*math.Pow(float64(c), 1/2.4) - 0.055)
}

// SRGB8 returns the 8-bit sRGB image of m.
func (m *Image) SRGB8() *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, m.Width, m.Height))
	for i := 0; i < m.Width*m.Height; i++ {
		inv := float32(1)
		out.Pix[4*i+3] = 255
		if m.Alpha != nil {
			a := min(max(m.Alpha[i], 0), 1)
			out.Pix[4*i+3] = uint8(a*255 + 0.5)
			if a > 0 {
				inv = 1 / a // PNG alpha is straight: un-premultiply, as Blender does
			}
		}
		for c := 0; c < 3; c++ {
			out.Pix[4*i+c] = uint8(LinearToSRGB(m.Pix[3*i+c]*inv)*255 + 0.5)
		}
	}
	return out
}

// WritePNG writes m as an 8-bit sRGB PNG.
func (m *Image) WritePNG(w io.Writer) error {
	return png.Encode(w, m.SRGB8())
}

// exrPlane is one channel of an EXR file: its name and where its values
// are (stride floats per pixel, from offset).
type exrPlane struct {
	name   string
	data   []float32
	stride int
	offset int
}

// The layer Blender's multilayer files put render passes in; a file with
// passes names its channels layer.pass.channel so that Blender's
// compositor (an Image node) shows each pass as an output.
const exrLayer = "ViewLayer."

// exrPlanes lists m's channels, sorted by name as the format requires: B,
// G, R (and A) for a plain image; with passes, Blender's multilayer names
// (ViewLayer.Combined.R, ViewLayer.Denoising Albedo.R, ViewLayer.Normal.X,
// ViewLayer.Emit.R, ViewLayer.Depth.Z, ViewLayer.Variance.V, ViewLayer.Debug Sample Count.X).
func (m *Image) exrPlanes() []exrPlane {
	prefix := ""
	if m.HasPasses() {
		prefix = exrLayer + "Combined."
	}
	var ps []exrPlane
	rgb := func(pre string, data []float32, names string) {
		for c := range 3 {
			ps = append(ps, exrPlane{pre + names[c:c+1], data, 3, c})
		}
	}
	rgb(prefix, m.Pix, "RGB")
	if m.Alpha != nil {
		ps = append(ps, exrPlane{prefix + "A", m.Alpha, 1, 0})
	}
	if m.Albedo != nil {
		rgb(exrLayer+"Denoising Albedo.", m.Albedo, "RGB")
	}
	if m.Normal != nil {
		rgb(exrLayer+"Normal.", m.Normal, "XYZ")
	}
	if m.Emission != nil {
		rgb(exrLayer+"Emit.", m.Emission, "RGB")
	}
	if m.Depth != nil {
		ps = append(ps, exrPlane{exrLayer + "Depth.Z", m.Depth, 1, 0})
	}
	if m.Variance != nil {
		ps = append(ps, exrPlane{exrLayer + "Variance.V", m.Variance, 1, 0})
	}
	if m.Samples != nil {
		ps = append(ps, exrPlane{exrLayer + "Debug Sample Count.X", m.Samples, 1, 0})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	return ps
}

// WriteEXR writes m as a scanline OpenEXR file of linear float32 channels,
// no compression: B, G, R (and A), or, when m holds passes, Blender's
// multilayer names for the beauty and each pass.
func (m *Image) WriteEXR(w io.Writer) error {
	bw := bufio.NewWriter(w)
	le := binary.LittleEndian
	var hdr []byte
	attr := func(name, typ string, val []byte) {
		hdr = append(hdr, name...)
		hdr = append(hdr, 0)
		hdr = append(hdr, typ...)
		hdr = append(hdr, 0)
		hdr = le.AppendUint32(hdr, uint32(len(val)))
		hdr = append(hdr, val...)
	}
	planes := m.exrPlanes()
	var ch []byte
	for _, p := range planes {
		ch = append(ch, p.name...)
		ch = append(ch, 0)
		ch = le.AppendUint32(ch, 2) // FLOAT
		ch = append(ch, 0, 0, 0, 0) // pLinear, reserved
		ch = le.AppendUint32(ch, 1) // xSampling
		ch = le.AppendUint32(ch, 1) // ySampling
	}
	ch = append(ch, 0)
	box := func() []byte {
		b := le.AppendUint32(nil, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, uint32(m.Width-1))
		return le.AppendUint32(b, uint32(m.Height-1))
	}
	f32 := func(v float32) []byte { return le.AppendUint32(nil, math.Float32bits(v)) }
	attr("channels", "chlist", ch)
	attr("compression", "compression", []byte{0})
	attr("dataWindow", "box2i", box())
	attr("displayWindow", "box2i", box())
	attr("lineOrder", "lineOrder", []byte{0})
	attr("pixelAspectRatio", "float", f32(1))
	attr("screenWindowCenter", "v2f", append(f32(0), f32(0)...))
	attr("screenWindowWidth", "float", f32(1))
	hdr = append(hdr, 0)

	head := le.AppendUint32(nil, 20000630) // magic
	head = le.AppendUint32(head, 2)        // version 2, scanline, single part
	head = append(head, hdr...)
	lineBytes := len(planes) * 4 * m.Width
	offset := uint64(len(head) + 8*m.Height)
	for y := 0; y < m.Height; y++ {
		head = le.AppendUint64(head, offset)
		offset += uint64(8 + lineBytes)
	}
	if _, err := bw.Write(head); err != nil {
		return err
	}
	line := make([]byte, 8+lineBytes)
	for y := 0; y < m.Height; y++ {
		le.PutUint32(line, uint32(y))
		le.PutUint32(line[4:], uint32(lineBytes))
		for c, p := range planes {
			for x := 0; x < m.Width; x++ {
				v := p.data[p.stride*(y*m.Width+x)+p.offset]
				le.PutUint32(line[8+4*(c*m.Width+x):], math.Float32bits(v))
			}
		}
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// DecodeEXR reads an OpenEXR file written by WriteEXR (or by Blender, with
// the same names): the beauty, its alpha, and whichever passes it holds.
func DecodeEXR(data []byte) (*Image, error) {
	h, err := hdri.DecodePlanes(data, hdri.Limits{})
	if err != nil {
		return nil, err
	}
	n := h.Width * h.Height
	m := &Image{Width: h.Width, Height: h.Height, Pix: h.Pix}
	get := func(names ...string) []float32 {
		for _, name := range names {
			if p, ok := h.Planes[name]; ok {
				return p
			}
		}
		return nil
	}
	interleave := func(names ...string) []float32 {
		var out []float32
		for c, name := range names {
			p := h.Planes[name]
			if p == nil {
				return nil
			}
			if out == nil {
				out = make([]float32, 3*n)
			}
			for i, v := range p {
				out[3*i+c] = v
			}
		}
		return out
	}
	m.Alpha = get("A", exrLayer+"Combined.A")
	m.Albedo = interleave(exrLayer+"Denoising Albedo.R", exrLayer+"Denoising Albedo.G", exrLayer+"Denoising Albedo.B")
	m.Normal = interleave(exrLayer+"Normal.X", exrLayer+"Normal.Y", exrLayer+"Normal.Z")
	m.Emission = interleave(exrLayer+"Emit.R", exrLayer+"Emit.G", exrLayer+"Emit.B")
	m.Depth = get(exrLayer + "Depth.Z")
	m.Variance = get(exrLayer + "Variance.V")
	m.Samples = get(exrLayer + "Debug Sample Count.X")
	return m, nil
}

// WriteFile writes m to path, as OpenEXR when the name ends in .exr and as
// 8-bit sRGB PNG otherwise.
func (m *Image) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating output: %w", err)
	}
	if strings.EqualFold(filepath.Ext(path), ".exr") {
		err = m.WriteEXR(f)
	} else {
		err = m.WritePNG(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// ParsePasses reads a list of pass names: "" (none), "all", or names from
// PassNames separated by commas. An unknown name is an error naming it.
func ParsePasses(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		return nil, nil
	case "all":
		return PassNames, nil
	}
	var out []string
	for _, name := range strings.Split(v, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if err := CheckPass(name); err != nil {
			return nil, err
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// CheckPass reports whether name is a pass, as an error naming it.
func CheckPass(name string) error {
	if !slices.Contains(PassNames, name) {
		return fmt.Errorf("%q is not a pass; the passes are %s (or all)", name, strings.Join(PassNames, ", "))
	}
	return nil
}

// KeepPasses drops the passes m holds that names does not list (the
// sample counts of adaptive sampling stay).
func (m *Image) KeepPasses(names []string) {
	keep := func(name string, p *[]float32) {
		if !slices.Contains(names, name) {
			*p = nil
		}
	}
	keep(PassAlbedo, &m.Albedo)
	keep(PassNormal, &m.Normal)
	keep(PassDepth, &m.Depth)
	keep(PassEmission, &m.Emission)
	keep(PassVariance, &m.Variance)
}

// Beauty returns m without its passes: the image alone, sharing m's pixels.
func (m *Image) Beauty() *Image {
	return &Image{Width: m.Width, Height: m.Height, Pix: m.Pix, Alpha: m.Alpha}
}

// Crop returns the part r of m (in m's pixel coordinates, inside it), with
// every plane m holds.
func (m *Image) Crop(r Region) *Image {
	w, h := r.Dx(), r.Dy()
	out := &Image{Width: w, Height: h}
	crop := func(src []float32, stride int) []float32 {
		if src == nil {
			return nil
		}
		dst := make([]float32, 0, stride*w*h)
		for y := r.Y0; y < r.Y1; y++ {
			dst = append(dst, src[stride*(y*m.Width+r.X0):stride*(y*m.Width+r.X1)]...)
		}
		return dst
	}
	out.Pix, out.Alpha = crop(m.Pix, 3), crop(m.Alpha, 1)
	out.Albedo, out.Normal, out.Emission = crop(m.Albedo, 3), crop(m.Normal, 3), crop(m.Emission, 3)
	out.Depth, out.Variance, out.Samples = crop(m.Depth, 1), crop(m.Variance, 1), crop(m.Samples, 1)
	return out
}

// Paste copies src into m with its top-left corner at (x0, y0), every
// plane src holds (m gains the planes it lacks). src must fit inside m.
func (m *Image) Paste(src *Image, x0, y0 int) {
	paste := func(dst *[]float32, from []float32, stride int) {
		if from == nil {
			return
		}
		if *dst == nil {
			*dst = make([]float32, stride*m.Width*m.Height)
		}
		for y := range src.Height {
			copy((*dst)[stride*((y0+y)*m.Width+x0):], from[stride*y*src.Width:stride*(y+1)*src.Width])
		}
	}
	paste(&m.Pix, src.Pix, 3)
	paste(&m.Alpha, src.Alpha, 1)
	paste(&m.Albedo, src.Albedo, 3)
	paste(&m.Normal, src.Normal, 3)
	paste(&m.Emission, src.Emission, 3)
	paste(&m.Depth, src.Depth, 1)
	paste(&m.Variance, src.Variance, 1)
	paste(&m.Samples, src.Samples, 1)
}
