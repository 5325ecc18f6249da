package scenes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // glTF core image formats
	_ "image/png"
	"math"
)

// maxTextureSide bounds each side of a decoded texture so a hostile header
// cannot make the decoder allocate gigabytes.
const maxTextureSide = 16384

// Wrap is a texture wrap mode.
type Wrap int

// glTF sampler wrap modes.
const (
	WrapRepeat Wrap = iota
	WrapClamp
	WrapMirror
)

// Texture is a decoded image in linear float RGBA (sRGB colour textures are
// converted when loaded), with its sampler settings.
type Texture struct {
	Name         string
	Width        int
	Height       int
	Pix          []float32 // RGBA, row-major, top row first
	WrapS, WrapT Wrap
	Nearest      bool
}

// Sample returns the bilinearly (or nearest) filtered RGBA value at uv.
func (t *Texture) Sample(u, v float32) [4]float32 {
	x := u*float32(t.Width) - 0.5
	y := v*float32(t.Height) - 0.5
	if t.Nearest {
		return t.texel(int(math.Floor(float64(x+0.5))), int(math.Floor(float64(y+0.5))))
	}
	fx, fy := float32(math.Floor(float64(x))), float32(math.Floor(float64(y)))
	ix, iy := int(fx), int(fy)
	ax, ay := x-fx, y-fy
	a, b := t.texel(ix, iy), t.texel(ix+1, iy)
	c, d := t.texel(ix, iy+1), t.texel(ix+1, iy+1)
	var out [4]float32
	for i := range out {
		top := a[i] + (b[i]-a[i])*ax
		bot := c[i] + (d[i]-c[i])*ax
		out[i] = top + (bot-top)*ay
	}
	return out
}

func (t *Texture) texel(x, y int) [4]float32 {
	x = wrapCoord(x, t.Width, t.WrapS)
	y = wrapCoord(y, t.Height, t.WrapT)
	i := (y*t.Width + x) * 4
	return [4]float32{t.Pix[i], t.Pix[i+1], t.Pix[i+2], t.Pix[i+3]}
}

func wrapCoord(i, n int, w Wrap) int {
	switch w {
	case WrapClamp:
		return min(max(i, 0), n-1)
	case WrapMirror:
		p := 2 * n
		i = ((i % p) + p) % p
		if i >= n {
			i = p - 1 - i
		}
		return i
	}
	return ((i % n) + n) % n
}

// SRGBToLinear converts one sRGB-encoded channel value in [0,1] to linear.
func SRGBToLinear(c float32) float32 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return float32(math.Pow((float64(c)+0.055)/1.055, 2.4))
}

// texRef resolves a material's texture slot, decoding the image once per
// (texture, colour space).
func (l *loader) texRef(el string, info *gltfTextureInfo, srgb bool) (TexRef, error) {
	if info == nil {
		return NoTex, nil
	}
	if info.Index < 0 || info.Index >= len(l.doc.Textures) {
		return NoTex, l.fail(el, fmt.Errorf("texture %d does not exist (file has %d)", info.Index, len(l.doc.Textures)))
	}
	ref := NoTex
	ref.TexCoord = info.TexCoord
	if raw, ok := info.Extensions["KHR_texture_transform"]; ok {
		var tt struct {
			Offset   *[2]float64 `json:"offset"`
			Rotation *float64    `json:"rotation"`
			Scale    *[2]float64 `json:"scale"`
			TexCoord *int        `json:"texCoord"`
		}
		if err := json.Unmarshal(raw, &tt); err != nil {
			return NoTex, l.fail(el, fmt.Errorf("KHR_texture_transform: %w", err))
		}
		off, rot, sc := [2]float64{}, 0.0, [2]float64{1, 1}
		if tt.Offset != nil {
			off = *tt.Offset
		}
		if tt.Rotation != nil {
			rot = *tt.Rotation
		}
		if tt.Scale != nil {
			sc = *tt.Scale
		}
		if tt.TexCoord != nil {
			ref.TexCoord = *tt.TexCoord
		}
		// The extension's matrix: translation × rotation × scale, with the
		// rotation turning uv clockwise (the spec's convention).
		c, s := math.Cos(rot), math.Sin(rot)
		m := [6]float64{c * sc[0], s * sc[1], off[0], -s * sc[0], c * sc[1], off[1]}
		for i, v := range m {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return NoTex, l.fail(el, errors.New("KHR_texture_transform has a NaN or infinite value"))
			}
			ref.Transform[i] = float32(v)
		}
	}
	if ref.TexCoord < 0 || ref.TexCoord > 1 {
		return NoTex, l.fail(el, fmt.Errorf("texCoord %d is not supported (TEXCOORD_0 and TEXCOORD_1 are)", ref.TexCoord))
	}
	if ref.TexCoord == 1 {
		l.uv1Used = true
	}
	key := textureKey{info.Index, srgb}
	if i, ok := l.textures[key]; ok {
		ref.Index = i
		return ref, nil
	}
	gt := l.doc.Textures[info.Index]
	tel := fmt.Sprintf("textures[%d]", info.Index)
	if gt.Source == nil {
		l.warn("%s: has no source image (an image extension such as KHR_texture_basisu is not supported); ignored", tel)
		return NoTex, nil
	}
	tex, err := l.decodeImage(*gt.Source, srgb)
	if err != nil {
		return NoTex, l.fail(fmt.Sprintf("%s.source images[%d]", tel, *gt.Source), err)
	}
	if gt.Sampler != nil {
		if *gt.Sampler < 0 || *gt.Sampler >= len(l.doc.Samplers) {
			return NoTex, l.fail(tel, fmt.Errorf("sampler %d does not exist", *gt.Sampler))
		}
		s := l.doc.Samplers[*gt.Sampler]
		tex.WrapS, tex.WrapT = wrapMode(s.WrapS), wrapMode(s.WrapT)
		tex.Nearest = s.MagFilter == 9728 // NEAREST
	}
	l.scene.Textures = append(l.scene.Textures, *tex)
	l.textures[key] = len(l.scene.Textures) - 1
	ref.Index = len(l.scene.Textures) - 1
	return ref, nil
}

