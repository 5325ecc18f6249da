#version 450
// One 2-D convolution of render/upscale's plan: stride 1, "same" zero
// padding, bias and activation fused. Tensors are H×W×C float32, channels
// last. Each invocation makes four output channels of one pixel; the
// weights are packed by render/vulkan as [C/4 groups][KH][KW][Cin] vec4.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(std430, binding = 0) readonly buffer In { float x[]; };
layout(std430, binding = 1) readonly buffer Weights { vec4 w[]; };
layout(std430, binding = 2) readonly buffer Bias { vec4 b[]; };
layout(std430, binding = 3) writeonly buffer Out { float y[]; };

layout(push_constant) uniform P {
	int H, W, Cin, Cout, KH, KW, act;
	float alpha;
} p;

float activate(float v) {
	if (p.act == 1) return max(v, 0.0);
	if (p.act == 2) return 1.0 / (1.0 + exp(-v));
	if (p.act == 3) return tanh(v);
	if (p.act == 4) return v < 0.0 ? v * p.alpha : v;
	return v;
}

void main() {
	int px = int(gl_GlobalInvocationID.x), py = int(gl_GlobalInvocationID.y), g = int(gl_GlobalInvocationID.z);
	if (px >= p.W || py >= p.H) return;
	vec4 acc = vec4(0.0);
	int ph = p.KH / 2, pw = p.KW / 2;
	int wbase = g * p.KH * p.KW * p.Cin;
	for (int ky = 0; ky < p.KH; ky++) {
		int sy = py + ky - ph;
		if (sy < 0 || sy >= p.H) continue;
		for (int kx = 0; kx < p.KW; kx++) {
			int sx = px + kx - pw;
			if (sx < 0 || sx >= p.W) continue;
			int xi = (sy * p.W + sx) * p.Cin;
			int wi = wbase + (ky * p.KW + kx) * p.Cin;
			for (int ci = 0; ci < p.Cin; ci++) acc += x[xi + ci] * w[wi + ci];
		}
	}
	acc += b[g];
	int o = (py * p.W + px) * p.Cout + 4 * g;
	for (int j = 0; j < 4; j++)
		if (4 * g + j < p.Cout) y[o + j] = activate(acc[j]);
}
