package scenes

import "math"

// Vec3 is a 3-component float32 vector: positions, directions and linear RGB.
type Vec3 struct{ X, Y, Z float32 }

// Vec2 is a 2-component float32 vector, used for texture coordinates.
type Vec2 struct{ X, Y float32 }

// V3 returns the vector (x, y, z).
func V3(x, y, z float32) Vec3 { return Vec3{x, y, z} }

// Add returns a+b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a.X + b.X, a.Y + b.Y, a.Z + b.Z} }

// Sub returns a-b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a.X - b.X, a.Y - b.Y, a.Z - b.Z} }

// Mul returns the component-wise product of a and b.
func (a Vec3) Mul(b Vec3) Vec3 { return Vec3{a.X * b.X, a.Y * b.Y, a.Z * b.Z} }

// Scale returns a*s.
func (a Vec3) Scale(s float32) Vec3 { return Vec3{a.X * s, a.Y * s, a.Z * s} }

// Dot returns the dot product of a and b.
func (a Vec3) Dot(b Vec3) float32 { return a.X*b.X + a.Y*b.Y + a.Z*b.Z }

// Cross returns the cross product a×b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a.Y*b.Z - a.Z*b.Y, a.Z*b.X - a.X*b.Z, a.X*b.Y - a.Y*b.X}
}

// Length returns the Euclidean length of a.
func (a Vec3) Length() float32 { return float32(math.Sqrt(float64(a.Dot(a)))) }

// Normalize returns a scaled to unit length, or the zero vector for a zero input.
func (a Vec3) Normalize() Vec3 {
	l := a.Length()
	if l == 0 {
		return Vec3{}
	}
	return a.Scale(1 / l)
}

// Min returns the component-wise minimum of a and b.
func (a Vec3) Min(b Vec3) Vec3 { return Vec3{min(a.X, b.X), min(a.Y, b.Y), min(a.Z, b.Z)} }

// Max returns the component-wise maximum of a and b.
func (a Vec3) Max(b Vec3) Vec3 { return Vec3{max(a.X, b.X), max(a.Y, b.Y), max(a.Z, b.Z)} }

// Axis returns component i (0: X, 1: Y, 2: Z).
func (a Vec3) Axis(i int) float32 {
	switch i {
	case 0:
		return a.X
	case 1:
		return a.Y
	}
	return a.Z
}

// MaxComp returns the largest component of a.
func (a Vec3) MaxComp() float32 { return max(a.X, a.Y, a.Z) }

// Luminance returns the Rec. 709 luminance of a linear RGB colour.
func (a Vec3) Luminance() float32 { return 0.2126*a.X + 0.7152*a.Y + 0.0722*a.Z }

// IsFinite reports whether no component is NaN or infinite.
func (a Vec3) IsFinite() bool {
	for _, c := range [3]float32{a.X, a.Y, a.Z} {
		if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
			return false
		}
	}
	return true
}

// AABB is an axis-aligned bounding box. The zero value is not empty; use EmptyAABB.
type AABB struct{ Min, Max Vec3 }

// EmptyAABB returns a box that contains nothing and grows with Extend.
func EmptyAABB() AABB {
	inf := float32(math.Inf(1))
	return AABB{Vec3{inf, inf, inf}, Vec3{-inf, -inf, -inf}}
}

// Extend returns b grown to contain p.
func (b AABB) Extend(p Vec3) AABB { return AABB{b.Min.Min(p), b.Max.Max(p)} }

// Union returns the smallest box containing b and o.
func (b AABB) Union(o AABB) AABB { return AABB{b.Min.Min(o.Min), b.Max.Max(o.Max)} }

// Empty reports whether b contains no point.
func (b AABB) Empty() bool { return b.Min.X > b.Max.X || b.Min.Y > b.Max.Y || b.Min.Z > b.Max.Z }

// Area returns the surface area of b (0 when empty).
func (b AABB) Area() float32 {
	if b.Empty() {
		return 0
	}
	d := b.Max.Sub(b.Min)
	return 2 * (d.X*d.Y + d.Y*d.Z + d.Z*d.X)
}

// Center returns the midpoint of b.
func (b AABB) Center() Vec3 { return b.Min.Add(b.Max).Scale(0.5) }

// Mat4 is a 4x4 float64 matrix in glTF's column-major order.
type Mat4 [16]float64

// Identity is the identity matrix.
var Identity = Mat4{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}

// Mul returns m*o.
func (m Mat4) Mul(o Mat4) Mat4 {
	var r Mat4
	for c := 0; c < 4; c++ {
		for row := 0; row < 4; row++ {
			var s float64
			for k := 0; k < 4; k++ {
				s += m[k*4+row] * o[c*4+k]
			}
			r[c*4+row] = s
		}
	}
	return r
}

