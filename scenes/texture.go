package scenes

import (
	"bytes"
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
		return TexRef{-1}, nil
	}
	if info.Index < 0 || info.Index >= len(l.doc.Textures) {
		return TexRef{-1}, l.fail(el, fmt.Errorf("texture %d does not exist (file has %d)", info.Index, len(l.doc.Textures)))
	}
	if info.TexCoord != 0 {
		l.warn("%s: texCoord %d is not supported; TEXCOORD_0 is used", el, info.TexCoord)
	}
	if _, ok := info.Extensions["KHR_texture_transform"]; ok {
		l.warn("%s: KHR_texture_transform is not supported; the texture is applied untransformed", el)
	}
	key := textureKey{info.Index, srgb}
	if i, ok := l.textures[key]; ok {
		return TexRef{i}, nil
	}
	gt := l.doc.Textures[info.Index]
	tel := fmt.Sprintf("textures[%d]", info.Index)
	if gt.Source == nil {
		l.warn("%s: has no source image (an image extension such as KHR_texture_basisu is not supported); ignored", tel)
		return TexRef{-1}, nil
	}
	tex, err := l.decodeImage(*gt.Source, srgb)
	if err != nil {
		return TexRef{-1}, l.fail(fmt.Sprintf("%s.source images[%d]", tel, *gt.Source), err)
	}
	if gt.Sampler != nil {
		if *gt.Sampler < 0 || *gt.Sampler >= len(l.doc.Samplers) {
			return TexRef{-1}, l.fail(tel, fmt.Errorf("sampler %d does not exist", *gt.Sampler))
		}
		s := l.doc.Samplers[*gt.Sampler]
		tex.WrapS, tex.WrapT = wrapMode(s.WrapS), wrapMode(s.WrapT)
		tex.Nearest = s.MagFilter == 9728 // NEAREST
	}
	l.scene.Textures = append(l.scene.Textures, *tex)
	l.textures[key] = len(l.scene.Textures) - 1
	return TexRef{len(l.scene.Textures) - 1}, nil
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

func (l *loader) decodeImage(i int, srgb bool) (*Texture, error) {
	if i < 0 || i >= len(l.doc.Images) {
		return nil, fmt.Errorf("does not exist (file has %d images)", len(l.doc.Images))
	}
	gi := l.doc.Images[i]
	var data []byte
	var err error
	switch {
	case gi.BufferView != nil:
		data, _, err = l.viewBytes(*gi.BufferView)
	case gi.URI != "":
		data, err = l.readURI(gi.URI)
	default:
		err = errors.New("has neither uri nor bufferView")
	}
	if err != nil {
		return nil, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("is not a PNG or JPEG image (KTX2, WebP and others are not supported): %w", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxTextureSide || cfg.Height > maxTextureSide {
		return nil, fmt.Errorf("%s image is %dx%d, outside 1..%d per side", format, cfg.Width, cfg.Height, maxTextureSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding %s image: %w", format, err)
	}
	b := img.Bounds()
	tex := &Texture{Name: gi.Name, Width: b.Dx(), Height: b.Dy(), Pix: make([]float32, b.Dx()*b.Dy()*4)}
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
