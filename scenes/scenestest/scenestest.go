package scenestest

import "github.com/rendergrid/rendergrid/scenes"

// Lamps is a 10×10 floor under an n×n grid of small emissive squares
// a little above it, seen from above: a scene whose light must come from
// the emitters near each point.
func Lamps(n int) *scenes.Scene {
	quad := func(p *scenes.Primitive, cx, cy, z, h float32) {
		base := uint32(len(p.Positions))
		p.Positions = append(p.Positions, scenes.Vec3{X: cx - h, Y: cy - h, Z: z}, scenes.Vec3{X: cx + h, Y: cy - h, Z: z}, scenes.Vec3{X: cx + h, Y: cy + h, Z: z}, scenes.Vec3{X: cx - h, Y: cy + h, Z: z})
		p.Indices = append(p.Indices, base, base+1, base+2, base, base+2, base+3)
	}
	var floor, lamps scenes.Primitive
	quad(&floor, 0, 0, 0, 5)
	floor.Material = 0
	for i := range n {
		for j := range n {
			quad(&lamps, -4.5+9*float32(i)/float32(max(n-1, 1)), -4.5+9*float32(j)/float32(max(n-1, 1)), 0.4, 0.05)
		}
	}
	lamps.Material = 1
	floorMat := scenes.DefaultMaterial()
	floorMat.BaseColor = [4]float32{0.8, 0.8, 0.8, 1}
	floorMat.Metallic, floorMat.Roughness, floorMat.SpecularWeight = 0, 1, 0
	lamp := scenes.DefaultMaterial()
	lamp.Emissive = scenes.Vec3{X: 40, Y: 40, Z: 40}
	lamp.DoubleSided = true
	return &scenes.Scene{
		Name:      "lamps",
		Meshes:    []scenes.Mesh{{Name: "floor", Primitives: []scenes.Primitive{floor}}, {Name: "lamps", Primitives: []scenes.Primitive{lamps}}},
		Materials: []scenes.Material{floorMat, lamp},
		Nodes: []scenes.Node{
			{Name: "floor", Mesh: 0, Camera: -1, Light: -1, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}},
			{Name: "lamps", Mesh: 1, Camera: -1, Light: -1, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}},
			{Name: "camera", Mesh: -1, Camera: 0, Light: -1, Translation: [3]float64{0, 0, 9}, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}},
		},
		Roots:   []int{0, 1, 2},
		Cameras: []scenes.Camera{{Name: "camera", YFov: 0.9}},
	}
}
