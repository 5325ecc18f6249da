package scenes

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// The file-carried environment of EXT_lights_image_based: a prefiltered
// cube map (mip 0 is the unblurred radiance), a rotation and an intensity,
// chosen by the displayed scene. rendergrid path-traces, so it takes mip 0
// only (the blurred mips and the spherical harmonics are what rasterisers
// use instead of tracing) and resamples it to an equirectangular map.

// maxIBLSide bounds the equirectangular map made from a cube map.
const maxIBLSide = 2048

type gltfIBL struct {
	Name              string   `json:"name"`
	Rotation          *Quat    `json:"rotation"`
	Intensity         *float64 `json:"intensity"`
	SpecularImageSize int      `json:"specularImageSize"`
	SpecularImages    [][]int  `json:"specularImages"`
}

// loadEnvironment reads the displayed scene's EXT_lights_image_based light.
func (l *loader) loadEnvironment(raw json.RawMessage, sceneExt json.RawMessage) error {
	if raw == nil || sceneExt == nil {
		return nil
	}
	var root struct {
		Lights []gltfIBL `json:"lights"`
	}
	var ref struct {
		Light *int `json:"light"`
	}
	if err := json.Unmarshal(raw, &root); err != nil {
		return l.fail("extensions.EXT_lights_image_based", err)
	}
	if err := json.Unmarshal(sceneExt, &ref); err != nil || ref.Light == nil {
		return l.fail("scene.extensions.EXT_lights_image_based", errors.New("has no light index"))
	}
	if *ref.Light < 0 || *ref.Light >= len(root.Lights) {
		return l.fail("scene.extensions.EXT_lights_image_based", fmt.Errorf("light %d does not exist (file has %d)", *ref.Light, len(root.Lights)))
	}
	g := root.Lights[*ref.Light]
	el := fmt.Sprintf("EXT_lights_image_based.lights[%d] (%s)", *ref.Light, g.Name)
	if len(g.SpecularImages) == 0 || len(g.SpecularImages[0]) != 6 {
		return l.fail(el, errors.New("specularImages must start with the 6 faces of mip 0"))
	}
	intensity := 1.0
	if g.Intensity != nil {
		intensity = *g.Intensity
	}
	if !(intensity >= 0 && intensity <= MaxEnvStrength) {
		return l.fail(el, fmt.Errorf("intensity %v is outside 0..%g", intensity, float64(MaxEnvStrength)))
	}
	rot := Quat{0, 0, 0, 1}
	if g.Rotation != nil {
		rot = g.Rotation.Normalize()
	}
	var faces [6]*Texture
	for k, img := range g.SpecularImages[0] {
		data, err := l.imageBytes(img)
		if err != nil {
			return l.fail(fmt.Sprintf("%s.specularImages[0][%d] (images[%d])", el, k, img), err)
		}
		// A 4-channel PNG holds RGBD (colour over a divisor); anything else
		// is LDR sRGB.
		rgbd := len(data) > 25 && string(data[1:4]) == "PNG" && (data[25] == 6 || data[25] == 4)
		tex, err := decodeTexture(data, !rgbd, l.chargeTexels)
		if err != nil {
			return l.fail(fmt.Sprintf("%s.specularImages[0][%d] (images[%d])", el, k, img), err)
		}
		if tex.Width != tex.Height || k > 0 && tex.Width != faces[0].Width {
			return l.fail(el, fmt.Errorf("cube face %d is %dx%d; faces must be square and equal", k, tex.Width, tex.Height))
		}
		if rgbd {
			for i := 0; i < len(tex.Pix); i += 4 {
				d := max(tex.Pix[i+3], 1.0/255)
				for c := 0; c < 3; c++ {
					tex.Pix[i+c] = float32(math.Pow(float64(tex.Pix[i+c]), 2.2)) / d
				}
			}
		}
		tex.WrapS, tex.WrapT = WrapClamp, WrapClamp
		faces[k] = tex
	}
	w := min(4*faces[0].Width, maxIBLSide)
	h := w / 2
	pix := make([]float32, 3*w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := equirectDir((float64(x)+0.5)/float64(w), (float64(y)+0.5)/float64(h))
			d = rot.conj().rotate(d)
			c := sampleCube(&faces, d)
			copy(pix[3*(y*w+x):], c[:3])
		}
	}
	env, err := NewEnvironment(g.Name, w, h, pix, intensity, 0)
	if err != nil {
		return l.fail(el, err)
	}
	l.scene.Env = env
	return nil
}

// equirectDir is the direction (glTF axes) of map point (u, t) under
// Environment's mapping, without rotation.
func equirectDir(u, t float64) [3]float64 {
	phi := (0.5 - u) * 2 * math.Pi
	el := (0.5 - t) * math.Pi
	bx, by, bz := math.Cos(el)*math.Cos(phi), math.Cos(el)*math.Sin(phi), math.Sin(el)
	return [3]float64{bx, bz, -by}
}

// sampleCube looks d up in cube faces +X, -X, +Y, -Y, +Z, -Z with the
// standard cube-map orientation, each face stored upside down as the
// extension keeps them (glTF's texture space; checked on the Khronos
// EnvironmentTest model, whose sky is up only this way).
func sampleCube(f *[6]*Texture, d [3]float64) [4]float32 {
	ax, ay, az := math.Abs(d[0]), math.Abs(d[1]), math.Abs(d[2])
	var face int
	var sc, tc, ma float64
	switch {
	case ax >= ay && ax >= az && d[0] > 0:
		face, sc, tc, ma = 0, -d[2], -d[1], ax
	case ax >= ay && ax >= az:
		face, sc, tc, ma = 1, d[2], -d[1], ax
	case ay >= az && d[1] > 0:
		face, sc, tc, ma = 2, d[0], d[2], ay
	case ay >= az:
		face, sc, tc, ma = 3, d[0], -d[2], ay
	case d[2] > 0:
		face, sc, tc, ma = 4, d[0], -d[1], az
	default:
		face, sc, tc, ma = 5, -d[0], -d[1], az
	}
	s := (sc/ma + 1) / 2
	t := (tc/ma + 1) / 2
	return f[face].Sample(float32(s), float32(1-t))
}

func (q Quat) conj() Quat { return Quat{-q[0], -q[1], -q[2], q[3]} }

// rotate applies the unit quaternion q to v.
func (q Quat) rotate(v [3]float64) [3]float64 {
	x, y, z, w := q[0], q[1], q[2], q[3]
	// t = 2 q.xyz × v; v' = v + w t + q.xyz × t
	tx := 2 * (y*v[2] - z*v[1])
	ty := 2 * (z*v[0] - x*v[2])
	tz := 2 * (x*v[1] - y*v[0])
	return [3]float64{
		v[0] + w*tx + (y*tz - z*ty),
		v[1] + w*ty + (z*tx - x*tz),
		v[2] + w*tz + (x*ty - y*tx),
	}
}