// Point transforms the point p by m.
func (m Mat4) Point(p [3]float64) [3]float64 {
	return [3]float64{
		m[0]*p[0] + m[4]*p[1] + m[8]*p[2] + m[12],
		m[1]*p[0] + m[5]*p[1] + m[9]*p[2] + m[13],
		m[2]*p[0] + m[6]*p[1] + m[10]*p[2] + m[14],
	}
}

// Dir transforms the direction d by the upper 3x3 of m.
func (m Mat4) Dir(d [3]float64) [3]float64 {
	return [3]float64{
		m[0]*d[0] + m[4]*d[1] + m[8]*d[2],
		m[1]*d[0] + m[5]*d[1] + m[9]*d[2],
		m[2]*d[0] + m[6]*d[1] + m[10]*d[2],
	}
}

// NormalMatrix returns the inverse transpose of the upper 3x3 of m, as a
// Mat4, for transforming normals; ok is false when m is singular.
func (m Mat4) NormalMatrix() (n Mat4, ok bool) {
	a, b, c := m[0], m[4], m[8]
	d, e, f := m[1], m[5], m[9]
	g, h, i := m[2], m[6], m[10]
	det := a*(e*i-f*h) - b*(d*i-f*g) + c*(d*h-e*g)
	if det == 0 || math.IsNaN(det) {
		return Identity, false
	}
	inv := 1 / det
	// Cofactor matrix divided by det is the inverse transpose.
	n = Identity
	n[0], n[4], n[8] = (e*i-f*h)*inv, -(d*i-f*g)*inv, (d*h-e*g)*inv
	n[1], n[5], n[9] = -(b*i-c*h)*inv, (a*i-c*g)*inv, -(a*h-b*g)*inv
	n[2], n[6], n[10] = (b*f-c*e)*inv, -(a*f-c*d)*inv, (a*e-b*d)*inv
	return n, true
}

// Determinant3 returns the determinant of the upper 3x3 of m; a negative
// value means the transform mirrors, which flips triangle winding.
func (m Mat4) Determinant3() float64 {
	return m[0]*(m[5]*m[10]-m[9]*m[6]) - m[4]*(m[1]*m[10]-m[9]*m[2]) + m[8]*(m[1]*m[6]-m[5]*m[2])
}

// Quat is a rotation quaternion in glTF order (x, y, z, w).
type Quat [4]float64

// TRS composes a matrix from translation, rotation and scale (T*R*S).
func TRS(t [3]float64, q Quat, s [3]float64) Mat4 {
	x, y, z, w := q[0], q[1], q[2], q[3]
	xx, yy, zz := x*x, y*y, z*z
	xy, xz, yz := x*y, x*z, y*z
	wx, wy, wz := w*x, w*y, w*z
	return Mat4{
		(1 - 2*(yy+zz)) * s[0], 2 * (xy + wz) * s[0], 2 * (xz - wy) * s[0], 0,
		2 * (xy - wz) * s[1], (1 - 2*(xx+zz)) * s[1], 2 * (yz + wx) * s[1], 0,
		2 * (xz + wy) * s[2], 2 * (yz - wx) * s[2], (1 - 2*(xx+yy)) * s[2], 0,
		t[0], t[1], t[2], 1,
	}
}

// Normalize returns q scaled to unit length (identity for a zero quaternion).
func (q Quat) Normalize() Quat {
	l := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	if l == 0 || math.IsNaN(l) {
		return Quat{0, 0, 0, 1}
	}
	return Quat{q[0] / l, q[1] / l, q[2] / l, q[3] / l}
}

// Slerp interpolates between unit quaternions a and b along the shorter arc.
func Slerp(a, b Quat, t float64) Quat {
	d := a[0]*b[0] + a[1]*b[1] + a[2]*b[2] + a[3]*b[3]
	if d < 0 {
		b = Quat{-b[0], -b[1], -b[2], -b[3]}
		d = -d
	}
	if d > 0.9995 {
		return Quat{
			a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1]),
			a[2] + t*(b[2]-a[2]), a[3] + t*(b[3]-a[3]),
		}.Normalize()
	}
	theta := math.Acos(d)
	sa := math.Sin((1-t)*theta) / math.Sin(theta)
	sb := math.Sin(t*theta) / math.Sin(theta)
	return Quat{sa*a[0] + sb*b[0], sa*a[1] + sb*b[1], sa*a[2] + sb*b[2], sa*a[3] + sb*b[3]}
}

func v3(p [3]float64) Vec3 { return Vec3{float32(p[0]), float32(p[1]), float32(p[2])} }