func wrapMode(gl int) Wrap {
	switch gl {
	case 33071:
		return WrapClamp
	case 33648:
		return WrapMirror
	}
	return WrapRepeat
}

// imageBytes returns the encoded bytes of image i.
func (l *loader) imageBytes(i int) ([]byte, error) {
	if i < 0 || i >= len(l.doc.Images) {
		return nil, fmt.Errorf("does not exist (file has %d images)", len(l.doc.Images))
	}
	gi := l.doc.Images[i]
	switch {
	case gi.BufferView != nil:
		data, _, err := l.viewBytes(*gi.BufferView)
		return data, err
	case gi.URI != "":
		return l.readURI(gi.URI)
	}
	return nil, errors.New("has neither uri nor bufferView")
}

func (l *loader) decodeImage(i int, srgb bool) (*Texture, error) {
	data, err := l.imageBytes(i)
	if err != nil {
		return nil, err
	}
	tex, err := decodeTexture(data, srgb, l.chargeTexels)
	if err != nil {
		return nil, err
	}
	tex.Name = l.doc.Images[i].Name
	return tex, nil
}

// decodeTexture decodes a PNG or JPEG into linear float RGBA (sRGB colour
// converted when srgb is set), refusing oversized headers before decoding.
// charge, when not nil, is asked to account for the pixels first.
func decodeTexture(data []byte, srgb bool, charge func(w, h int) error) (*Texture, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("is not a PNG or JPEG image (KTX2, WebP and others are not supported): %w", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxTextureSide || cfg.Height > maxTextureSide {
		return nil, fmt.Errorf("%s image is %dx%d, outside 1..%d per side", format, cfg.Width, cfg.Height, maxTextureSide)
	}
	if charge != nil {
		if err := charge(cfg.Width, cfg.Height); err != nil {
			return nil, err
		}
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding %s image: %w", format, err)
	}
	b := img.Bounds()
	tex := &Texture{Width: b.Dx(), Height: b.Dy(), Pix: make([]float32, b.Dx()*b.Dy()*4)}
	var lut [256]float32
	for k := range lut {
		lut[k] = float32(k) / 255
		if srgb {
			lut[k] = SRGBToLinear(lut[k])
		}
	}
	k := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			// RGBA is alpha-premultiplied; glTF colour is straight alpha.
			if a > 0 && a < 0xffff {
				r, g, bl = r*0xffff/a, g*0xffff/a, bl*0xffff/a
			}
			tex.Pix[k] = lut[r>>8]
			tex.Pix[k+1] = lut[g>>8]
			tex.Pix[k+2] = lut[bl>>8]
			tex.Pix[k+3] = float32(a>>8) / 255
			k += 4
		}
	}
	return tex, nil
}
