#version 450
// One à-trous pass of render/denoise's filter (denoise.pass): keep it in
// step with the Go version, which defines it.
layout(local_size_x = 8, local_size_y = 8) in;

// Per pixel: albedo RGB (floored), depth gradient, normal XYZ, depth.
layout(std430, binding = 0) readonly buffer Guide { vec4 guide[]; };
// Per pixel: reflected light over albedo RGB, its luminance variance.
layout(std430, binding = 1) readonly buffer In { vec4 colIn[]; };
layout(std430, binding = 2) writeonly buffer Out { vec4 colOut[]; };

layout(push_constant) uniform P {
	int w, h, step, unused;
	float sigmaL, sigmaZ, sigmaA, normalPow;
	float lumEps, depthEps;
} p;

const float kernel[5] = float[5](1.0 / 16.0, 1.0 / 4.0, 3.0 / 8.0, 1.0 / 4.0, 1.0 / 16.0);
const float gauss3[3] = float[3](0.25, 0.5, 0.25);

float lum(vec3 c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

void main() {
	int x = int(gl_GlobalInvocationID.x), y = int(gl_GlobalInvocationID.y);
	if (x >= p.w || y >= p.h) return;
	int pi = y * p.w + x;
	vec4 ga = guide[2 * pi], gb = guide[2 * pi + 1];
	float lp = lum(colIn[pi].rgb);
	float v = 0.0;
	for (int j = -1; j <= 1; j++) {
		int yy = clamp(y + j, 0, p.h - 1);
		for (int i = -1; i <= 1; i++) {
			int xx = clamp(x + i, 0, p.w - 1);
			v += gauss3[i + 1] * gauss3[j + 1] * colIn[yy * p.w + xx].a;
		}
	}
	float sigL = p.sigmaL * sqrt(v) + p.lumEps;
	float sigZ = p.sigmaZ * ga.w + p.depthEps;
	bool np = gb.xyz != vec3(0.0);
	vec3 sum = vec3(0.0);
	float sumW = 0.0, sumV = 0.0;
	for (int j = -2; j <= 2; j++) {
		int yy = y + j * p.step;
		if (yy < 0 || yy >= p.h) continue;
		for (int i = -2; i <= 2; i++) {
			int xx = x + i * p.step;
			if (xx < 0 || xx >= p.w) continue;
			int q = yy * p.w + xx;
			vec4 cq = colIn[q];
			float wt = kernel[i + 2] * kernel[j + 2];
			if (q != pi) {
				vec4 qa = guide[2 * q], qb = guide[2 * q + 1];
				float wn = 1.0;
				if (np || qb.xyz != vec3(0.0)) {
					wn = pow(max(dot(gb.xyz, qb.xyz), 0.0), p.normalPow);
				}
				if (wn == 0.0) {
					wt = 0.0;
				} else {
					float dz = abs(gb.w - qb.w) / (sigZ * float(p.step * max(abs(i), abs(j))));
					vec3 da3 = ga.rgb - qa.rgb;
					float da = dot(da3, da3);
					float dl = abs(lp - lum(cq.rgb)) / sigL;
					wt *= wn * exp(-(dz + da / (p.sigmaA * p.sigmaA) + dl));
				}
			}
			sum += wt * cq.rgb;
			sumW += wt;
			sumV += wt * wt * cq.a;
		}
	}
	colOut[pi] = vec4(sum / sumW, sumV / (sumW * sumW));
}
