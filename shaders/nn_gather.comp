#version 450
// Data movement of render/upscale's plan: copies part channels of an
// input (H/n × W/n × inC) into channels [off, off+part) of an output
// (H × W × outC). mode 0: same size (concatenation, n = 1); mode 1:
// nearest upsampling by n; mode 2: depth-to-space by n.
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer In { float x[]; };
layout(std430, binding = 1) writeonly buffer Out { float y[]; };

layout(push_constant) uniform P {
	int H, W, outC, off, part, inC, n, mode;
} p;

void main() {
	int i = int(gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 256u + gl_GlobalInvocationID.x);
	if (i >= p.H * p.W * p.part) return;
	int c = i % p.part, pix = i / p.part;
	int px = pix % p.W, py = pix / p.W;
	int inW = p.W / p.n;
	int src = ((py / p.n) * inW + px / p.n) * p.inC + c;
	if (p.mode == 2) src += ((py % p.n) * p.n + px % p.n) * p.part;
	y[pix * p.outC + p.off + c] = x[src];
}
