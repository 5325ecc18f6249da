#version 450
// Element-wise steps of render/upscale's plan over N floats: an
// activation (op 0), a multiplication by alpha (op 1), or a sum with a
// second tensor (op 2).
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer Out { float y[]; };

layout(push_constant) uniform P {
	int N, op, act;
	float alpha;
} p;

void main() {
	int i = int(gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 256u + gl_GlobalInvocationID.x);
	if (i >= p.N) return;
	float v = a[i];
	if (p.op == 1) {
		v *= p.alpha;
	} else if (p.op == 2) {
		v += b[i];
	} else if (p.act == 1) {
		v = max(v, 0.0);
	} else if (p.act == 2) {
		v = 1.0 / (1.0 + exp(-v));
	} else if (p.act == 3) {
		v = tanh(v);
	} else if (p.act == 4) {
		v = v < 0.0 ? v * p.alpha : v;
	}
	y[i] = v;
}
