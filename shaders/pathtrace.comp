#version 450
// The path tracer of render/cpu as a Vulkan/OpenGL compute shader: the same
// BVH traversal, materials, next-event estimation with MIS, and the same
// random numbers (the Owen-scrambled Sobol sampler and its PCG stream),
// drawn in the same order, so that one (seed, frame, pixel, sample) gives
// the same path as the CPU engine within float rounding.
// Buffer layouts are written by render/gpuscene (Go); keep them in step.

layout(local_size_x = 8, local_size_y = 8) in;

struct Tri { vec4 v0; vec4 e1; vec4 e2; };
// n0.w: bitangent sign; n1.w: area; n2.w: light pdf; ng.w: material (int bits)
struct Shade { vec4 n0; vec4 n1; vec4 n2; vec4 ng; vec4 tangent; vec4 uv01; vec4 uv2; };
struct Node { vec4 mn; vec4 mx; }; // mn.w: leftFirst, mx.w: count (uint bits)
// pos.w: type (0 directional, 1 point, 2 spot); dir.w: range; rad.w: cos inner; extra.x: cos outer
struct Light { vec4 pos; vec4 dir; vec4 rad; vec4 extra; };
struct TexInfo { ivec4 info; }; // offset (in floats), width, height, flags (wrapS | wrapT<<4 | nearest<<8)

layout(std430, set = 0, binding = 0) readonly buffer Tris { Tri tris[]; };
layout(std430, set = 0, binding = 1) readonly buffer Shades { Shade shades[]; };
layout(std430, set = 0, binding = 2) readonly buffer Nodes { Node nodes[]; };
// Materials: MAT vec4s each (render/gpu.Pack writes them; see matV below).
layout(std430, set = 0, binding = 3) readonly buffer Materials { vec4 mats[]; };
layout(std430, set = 0, binding = 4) readonly buffer Lights { Light lights[]; };
layout(std430, set = 0, binding = 5) readonly buffer Emitters { uint emitters[]; };
// The light tree (scenes.LightNode), two vec4s a node: centre and power;
// R2, child, count and parent (uint bits).
layout(std430, set = 0, binding = 6) readonly buffer LightTree { vec4 ltree[]; };
layout(std430, set = 0, binding = 7) readonly buffer TexInfos { TexInfo texinfo[]; };
layout(std430, set = 0, binding = 8) readonly buffer Texels { float texels[]; };
layout(std430, set = 0, binding = 9) buffer Accum { float accum[]; };
layout(std430, set = 0, binding = 10) buffer Counters { uint raysCast; };
// Per triangle: three vertex colours, then TEXCOORD_1 (u0 v0 u1 v1, u2 v2).
layout(std430, set = 0, binding = 12) readonly buffer Extra { vec4 extra[]; };
// The environment: RGB texels, per-texel pdf, marginal CDF, conditional CDFs.
layout(std430, set = 0, binding = 13) readonly buffer Env { float envData[]; };
layout(std430, set = 0, binding = 14) readonly buffer SheenLUT { float sheenLut[]; };

layout(std140, set = 0, binding = 11) uniform Params {
    ivec4 image;   // width, height, seed (bits), frame
    ivec4 region;  // x0, y0, x1, y1 of the whole render (accum is its size)
    ivec4 tile;    // x0, y0, x1, y1 of this dispatch
    ivec4 counts;  // max bounces, emitters, lights, unused
    ivec4 samples; // s0, s1 of this dispatch, min spp, flags (1 passes, 2 adaptive)
    vec4 background; // w: the noise threshold of adaptive sampling
    vec4 origin;   // w: tan(fov/2)
    vec4 right;    // w: aspect
    vec4 up;
    vec4 forward;
    ivec4 envInfo; // width, height, has environment, flags (1 cutout, 2 extra, 4 transparent film, 8 orthographic)
    vec4 envParams; // strength, cos rotation, sin rotation, orthographic half height
};

const float PI = 3.14159265358979323846;
const float INV_PI = 1.0 / PI;
const float MIN_ALPHA = 0.004;
const int ROULETTE_DEPTH = 3;
const float ROULETTE_MAX = 0.95;
const int STACK = 72; // scenes.BVHMaxDepth + 8
const float INF = 3.402823466e38; // the largest float: beyond every hit, as +Inf is on the CPU
const int MAX_PASS = 64;
const float LOBE_MIN = 0.02;
const int ADAPTIVE_STEP = 8; // render.AdaptiveStep
const float MIN_SHEEN_ALPHA = 0.01;
const int SHEEN_LUT = 32;
const int MAT = 12 + 2 * 16; // vec4s per material (gpu.MaterialVec4s)

// ---- random numbers (render/cpu/rng.go, sampler.go) ----
uint pcgHash(uint x) {
    uint s = x * 747796405u + 2891336453u;
    uint w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
    return (w >> 22u) ^ w;
}
uint rngState;           // the PCG stream: alpha tests and shadow hashes
uint smpSeed, smpIndex;  // the pixel's scramble and the sample number
void seedSampler(uint seed, uint frame, uint pixel, uint smp) {
    smpSeed = pcgHash(seed ^ pcgHash(frame ^ pcgHash(pixel)));
    smpIndex = smp;
    rngState = pcgHash(smpSeed ^ pcgHash(smp));
}
uint nextPCG() {
    rngState = rngState * 747796405u + 2891336453u;
    uint s = rngState;
    uint w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
    return (w >> 22u) ^ w;
}
float toFloat(uint x) { return float(x >> 8u) * (1.0 / 16777216.0); }
float rnd() { return toFloat(nextPCG()); }
const uint SOBOL[128] = uint[128](
    0x80000000u, 0x40000000u, 0x20000000u, 0x10000000u, 0x08000000u, 0x04000000u, 0x02000000u, 0x01000000u,
    0x00800000u, 0x00400000u, 0x00200000u, 0x00100000u, 0x00080000u, 0x00040000u, 0x00020000u, 0x00010000u,
    0x00008000u, 0x00004000u, 0x00002000u, 0x00001000u, 0x00000800u, 0x00000400u, 0x00000200u, 0x00000100u,
    0x00000080u, 0x00000040u, 0x00000020u, 0x00000010u, 0x00000008u, 0x00000004u, 0x00000002u, 0x00000001u,
    0x80000000u, 0xc0000000u, 0xa0000000u, 0xf0000000u, 0x88000000u, 0xcc000000u, 0xaa000000u, 0xff000000u,
    0x80800000u, 0xc0c00000u, 0xa0a00000u, 0xf0f00000u, 0x88880000u, 0xcccc0000u, 0xaaaa0000u, 0xffff0000u,
    0x80008000u, 0xc000c000u, 0xa000a000u, 0xf000f000u, 0x88008800u, 0xcc00cc00u, 0xaa00aa00u, 0xff00ff00u,
    0x80808080u, 0xc0c0c0c0u, 0xa0a0a0a0u, 0xf0f0f0f0u, 0x88888888u, 0xccccccccu, 0xaaaaaaaau, 0xffffffffu,
    0x80000000u, 0xc0000000u, 0x60000000u, 0x90000000u, 0xe8000000u, 0x5c000000u, 0x8e000000u, 0xc5000000u,
    0x68800000u, 0x9cc00000u, 0xee600000u, 0x55900000u, 0x80680000u, 0xc09c0000u, 0x60ee0000u, 0x90550000u,
    0xe8808000u, 0x5cc0c000u, 0x8e606000u, 0xc5909000u, 0x6868e800u, 0x9c9c5c00u, 0xeeee8e00u, 0x5555c500u,
    0x8000e880u, 0xc0005cc0u, 0x60008e60u, 0x9000c590u, 0xe8006868u, 0x5c009c9cu, 0x8e00eeeeu, 0xc5005555u,
    0x80000000u, 0xc0000000u, 0x20000000u, 0x50000000u, 0xf8000000u, 0x74000000u, 0xa2000000u, 0x93000000u,
    0xd8800000u, 0x25400000u, 0x59e00000u, 0xe6d00000u, 0x78080000u, 0xb40c0000u, 0x82020000u, 0xc3050000u,
    0x208f8000u, 0x51474000u, 0xfbea2000u, 0x75d93000u, 0xa0858800u, 0x914e5400u, 0xdbe79e00u, 0x25db6d00u,
    0x58800080u, 0xe54000c0u, 0x79e00020u, 0xb6d00050u, 0x800800f8u, 0xc00c0074u, 0x200200a2u, 0x50050093u);
uint sobol(uint i, uint d) {
    uint x = 0u;
    for (; i != 0u; i &= i - 1u) x ^= SOBOL[d * 32u + uint(findLSB(i))];
    return x;
}
uint laineKarras(uint x, uint seed) {
    x ^= x * 0x3d20adeau;
    x += seed;
    x *= (seed >> 16u) | 1u;
    x ^= x * 0x05526c56u;
    x ^= x * 0x53a22864u;
    return x;
}
uint nestedScramble(uint x, uint seed) { return bitfieldReverse(laineKarras(bitfieldReverse(x), seed)); }
// A group of four dimensions of the path's Owen-scrambled Sobol point
// (render/cpu/sampler.go): group steps the PCG stream and returns the
// group's scramble and shuffled index; at computes one dimension.
uvec2 group(uint g) {
    nextPCG();
    uint seed = pcgHash(smpSeed ^ pcgHash(g));
    return uvec2(seed, nestedScramble(smpIndex, seed) ^ nestedScramble(0u, seed));
}
uint hashCombine(uint seed, uint d) { return seed ^ (d + 0x9e3779b9u + (seed << 6u) + (seed >> 2u)); }
float at(uvec2 grp, uint d) { return toFloat(nestedScramble(sobol(grp.y, d), hashCombine(grp.x, d))); }

// ---- vector helpers as scenes.Vec3 computes them ----
vec3 norm3(vec3 a) {
    float l = sqrt(dot(a, a));
    return l == 0.0 ? vec3(0.0) : a * (1.0 / l);
}
float maxComp(vec3 a) { return max(a.x, max(a.y, a.z)); }
float luminance(vec3 a) { return 0.2126 * a.x + 0.7152 * a.y + 0.0722 * a.z; }
bool finite3(vec3 a) { return !any(isnan(a)) && !any(isinf(a)); }
uint nodeFirst(uint i) { return floatBitsToUint(nodes[i].mn.w); }
uint nodeCount(uint i) { return floatBitsToUint(nodes[i].mx.w); }
int matOf(uint tri) { return floatBitsToInt(shades[tri].ng.w); }

// ---- intersection (render/cpu/intersect.go) ----
bool slab(uint n, vec3 o, vec3 inv, float tMax, out float tEntry) {
    precise vec3 mn = nodes[n].mn.xyz, mx = nodes[n].mx.xyz;
    precise float tx1 = (mn.x - o.x) * inv.x, tx2 = (mx.x - o.x) * inv.x;
    precise float tmin = min(tx1, tx2), tmax = max(tx1, tx2);
    precise float ty1 = (mn.y - o.y) * inv.y, ty2 = (mx.y - o.y) * inv.y;
    tmin = max(tmin, min(ty1, ty2)); tmax = min(tmax, max(ty1, ty2));
    precise float tz1 = (mn.z - o.z) * inv.z, tz2 = (mx.z - o.z) * inv.z;
    tmin = max(tmin, min(tz1, tz2)); tmax = min(tmax, max(tz1, tz2));
    tEntry = tmin;
    return tmax >= max(tmin, 0.0) && tmin < tMax;
}

bool triHit(uint i, vec3 o, vec3 d, float tMax, out float t, out float u, out float v) {
    t = 0.0; u = 0.0; v = 0.0;
    precise vec3 e1 = tris[i].e1.xyz, e2 = tris[i].e2.xyz, v0 = tris[i].v0.xyz;
    precise float px = d.y * e2.z - d.z * e2.y;
    precise float py = d.z * e2.x - d.x * e2.z;
    precise float pz = d.x * e2.y - d.y * e2.x;
    precise float det = e1.x * px + e1.y * py + e1.z * pz;
    if (det > -1e-12 && det < 1e-12) return false;
    precise float inv = 1.0 / det;
    precise float sx = o.x - v0.x, sy = o.y - v0.y, sz = o.z - v0.z;
    u = (sx * px + sy * py + sz * pz) * inv;
    if (u < 0.0 || u > 1.0) return false;
    precise float qx = sy * e1.z - sz * e1.y;
    precise float qy = sz * e1.x - sx * e1.z;
    precise float qz = sx * e1.y - sy * e1.x;
    v = (d.x * qx + d.y * qy + d.z * qz) * inv;
    if (v < 0.0 || u + v > 1.0) return false;
    t = (e2.x * qx + e2.y * qy + e2.z * qz) * inv;
    return t > 0.0 && t < tMax;
}

vec3 invDir(vec3 d) { return vec3(1.0 / d.x, 1.0 / d.y, 1.0 / d.z); }

int intersect(vec3 o, vec3 d, float tMax, out float ht, out float hu, out float hv) {
    vec3 inv = invDir(d);
    ht = tMax; hu = 0.0; hv = 0.0;
    int hit = -1;
    float te;
    if (!slab(0u, o, inv, ht, te)) return -1;
    uint stack[STACK];
    int sp = 0;
    uint ni = 0u;
    for (;;) {
        uint cnt = nodeCount(ni);
        if (cnt > 0u) {
            uint first = nodeFirst(ni);
            for (uint i = first; i < first + cnt; i++) {
                float t, u, v;
                if (triHit(i, o, d, ht, t, u, v)) { ht = t; hu = u; hv = v; hit = int(i); }
            }
        } else {
            uint nearN = nodeFirst(ni), farN = nearN + 1u;
            float tn, tf;
            bool hitN = slab(nearN, o, inv, ht, tn);
            bool hitF = slab(farN, o, inv, ht, tf);
            if (hitN && hitF) {
                if (tf < tn) { uint x = nearN; nearN = farN; farN = x; }
                if (sp < STACK) { stack[sp] = farN; sp++; }
                ni = nearN;
                continue;
            }
            if (hitN) { ni = nearN; continue; }
            if (hitF) { ni = farN; continue; }
        }
        if (sp == 0) return hit;
        sp--;
        ni = stack[sp];
    }
}

bool occluded(vec3 o, vec3 d, float tMax) {
    vec3 inv = invDir(d);
    uint stack[STACK];
    int sp = 0;
    stack[sp] = 0u; sp++;
    while (sp > 0) {
        sp--;
        uint n = stack[sp];
        float te;
        if (!slab(n, o, inv, tMax, te)) continue;
        uint cnt = nodeCount(n);
        if (cnt > 0u) {
            uint first = nodeFirst(n);
            for (uint i = first; i < first + cnt; i++) {
                float t, u, v;
                if (triHit(i, o, d, tMax, t, u, v)) return true;
            }
            continue;
        }
        if (sp + 2 <= STACK) {
            stack[sp] = nodeFirst(n) + 1u;
            stack[sp + 1] = nodeFirst(n);
            sp += 2;
        }
    }
    return false;
}

vec3 offsetP(vec3 p, vec3 n) {
    float m = max(max(abs(p.x), abs(p.y)), max(abs(p.z), 1.0));
    return p + n * (m * 1e-4);
}

// ---- textures (scenes/texture.go) ----
int wrapCoord(int i, int n, int w) {
    if (w == 1) return clamp(i, 0, n - 1);           // clamp
    if (w == 2) {                                    // mirror
        int p = 2 * n;
        i = ((i % p) + p) % p;
        if (i >= n) i = p - 1 - i;
        return i;
    }
    return ((i % n) + n) % n;                        // repeat
}
vec4 texel(int t, int x, int y) {
    ivec4 ti = texinfo[t].info;
    x = wrapCoord(x, ti.y, ti.w & 15);
    y = wrapCoord(y, ti.z, (ti.w >> 4) & 15);
    int i = ti.x + (y * ti.y + x) * 4;
    return vec4(texels[i], texels[i + 1], texels[i + 2], texels[i + 3]);
}
vec4 sampleTex(int t, float u, float v) {
    ivec4 ti = texinfo[t].info;
    float x = u * float(ti.y) - 0.5;
    float y = v * float(ti.z) - 0.5;
    if ((ti.w & 256) != 0) return texel(t, int(floor(x + 0.5)), int(floor(y + 0.5)));
    float fx = floor(x), fy = floor(y);
    int ix = int(fx), iy = int(fy);
    float ax = x - fx, ay = y - fy;
    vec4 a = texel(t, ix, iy), b = texel(t, ix + 1, iy);
    vec4 c = texel(t, ix, iy + 1), d = texel(t, ix + 1, iy + 1);
    vec4 top = a + (b - a) * ax;
    vec4 bot = c + (d - c) * ax;
    return top + (bot - top) * ay;
}

// ---- materials (render/cpu/shade.go, bsdf.go, layers.go) ----
vec4 mv(int m, int k) { return mats[m * MAT + k]; }
// Texture slots (scenes.Tex*).
const int T_BASE = 0, T_MR = 1, T_EMIT = 2, T_NORMAL = 3, T_TRANS = 4, T_THICK = 5, T_SPEC = 6, T_SPECCOL = 7,
    T_CC = 8, T_CCROUGH = 9, T_CCNORMAL = 10, T_SHEENCOL = 11, T_SHEENROUGH = 12, T_IRID = 13, T_IRIDTHK = 14, T_ANISO = 15;
int texIndex(int m, int slot) { return int(mats[m * MAT + 12 + 2 * slot].x); }

struct Attrs { vec2 uv0; vec2 uv1; vec4 color; };

Attrs attrs(uint tri, float u, float v) {
    Shade sh = shades[tri];
    float w = 1.0 - u - v;
    Attrs a;
    a.uv0 = vec2(sh.uv01.x * w + sh.uv01.z * u + sh.uv2.x * v, sh.uv01.y * w + sh.uv01.w * u + sh.uv2.y * v);
    a.uv1 = vec2(0.0);
    a.color = vec4(1.0);
    if ((envInfo.w & 2) != 0) {
        uint b = tri * 5u;
        vec4 c0 = extra[b], c1 = extra[b + 1u], c2 = extra[b + 2u], p = extra[b + 3u], q = extra[b + 4u];
        a.uv1 = vec2(p.x * w + p.z * u + q.x * v, p.y * w + p.w * u + q.y * v);
        a.color = c0 * w + c1 * u + c2 * v;
    }
    return a;
}

vec4 texAt(int m, int slot, Attrs a) {
    vec4 r0 = mats[m * MAT + 12 + 2 * slot], r1 = mats[m * MAT + 13 + 2 * slot];
    vec2 uv = r0.y > 0.5 ? a.uv1 : a.uv0;
    float x = r0.z * uv.x + r0.w * uv.y + r1.x;
    float y = r1.y * uv.x + r1.z * uv.y + r1.w;
    return sampleTex(int(r0.x), x, y);
}

float opacity(int m, Attrs a) {
    float al = mv(m, 0).w * a.color.w;
    if (texIndex(m, T_BASE) >= 0) al *= texAt(m, T_BASE, a).w;
    if (mv(m, 4).x == 1.0) return al >= mv(m, 4).y ? 1.0 : 0.0;
    return al;
}

vec3 unlitColor(int m, Attrs a) {
    vec3 c = mv(m, 0).xyz * a.color.xyz;
    if (texIndex(m, T_BASE) >= 0) c *= texAt(m, T_BASE, a).xyz;
    return c;
}

struct Surface {
    vec3 p, ng, n, base, f0, emission, t, b, ccN, sheen;
    bool front, aniso, thin;
    float metallic, alpha, ax, ay, specW, eta, trans, cc, ccAlpha, sheenA, irid, iridThk, iridIOR, ior;
    vec4 pr; // lobe probabilities for the wo of shade (render/cpu caches them the same way)
};

float pow5(float x) { float x2 = x * x; return x2 * x2 * x; }
float sq(float x) { return x * x; }
float schlick(float f0, float f90, float c) { return f0 + (f90 - f0) * pow5(1.0 - c); }
vec3 lerp3(vec3 a, vec3 b, float t) { return a + (b - a) * t; }
float ggxD(float noH, float a2) { float d = noH * noH * (a2 - 1.0) + 1.0; return a2 * INV_PI / (d * d); }
float smithV(float noV, float noL, float a2) {
    float gv = noL * sqrt(noV * noV * (1.0 - a2) + a2);
    float gl = noV * sqrt(noL * noL * (1.0 - a2) + a2);
    if (gv + gl <= 0.0) return 0.0;
    return 0.5 / (gv + gl);
}
float smithG1(float noV, float a2) { return 2.0 * noV / (noV + sqrt(a2 + (1.0 - a2) * noV * noV)); }

float charlieD(float nh, float a) {
    float inv = 1.0 / a;
    float sin2 = max(1.0 - nh * nh, 0.0);
    return (2.0 + inv) * pow(sin2, inv * 0.5) / (2.0 * PI);
}
float ashikhminV(float nv, float nl) { return 1.0 / (4.0 * (nl + nv - nl * nv)); }
float sheenAlbedo(float c, float a) {
    float x = min(max(c * float(SHEEN_LUT) - 0.5, 0.0), float(SHEEN_LUT - 1));
    float y = min(max(a * float(SHEEN_LUT) - 0.5, 0.0), float(SHEEN_LUT - 1));
    int x0 = int(x), y0 = int(y);
    int x1 = min(x0 + 1, SHEEN_LUT - 1), y1 = min(y0 + 1, SHEEN_LUT - 1);
    float fx = x - float(x0), fy = y - float(y0);
    float top = sheenLut[y0 * SHEEN_LUT + x0] * (1.0 - fx) + sheenLut[y0 * SHEEN_LUT + x1] * fx;
    float bot = sheenLut[y1 * SHEEN_LUT + x0] * (1.0 - fx) + sheenLut[y1 * SHEEN_LUT + x1] * fx;
    return top * (1.0 - fy) + bot * fy;
}

float sensitivity(float opd, float shift, int k) {
    float phase = 2.0 * PI * opd * 1e-9;
    vec3 val = vec3(5.4856e-13, 4.4201e-13, 5.2481e-13);
    vec3 pos = vec3(1.6810e+06, 1.7953e+06, 2.2084e+06);
    vec3 vr = vec3(4.3278e+09, 9.3046e+09, 6.6121e+09);
    vec3 xyz = val * sqrt(2.0 * PI * vr) * cos(pos * phase + shift) * exp(-phase * phase * vr);
    xyz.x += 9.7470e-14 * sqrt(2.0 * PI * 4.5282e+09) * cos(2.2399e+06 * phase + shift) * exp(-4.5282e+09 * phase * phase);
    xyz /= 1.0685e-7;
    if (k == 0) return 3.2404542 * xyz.x - 1.5371385 * xyz.y - 0.4985314 * xyz.z;
    if (k == 1) return -0.9692660 * xyz.x + 1.8760108 * xyz.y + 0.0415560 * xyz.z;
    return 0.0556434 * xyz.x - 0.2040259 * xyz.y + 1.0572252 * xyz.z;
}

vec3 iridescence(float outside, float filmIOR, float c1, float thk, vec3 baseF0) {
    float t = min(max(thk / 0.03, 0.0), 1.0);
    float film = outside + (filmIOR - outside) * (t * t * (3.0 - 2.0 * t));
    float sin2 = sq(outside / film) * (1.0 - c1 * c1);
    float cos2sq = 1.0 - sin2;
    if (cos2sq < 0.0) return vec3(1.0);
    float c2 = sqrt(cos2sq);
    float r0 = sq((film - outside) / (film + outside));
    float r12 = schlick(r0, 1.0, c1);
    float t121 = 1.0 - r12;
    float phi12 = film < outside ? PI : 0.0;
    float phi21 = PI - phi12;
    float opd = 2.0 * film * thk * c2;
    vec3 outv;
    for (int k = 0; k < 3; k++) {
        float f0 = min(max(baseF0[k], 0.0), 0.9999);
        float sf = sqrt(f0);
        float baseIOR = (1.0 + sf) / (1.0 - sf);
        float r1 = sq((baseIOR - film) / (baseIOR + film));
        float r23 = schlick(r1, 1.0, c2);
        float phi23 = baseIOR < film ? PI : 0.0;
        float phi = phi21 + phi23;
        float r123 = min(max(r12 * r23, 1e-5), 0.9999);
        float rr = sqrt(r123);
        float rs = t121 * t121 * r23 / (1.0 - r123);
        float i = r12 + rs;
        float cm = rs - t121;
        for (int m = 1; m <= 2; m++) {
            cm *= rr;
            i += cm * 2.0 * sensitivity(float(m) * opd, float(m) * phi, k);
        }
        outv[k] = max(i, 0.0);
    }
    return outv;
}

vec3 fresnelS(Surface s, float voh) {
    float c = voh;
    if (!s.thin && s.eta < 1.0) {
        float sin2 = (1.0 - voh * voh) / (s.eta * s.eta);
        if (sin2 >= 1.0) return vec3(s.specW);
        c = sqrt(1.0 - sin2);
    }
    float w = pow5(1.0 - c);
    vec3 f = s.f0 + (vec3(s.specW) - s.f0) * w;
    if (s.irid > 0.0) f = lerp3(f, iridescence(1.0, s.iridIOR, voh, s.iridThk, s.f0) * s.specW, s.irid);
    return f;
}

vec3 metalFresnel(Surface s, float voh) {
    float w = pow5(1.0 - voh);
    vec3 f = s.base + (1.0 - s.base) * w;
    if (s.irid > 0.0) f = lerp3(f, iridescence(1.0, s.iridIOR, voh, s.iridThk, s.base), s.irid);
    return f;
}

vec4 probs(Surface s, float noV) {
    float wcc = 0.0;
    if (s.cc > 0.0) wcc = s.cc * schlick(0.04, 1.0, noV);
    float fa = maxComp(s.f0) + (s.specW - maxComp(s.f0)) * pow5(1.0 - noV);
    float rest = 1.0 - wcc;
    float d = 1.0 - s.metallic;
    vec4 w = vec4(wcc, rest * (s.metallic + d * (1.0 - s.trans) * fa), rest * d * s.trans,
        rest * d * (1.0 - s.trans) * ((1.0 - fa) * luminance(s.base) + maxComp(s.sheen)));
    float sum = 0.0;
    for (int i = 0; i < 4; i++) {
        if (w[i] > 0.0) w[i] = max(w[i], LOBE_MIN);
        sum += w[i];
    }
    if (sum <= 0.0) return vec4(0.0, 0.0, 0.0, 1.0);
    for (int i = 0; i < 4; i++) w[i] /= sum;
    return w;
}

// ggx: D, V and G1(wo) of the specular lobe for half vector h.
vec3 ggx(Surface s, vec3 wo, vec3 wi, vec3 h, float noV, float noL) {
    float noH = dot(s.n, h);
    if (!s.aniso) {
        float a2 = s.alpha * s.alpha;
        return vec3(ggxD(noH, a2), smithV(noV, noL, a2), smithG1(noV, a2));
    }
    float th = dot(s.t, h), bh = dot(s.b, h);
    float ax = s.ax, ay = s.ay;
    float k = (th * th) / (ax * ax) + (bh * bh) / (ay * ay) + noH * noH;
    float d = 1.0 / (PI * ax * ay * k * k);
    float lv = sqrt(sq(ax * dot(s.t, wo)) + sq(ay * dot(s.b, wo)) + noV * noV);
    float ll = sqrt(sq(ax * dot(s.t, wi)) + sq(ay * dot(s.b, wi)) + noL * noL);
    float v = 0.0;
    float den = noL * lv + noV * ll;
    if (den > 0.0) v = 0.5 / den;
    return vec3(d, v, 2.0 * noV / (noV + lv));
}

float g2(Surface s, vec3 wo, vec3 wi, float noV, float noL) {
    float lv, ll;
    if (s.aniso) {
        lv = sqrt(sq(s.ax * dot(s.t, wo)) + sq(s.ay * dot(s.b, wo)) + noV * noV);
        ll = sqrt(sq(s.ax * dot(s.t, wi)) + sq(s.ay * dot(s.b, wi)) + noL * noL);
    } else {
        float a2 = s.alpha * s.alpha;
        lv = sqrt(noV * noV * (1.0 - a2) + a2);
        ll = sqrt(noL * noL * (1.0 - a2) + a2);
    }
    return 2.0 * noV * noL / (noL * lv + noV * ll);
}

float transmitProb(Surface s, vec3 fd) {
    if (s.specW <= 0.0) return 1.0;
    return max(1.0 - maxComp(fd) / s.specW, 0.0);
}

float sheenScale(Surface s, float noV, float noL) {
    return 1.0 - maxComp(s.sheen) * max(sheenAlbedo(noV, s.sheenA), sheenAlbedo(noL, s.sheenA));
}

vec3 evalReflect(Surface s, vec3 wo, vec3 wi, float noV, float noL, vec4 pr, out float pdf) {
    vec3 h = norm3(wo + wi);
    float voh = max(dot(wo, h), 0.0);
    vec3 dvg = ggx(s, wo, wi, h, noV, noL);
    float spec = dvg.x * dvg.y;
    vec3 fd = fresnelS(s, voh);
    vec3 diffuse = s.base * (INV_PI * (1.0 - s.trans) * (1.0 - maxComp(fd)));
    vec3 dielectric = diffuse + fd * spec;
    vec3 f = dielectric;
    if (s.metallic > 0.0) f = dielectric * (1.0 - s.metallic) + metalFresnel(s, voh) * (spec * s.metallic);
    float pdfH = dvg.x * dvg.z / (4.0 * noV);
    pdf = pr.y * pdfH + pr.w * noL * INV_PI;
    if (pr.z > 0.0) pdf += pr.z * pdfH * (1.0 - transmitProb(s, fd));
    if (maxComp(s.sheen) > 0.0) f = f * sheenScale(s, noV, noL) + s.sheen * (charlieD(dot(s.n, h), s.sheenA) * ashikhminV(noV, noL));
    if (s.cc > 0.0) {
        float cnv = max(dot(s.ccN, wo), 1e-4), cnl = dot(s.ccN, wi);
        f = f * (1.0 - s.cc * schlick(0.04, 1.0, cnv));
        if (cnl > 0.0) {
            float a2 = s.ccAlpha * s.ccAlpha;
            float dc = ggxD(dot(s.ccN, h), a2);
            f = f + vec3(1.0) * (s.cc * schlick(0.04, 1.0, voh) * dc * smithV(cnv, cnl, a2));
            pdf += pr.x * dc * smithG1(cnv, a2) / (4.0 * cnv);
        }
    }
    return f;
}

vec3 evalTransmit(Surface s, vec3 wo, vec3 wi, float noV, float noL, vec4 pr, out float pdf) {
    pdf = 0.0;
    vec3 h;
    float jac;
    if (s.thin) {
        vec3 m = wi - s.n * (2.0 * dot(s.n, wi));
        h = norm3(wo + m);
        jac = 1.0 / (4.0 * max(dot(wo, h), 1e-8));
    } else {
        h = norm3((wo + wi * s.eta) * -1.0);
        if (dot(s.n, h) < 0.0) h = -h;
        float woh = dot(wo, h), wih = dot(wi, h);
        if (woh <= 0.0 || wih >= 0.0) return vec3(0.0);
        float den = woh + s.eta * wih;
        jac = s.eta * s.eta * -wih / (den * den);
    }
    float voh = dot(wo, h);
    if (voh <= 0.0) return vec3(0.0);
    vec3 dvg = ggx(s, wo, h, h, noV, noV);
    float gg = g2(s, wo, wi, noV, noL);
    vec3 fd = fresnelS(s, voh);
    float pdfH = dvg.x * dvg.z * voh / noV;
    pdf = pr.z * pdfH * transmitProb(s, fd) * jac;
    float w = (1.0 - s.metallic) * s.trans * (1.0 - maxComp(fd)) * dvg.x * gg * voh / noV * jac / noL;
    vec3 f = s.base * w;
    if (s.cc > 0.0) f = f * (1.0 - s.cc * schlick(0.04, 1.0, max(dot(s.ccN, wo), 1e-4)));
    return f;
}

vec3 evalBSDF(Surface s, vec3 wo, vec3 wi, out float pdf) {
    pdf = 0.0;
    float noV = dot(s.n, wo), noL = dot(s.n, wi);
    if (noV <= 0.0 || noL == 0.0) return vec3(0.0);
    vec4 pr = s.pr;
    if (noL > 0.0 && dot(s.ng, wi) > 0.0) return evalReflect(s, wo, wi, noV, noL, pr, pdf);
    if (noL < 0.0 && dot(s.ng, wi) < 0.0 && pr.z > 0.0) return evalTransmit(s, wo, wi, noV, -noL, pr, pdf);
    return vec3(0.0);
}

void basis(vec3 n, out vec3 t, out vec3 b) {
    float sgn = n.z >= 0.0 ? 1.0 : -1.0;
    if (n.z == 0.0 && floatBitsToUint(n.z) != 0u) sgn = -1.0; // copysign of -0
    float a = -1.0 / (sgn + n.z);
    float bb = n.x * n.y * a;
    t = vec3(1.0 + sgn * n.x * n.x * a, sgn * bb, -sgn * n.x);
    b = vec3(bb, sgn + n.y * n.y * a, -n.y);
}

vec3 sampleVNDF(vec3 v, float ax, float ay, float u1, float u2) {
    vec3 vh = norm3(vec3(ax * v.x, ay * v.y, v.z));
    float lensq = vh.x * vh.x + vh.y * vh.y;
    vec3 t1 = vec3(1.0, 0.0, 0.0);
    if (lensq > 0.0) {
        float inv = 1.0 / sqrt(lensq);
        t1 = vec3(-vh.y * inv, vh.x * inv, 0.0);
    }
    vec3 t2 = cross(vh, t1);
    float r = sqrt(u1);
    float phi = 2.0 * PI * u2;
    float p1 = r * cos(phi), p2 = r * sin(phi);
    float sv = 0.5 * (1.0 + vh.z);
    p2 = (1.0 - sv) * sqrt(max(0.0, 1.0 - p1 * p1)) + sv * p2;
    vec3 nh = t1 * p1 + t2 * p2 + vh * sqrt(max(0.0, 1.0 - p1 * p1 - p2 * p2));
    return norm3(vec3(ax * nh.x, ay * nh.y, max(0.0, nh.z)));
}

bool refractDir(vec3 wo, vec3 h, float eta, out vec3 r) {
    float c = dot(wo, h);
    float inv = 1.0 / eta;
    float k = 1.0 - inv * inv * (1.0 - c * c);
    r = vec3(0.0);
    if (k <= 0.0) return false;
    r = norm3(wo * -inv + h * (inv * c - sqrt(k)));
    return true;
}

vec3 sampleBSDF(Surface s, vec3 wo, float uLobe, float u1, float u2, float uSel, out vec3 wi, out float pdf) {
    float noV = dot(s.n, wo);
    vec4 pr = s.pr;
    pdf = 0.0;
    if (uLobe < pr.x) {
        vec3 t, b;
        basis(s.ccN, t, b);
        vec3 vl = vec3(dot(wo, t), dot(wo, b), dot(s.ccN, wo));
        vec3 hl = sampleVNDF(vl, s.ccAlpha, s.ccAlpha, u1, u2);
        vec3 h = t * hl.x + b * hl.y + s.ccN * hl.z;
        wi = h * (2.0 * dot(wo, h)) - wo;
        if (dot(s.n, wi) <= 0.0) return vec3(0.0);
    } else if (uLobe < pr.x + pr.y + pr.z) {
        vec3 t = s.t, b = s.b;
        float ax = s.ax, ay = s.ay;
        if (!s.aniso) {
            basis(s.n, t, b);
            ax = s.alpha; ay = s.alpha;
        }
        vec3 vl = vec3(dot(wo, t), dot(wo, b), noV);
        vec3 hl = sampleVNDF(vl, ax, ay, u1, u2);
        vec3 h = t * hl.x + b * hl.y + s.n * hl.z;
        float voh = dot(wo, h);
        wi = h * (2.0 * voh) - wo;
        if (uLobe >= pr.x + pr.y && uSel < transmitProb(s, fresnelS(s, max(voh, 0.0)))) {
            if (s.thin) {
                if (dot(s.n, wi) <= 0.0) return vec3(0.0);
                wi = wi - s.n * (2.0 * dot(s.n, wi));
            } else {
                vec3 r;
                if (refractDir(wo, h, s.eta, r) && dot(s.n, r) < 0.0) wi = r;
                else return vec3(0.0);
            }
        } else if (dot(s.n, wi) <= 0.0) return vec3(0.0);
    } else {
        vec3 t, b;
        basis(s.n, t, b);
        float r = sqrt(u1);
        float phi = 2.0 * PI * u2;
        float x = r * cos(phi), y = r * sin(phi);
        float z = sqrt(max(0.0, 1.0 - u1));
        wi = t * x + b * y + s.n * z;
    }
    return evalBSDF(s, wo, wi, pdf);
}

vec3 normalMap(int m, int slot, Attrs a, float scale, Shade sh, vec3 n) {
    vec4 c = texAt(m, slot, a);
    float tx = (2.0 * c.x - 1.0) * scale, ty = (2.0 * c.y - 1.0) * scale, tz = 2.0 * c.z - 1.0;
    vec3 tg = norm3(sh.tangent.xyz - n * dot(n, sh.tangent.xyz));
    vec3 bt = cross(n, tg) * sh.n0.w;
    vec3 nm = norm3(tg * tx + bt * ty + n * tz);
    if (finite3(nm) && nm != vec3(0.0)) return nm;
    return n;
}

Surface shade(uint tri, float u, float v, vec3 p, vec3 wo, int channel) {
    Shade sh = shades[tri];
    int m = matOf(tri);
    Attrs a = attrs(tri, u, v);
    float w = 1.0 - u - v;
    Surface s;
    s.p = p;
    s.ng = sh.ng.xyz;
    s.n = norm3(sh.n0.xyz * w + sh.n1.xyz * u + sh.n2.xyz * v);
    s.front = true;
    s.base = mv(m, 0).xyz * a.color.xyz;
    s.metallic = mv(m, 1).w;
    s.specW = mv(m, 2).w;
    s.emission = mv(m, 1).xyz;
    s.trans = mv(m, 5).x;
    s.thin = mv(m, 5).y <= 0.0;
    s.cc = mv(m, 6).w;
    s.sheen = mv(m, 8).xyz;
    s.irid = mv(m, 7).w;
    s.iridIOR = mv(m, 8).w;
    s.iridThk = mv(m, 9).y;
    s.ior = mv(m, 4).w;
    s.aniso = false; s.ax = 0.0; s.ay = 0.0; s.t = vec3(0.0); s.b = vec3(0.0);
    s.ccAlpha = 0.0; s.sheenA = 0.0;
    float rough = mv(m, 3).x;
    vec3 specColor = mv(m, 2).xyz;
    if (texIndex(m, T_BASE) >= 0) s.base *= texAt(m, T_BASE, a).xyz;
    if (texIndex(m, T_MR) >= 0) {
        vec4 c = texAt(m, T_MR, a);
        rough *= c.y;
        s.metallic *= c.z;
    }
    if (texIndex(m, T_EMIT) >= 0 && maxComp(s.emission) > 0.0) s.emission *= texAt(m, T_EMIT, a).xyz;
    if (texIndex(m, T_SPEC) >= 0) s.specW *= texAt(m, T_SPEC, a).w;
    if (texIndex(m, T_SPECCOL) >= 0) specColor *= texAt(m, T_SPECCOL, a).xyz;
    if (s.trans > 0.0 && texIndex(m, T_TRANS) >= 0) s.trans *= texAt(m, T_TRANS, a).x;
    if (!s.thin && texIndex(m, T_THICK) >= 0 && texAt(m, T_THICK, a).y <= 0.0) s.thin = true;
    if (s.cc > 0.0) {
        float ccRough = mv(m, 7).x;
        if (texIndex(m, T_CC) >= 0) s.cc *= texAt(m, T_CC, a).x;
        if (texIndex(m, T_CCROUGH) >= 0) ccRough *= texAt(m, T_CCROUGH, a).y;
        s.ccAlpha = max(ccRough * ccRough, MIN_ALPHA);
    }
    if (maxComp(s.sheen) > 0.0) {
        float sr = mv(m, 7).z;
        if (texIndex(m, T_SHEENCOL) >= 0) s.sheen *= texAt(m, T_SHEENCOL, a).xyz;
        if (texIndex(m, T_SHEENROUGH) >= 0) sr *= texAt(m, T_SHEENROUGH, a).w;
        s.sheenA = max(sr * sr, MIN_SHEEN_ALPHA);
    }
    if (s.irid > 0.0) {
        if (texIndex(m, T_IRID) >= 0) s.irid *= texAt(m, T_IRID, a).x;
        if (texIndex(m, T_IRIDTHK) >= 0) {
            float g = texAt(m, T_IRIDTHK, a).y;
            s.iridThk = mv(m, 9).x + (mv(m, 9).y - mv(m, 9).x) * g;
        }
    }
    s.alpha = max(rough * rough, MIN_ALPHA);
    if (dot(s.ng, wo) < 0.0) {
        s.ng = -s.ng; s.n = -s.n;
        s.front = false;
        if (mv(m, 3).w == 0.0) s.emission = vec3(0.0);
    }
    vec3 ccN = s.n;
    if (texIndex(m, T_NORMAL) >= 0) s.n = normalMap(m, T_NORMAL, a, mv(m, 3).z, sh, s.n);
    if (s.cc > 0.0 && texIndex(m, T_CCNORMAL) >= 0) ccN = normalMap(m, T_CCNORMAL, a, mv(m, 7).y, sh, ccN);
    if (dot(s.n, wo) <= 0.0 || !finite3(s.n) || s.n == vec3(0.0)) s.n = s.ng;
    if (s.cc > 0.0 && (dot(ccN, wo) <= 0.0 || !finite3(ccN) || ccN == vec3(0.0))) ccN = s.n;
    s.ccN = ccN;
    float ior = s.ior;
    float disp = mv(m, 5).w;
    if (disp > 0.0 && channel >= 0 && ior > 1.0) {
        float half_ = (ior - 1.0) * 0.025 * disp;
        ior += half_ * float(channel - 1);
    }
    float f0 = mv(m, 3).y;
    if (ior > 0.0) {
        float r = (ior - 1.0) / (ior + 1.0);
        f0 = r * r;
    }
    s.f0 = vec3(min(specColor.x * f0, 1.0) * s.specW, min(specColor.y * f0, 1.0) * s.specW, min(specColor.z * f0, 1.0) * s.specW);
    s.eta = max(ior, 1.0);
    if (!s.front) s.eta = 1.0 / s.eta;
    float anis = mv(m, 9).z;
    if (anis > 0.0) {
        float strength = anis;
        vec2 dir = vec2(1.0, 0.0);
        if (texIndex(m, T_ANISO) >= 0) {
            vec4 c = texAt(m, T_ANISO, a);
            dir = vec2(2.0 * c.x - 1.0, 2.0 * c.y - 1.0);
            strength *= c.z;
        }
        float rot = mv(m, 9).w;
        float cr = cos(rot), sr = sin(rot);
        float dx = cr * dir.x - sr * dir.y, dy = sr * dir.x + cr * dir.y;
        vec3 tg = norm3(sh.tangent.xyz - s.n * dot(s.n, sh.tangent.xyz));
        vec3 bt = cross(s.n, tg) * sh.n0.w;
        vec3 at = tg * dx + bt * dy;
        at = norm3(at - s.n * dot(s.n, at));
        if (strength > 0.0 && finite3(at) && at != vec3(0.0)) {
            s.aniso = true;
            s.t = at;
            s.b = cross(s.n, at);
            s.ay = s.alpha;
            s.ax = s.alpha + (1.0 - s.alpha) * strength * strength;
        }
    }
    s.pr = probs(s, dot(s.n, wo));
    return s;
}

// ---- the environment (render/cpu/env.go) ----
vec2 envUV(vec3 d) {
    float bx = d.x, by = -d.z, bz = d.y;
    float c = envParams.y, s = envParams.z;
    float rx = bx * c - by * s, ry = bx * s + by * c;
    float u = 0.5 - atan(ry, rx) / (2.0 * PI);
    float t = 0.5 - asin(min(max(bz, -1.0), 1.0)) / PI;
    return vec2(u, t);
}

vec3 envDir(float u, float t, out float ce) {
    float phi = (0.5 - u) * 2.0 * PI;
    float el = (0.5 - t) * PI;
    ce = cos(el);
    float rx = ce * cos(phi), ry = ce * sin(phi), bz = sin(el);
    float c = envParams.y, s = envParams.z;
    float bx = rx * c + ry * s, by = -rx * s + ry * c;
    return vec3(bx, bz, -by);
}

vec3 envPx(int i, int j) {
    int w = envInfo.x, h = envInfo.y;
    i = ((i % w) + w) % w;
    j = min(max(j, 0), h - 1);
    int k = 3 * (j * w + i);
    return vec3(envData[k], envData[k + 1], envData[k + 2]);
}

vec3 envRadiance(vec3 d) {
    vec2 ut = envUV(d);
    float x = ut.x * float(envInfo.x) - 0.5;
    float y = ut.y * float(envInfo.y) - 0.5;
    float fx = floor(x), fy = floor(y);
    int ix = int(fx), iy = int(fy);
    float ax = x - fx, ay = y - fy;
    vec3 a = envPx(ix, iy), b = envPx(ix + 1, iy), c = envPx(ix, iy + 1), dd = envPx(ix + 1, iy + 1);
    vec3 top = a + (b - a) * ax;
    vec3 bot = c + (dd - c) * ax;
    return (top + (bot - top) * ay) * envParams.x;
}

float envPdfAt(int x, int y) { return envData[3 * envInfo.x * envInfo.y + y * envInfo.x + x]; }

float envPdf(vec3 d) {
    vec2 ut = envUV(d);
    int x = min(max(int(ut.x * float(envInfo.x)), 0), envInfo.x - 1);
    int y = min(max(int(ut.y * float(envInfo.y)), 0), envInfo.y - 1);
    float st = sqrt(max(1.0 - d.y * d.y, 0.0));
    if (st <= 0.0) return 0.0;
    return envPdfAt(x, y) / (2.0 * PI * PI * st);
}

// searchCDF over envData[base .. base+n]: the last index whose value is at most u.
int searchCDF(int base, int n, float u) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (envData[base + mid] > u) hi = mid; else lo = mid + 1;
    }
    return min(max(lo - 1, 0), n - 1);
}

vec3 envSample(float u1, float u2, out float pdf) {
    int w = envInfo.x, h = envInfo.y;
    int margBase = 4 * w * h;
    int condBase = margBase + h + 1;
    int y = searchCDF(margBase, h, u1);
    float m0 = envData[margBase + y], m1 = envData[margBase + y + 1];
    float dy = 0.5;
    if (m1 > m0) dy = (u1 - m0) / (m1 - m0);
    int rb = condBase + y * (w + 1);
    int x = searchCDF(rb, w, u2);
    float c0 = envData[rb + x], c1 = envData[rb + x + 1];
    float dx = 0.5;
    if (c1 > c0) dx = (u2 - c0) / (c1 - c0);
    float u = (float(x) + dx) / float(w);
    float t = (float(y) + dy) / float(h);
    float st;
    vec3 d = envDir(u, t, st);
    pdf = 0.0;
    if (st <= 0.0) return d;
    pdf = envPdfAt(x, y) / (2.0 * PI * PI * st);
    return d;
}

// ---- lights and paths (render/cpu/trace.go) ----
uint rays = 0u; // rays cast by this invocation

// What the passes record of the first surface a camera path sees
// (render/cpu's firstHit).
bool auxHit;
vec3 auxAlbedo, auxNormal, auxEmit;
float auxDepth;

float hashFloat(uint x) { return float(pcgHash(x) >> 8u) * (1.0 / 16777216.0); }

bool cutoutMat(int m) { return mv(m, 4).x != 0.0 || mv(m, 4).z != 0.0; }

bool passes(uint tri, float u, float v, float r, bool camera) {
    int m = matOf(tri);
    if (mv(m, 4).z != 0.0 && !camera) return true;
    if (mv(m, 4).x == 0.0) return false;
    Attrs a = attrs(tri, u, v);
    return r >= opacity(m, a);
}

float facing(uint tri, vec3 w) {
    float c = dot(shades[tri].ng.xyz, w);
    if (mv(matOf(tri), 3).w != 0.0) return abs(c);
    return max(c, 0.0);
}

vec3 emissionAt(uint tri, float u, float v) {
    int m = matOf(tri);
    vec3 e = mv(m, 1).xyz;
    if (texIndex(m, T_EMIT) >= 0) e *= texAt(m, T_EMIT, attrs(tri, u, v)).xyz;
    return e;
}

float powerHeuristic(float a, float b) {
    float a2 = a * a, b2 = b * b;
    if (a2 + b2 <= 0.0 || isinf(a2)) return 1.0;
    return a2 / (a2 + b2);
}

vec3 offsetToward(vec3 p, vec3 ng, vec3 w) {
    if (dot(ng, w) < 0.0) return offsetP(p, -ng);
    return offsetP(p, ng);
}

bool visible(vec3 o, vec3 d, float dist, uint state) {
    rays++;
    if ((envInfo.w & 1) == 0) return !occluded(o, d, dist);
    for (int k = 0; k < MAX_PASS; k++) {
        float t, u, v;
        int hit = intersect(o, d, dist, t, u, v);
        if (hit < 0) return true;
        if (!passes(uint(hit), u, v, hashFloat(state ^ pcgHash(uint(hit) + uint(k))), false)) return false;
        vec3 p = o + d * t;
        vec3 no = offsetP(p, d);
        dist -= length(no - o);
        if (dist <= 0.0) return true;
        o = no;
    }
    return false;
}

// lightImportance is scenes.LightNode.Importance.
float lightImportance(uint n, vec3 p) {
    vec3 d = p - ltree[2u * n].xyz;
    return ltree[2u * n].w / max(dot(d, d), ltree[2u * n + 1u].x);
}

// lightChoice is scenes.LightChoice for the children l and l+1.
float lightChoice(uint l, vec3 p) {
    float il = lightImportance(l, p), ir = lightImportance(l + 1u, p);
    if (!(il + ir > 0.0)) return 0.5;
    return il / (il + ir);
}

// lightPick is render/cpu's lightPick: the probability that the light tree,
// walked from point from, picks emitter tri.
float lightPick(uint tri, vec3 from) {
    float pr = shades[tri].n2.w;
    uint c = floatBitsToUint(shades[tri].uv2.z);
    while (c != 0u) {
        uint parent = floatBitsToUint(ltree[2u * c + 1u].w);
        uint l = floatBitsToUint(ltree[2u * parent + 1u].y);
        float pl = lightChoice(l, from);
        pr *= c == l ? pl : 1.0 - pl;
        c = parent;
    }
    return pr;
}

const float ONE_BELOW = 0.99999994; // the largest float under 1

// pickEmitter is render/cpu's pickEmitter: the emitter the light tree
// picks from point p with the number u, and the probability of the pick.
uint pickEmitter(vec3 p, float u, out float pr) {
    uint ni = 0u;
    pr = 1.0;
    while (floatBitsToUint(ltree[2u * ni + 1u].z) == 0u) {
        uint l = floatBitsToUint(ltree[2u * ni + 1u].y);
        float pl = lightChoice(l, p);
        if (u < pl) {
            ni = l; u = u / pl; pr = pr * pl;
        } else {
            ni = l + 1u; u = (u - pl) / (1.0 - pl); pr = pr * (1.0 - pl);
        }
        u = min(u, ONE_BELOW);
    }
    uint first = floatBitsToUint(ltree[2u * ni + 1u].y), count = floatBitsToUint(ltree[2u * ni + 1u].z);
    uint k = first + count - 1u;
    float acc = 0.0;
    for (uint j = first; j < first + count; j++) {
        acc += shades[emitters[j]].n2.w;
        if (u < acc) { k = j; break; }
    }
    uint tri = emitters[k];
    pr = pr * shades[tri].n2.w;
    return tri;
}

float emitterPdf(uint tri, vec3 from, vec3 p) {
    float lp = shades[tri].n2.w;
    if (lp <= 0.0) return 0.0;
    vec3 d = p - from;
    float dist2 = dot(d, d);
    float c = facing(tri, d * (-1.0 / sqrt(dist2)));
    if (c <= 0.0) return 0.0;
    return lightPick(tri, from) * dist2 / (shades[tri].n1.w * c);
}

vec3 sampleEmitter(Surface s, vec3 wo, float uPick, float uA, float uB, uint state) {
    int ne = counts.y;
    if (ne == 0) return vec3(0.0);
    float pick;
    uint tri = pickEmitter(s.p, uPick, pick);
    float sa = sqrt(uA);
    float bu = sa * (1.0 - uB), bv = sa * uB;
    vec3 q = tris[tri].v0.xyz + tris[tri].e1.xyz * bu + tris[tri].e2.xyz * bv;
    vec3 d = q - s.p;
    float dist2 = dot(d, d);
    if (dist2 <= 0.0) return vec3(0.0);
    float dist = sqrt(dist2);
    vec3 wi = d * (1.0 / dist);
    float cosL = facing(tri, -wi);
    if (cosL <= 1e-6) return vec3(0.0);
    float bsdfPdf;
    vec3 fv = evalBSDF(s, wo, wi, bsdfPdf);
    if (maxComp(fv) <= 0.0) return vec3(0.0);
    vec3 le = emissionAt(tri, bu, bv);
    if (maxComp(le) <= 0.0) return vec3(0.0);
    if (!visible(offsetToward(s.p, s.ng, wi), wi, dist * (1.0 - 1e-3), state)) return vec3(0.0);
    float lightPdf = pick * dist2 / (shades[tri].n1.w * cosL);
    float w = powerHeuristic(lightPdf, bsdfPdf);
    return fv * le * (abs(dot(s.n, wi)) * w / lightPdf);
}

vec3 sampleEnv(Surface s, vec3 wo, float u1, float u2, uint state) {
    if (envInfo.z == 0) return vec3(0.0);
    float pdf;
    vec3 wi = envSample(u1, u2, pdf);
    if (pdf <= 0.0) return vec3(0.0);
    float bsdfPdf;
    vec3 fv = evalBSDF(s, wo, wi, bsdfPdf);
    if (maxComp(fv) <= 0.0) return vec3(0.0);
    vec3 li = envRadiance(wi);
    if (maxComp(li) <= 0.0) return vec3(0.0);
    if (!visible(offsetToward(s.p, s.ng, wi), wi, INF, state)) return vec3(0.0);
    float w = powerHeuristic(pdf, bsdfPdf);
    return fv * li * (abs(dot(s.n, wi)) * w / pdf);
}

vec3 samplePunctual(Surface s, vec3 wo, float u, uint state) {
    int nl = counts.z;
    if (nl == 0) return vec3(0.0);
    Light lt = lights[min(int(u * float(nl)), nl - 1)];
    vec3 wi, li;
    float dist = INF;
    int type = int(lt.pos.w);
    if (type == 0) {
        wi = -lt.dir.xyz;
        li = lt.rad.xyz;
    } else {
        vec3 d = lt.pos.xyz - s.p;
        float dist2 = dot(d, d);
        if (dist2 <= 0.0) return vec3(0.0);
        dist = sqrt(dist2);
        wi = d * (1.0 / dist);
        float atten = 1.0 / dist2;
        if (lt.dir.w > 0.0) {
            float x = dist / lt.dir.w;
            float x2 = x * x;
            float w = min(max(1.0 - x2 * x2, 0.0), 1.0);
            atten *= w * w;
        }
        if (type == 2) {
            float cd = dot(lt.dir.xyz, -wi);
            float t = min(max((cd - lt.extra.x) / (lt.rad.w - lt.extra.x), 0.0), 1.0);
            atten *= t * t;
        }
        li = lt.rad.xyz * atten;
    }
    if (maxComp(li) <= 0.0) return vec3(0.0);
    float pdf;
    vec3 fv = evalBSDF(s, wo, wi, pdf);
    if (maxComp(fv) <= 0.0) return vec3(0.0);
    if (!visible(offsetToward(s.p, s.ng, wi), wi, dist * (1.0 - 1e-3), state)) return vec3(0.0);
    return fv * li * (abs(dot(s.n, wi)) * float(nl));
}

vec3 attenuation(int m, float t) {
    float k = t / mv(m, 5).z;
    vec3 c = mv(m, 6).xyz;
    return vec3(c.x <= 0.0 ? 0.0 : pow(c.x, k), c.y <= 0.0 ? 0.0 : pow(c.y, k), c.z <= 0.0 ? 0.0 : pow(c.z, k));
}

vec4 radiance(vec3 ro, vec3 rd) {
    vec3 l = vec3(0.0);
    vec3 beta = vec3(1.0);
    float prevPdf = 0.0;
    vec3 prevP = vec3(0.0); // the shading point that sampled the ray
    int channel = -1;
    float coverage = 0.0;
    int passed = 0;
    int maxBounces = counts.x;
    bool film = (envInfo.w & 4) != 0;
    bool cutout = (envInfo.w & 1) != 0;
    for (int depth = 0;;) {
        rays++;
        float t, u, v;
        int hit = intersect(ro, rd, INF, t, u, v);
        if (hit < 0) {
            if (envInfo.z != 0 && !(depth == 0 && film)) {
                float w = 1.0;
                if (depth > 0) w = powerHeuristic(prevPdf, envPdf(rd));
                vec3 e = beta * envRadiance(rd) * w;
                l += e;
                if (depth == 0) auxEmit = e;
            }
            break;
        }
        uint tri = uint(hit);
        vec3 p = ro + rd * t;
        int m = matOf(tri);
        if (cutout && cutoutMat(m)) {
            bool unlit = mv(m, 4).z != 0.0;
            if (unlit && depth == 0) {
                Attrs a = attrs(tri, u, v);
                float op = 1.0;
                if (mv(m, 4).x != 0.0) op = opacity(m, a);
                float uA = rnd();
                if (uA < op) {
                    vec3 e = beta * unlitColor(m, a);
                    l += e;
                    if (!auxHit) {
                        auxHit = true;
                        auxAlbedo = vec3(1.0);
                        auxEmit = e;
                        auxNormal = shades[tri].ng.xyz;
                        auxDepth = t * dot(rd, forward.xyz);
                    }
                    coverage = 1.0;
                    break;
                }
            } else if (passes(tri, u, v, rnd(), depth == 0)) {
                passed++;
                if (passed >= MAX_PASS) break;
                ro = offsetP(p, rd);
                continue;
            }
            if (unlit) {
                passed++;
                if (passed >= MAX_PASS) break;
                ro = offsetP(p, rd);
                continue;
            }
        }
        if (depth == 0) coverage = 1.0;
        vec3 wo = -rd;
        if (mv(m, 5).z > 0.0 && mv(m, 5).y > 0.0 && dot(shades[tri].ng.xyz, wo) < 0.0) beta *= attenuation(m, t);
        Surface s = shade(tri, u, v, p, wo, channel);
        if (depth == 0 && !auxHit) {
            auxHit = true;
            auxAlbedo = maxComp(s.emission) > 0.0 ? vec3(1.0) : s.base;
            auxNormal = s.n;
            auxDepth = t * dot(rd, forward.xyz);
        }
        if (maxComp(s.emission) > 0.0) {
            float w = 1.0;
            if (depth > 0) w = powerHeuristic(prevPdf, emitterPdf(tri, prevP, p));
            vec3 e = beta * s.emission * w;
            l += e;
            if (depth == 0) auxEmit = e;
        }
        if (depth >= maxBounces) break;
        uint g = 1u + 3u * uint(depth);
        uvec2 bs = group(g), em = group(g + 1u), en = group(g + 2u);
        float u1 = at(bs, 0u), u2 = at(bs, 1u), uLobe = at(bs, 2u);
        float uA = 0.0, uB = 0.0, uPick = 0.0, uSel = 0.0, uE1 = 0.0, uE2 = 0.0, uLight = 0.0;
        if (counts.y > 0) { uA = at(em, 0u); uB = at(em, 1u); uPick = at(em, 2u); }
        if (s.trans > 0.0 || mv(m, 5).w > 0.0) uSel = at(em, 3u);
        if (envInfo.z != 0) { uE1 = at(en, 0u); uE2 = at(en, 1u); }
        if (counts.z > 0) uLight = at(en, 2u);
        l += beta * sampleEmitter(s, wo, uPick, uA, uB, rngState);
        l += beta * samplePunctual(s, wo, uLight, rngState);
        l += beta * sampleEnv(s, wo, uE1, uE2, rngState);
        vec3 wi;
        float pdf;
        vec3 fv = sampleBSDF(s, wo, uLobe, u1, u2, uSel, wi, pdf);
        if (pdf <= 0.0 || maxComp(fv) <= 0.0) break;
        beta *= fv * (abs(dot(s.n, wi)) / pdf);
        if (channel < 0 && mv(m, 5).w > 0.0 && !s.thin && dot(s.n, wi) < 0.0) {
            channel = min(int(uSel * 3.0), 2);
            vec3 c = beta;
            beta = vec3(0.0);
            beta[channel] = 3.0 * c[channel];
        }
        prevPdf = pdf;
        prevP = p;
        if (depth + 1 >= ROULETTE_DEPTH) {
            float q = min(maxComp(beta), ROULETTE_MAX);
            if (at(bs, 3u) >= q) break;
            beta *= 1.0 / q;
        }
        ro = offsetToward(p, s.ng, wi);
        rd = wi;
        depth++;
    }
    return vec4(l, coverage);
}

// converged is render.Converged: may a pixel of n samples, whose
// luminances sum to s1 and their squares to s2, stop at threshold t?
bool converged(int n, int mn, float s1, float s2, float t) {
    if (n < mn || (n - mn) % ADAPTIVE_STEP != 0 || n < 2) return false;
    float fn = float(n);
    float v = max(0.0, (s2 - s1 * s1 / fn) / (fn - 1.0)) / fn;
    return v <= t * t * max(s1 / fn, 1e-4);
}

// The accumulation buffer holds ACCUM floats per pixel (render/gpu.Image
// reads them): RGBA sums, luminance sum and sum of squares, samples taken,
// stopped (1: adaptive sampling ended the pixel), albedo sum, normal sum,
// nearest depth (0: none yet), emission sum.
const int ACCUM = 20;

void main() {
    int x = tile.x + int(gl_GlobalInvocationID.x);
    int y = tile.y + int(gl_GlobalInvocationID.y);
    if (x >= tile.z || y >= tile.w) return;
    int width = image.x, height = image.y;
    uint pixel = uint(y * width + x);
    float aspect = right.w;
    float tanHalf = origin.w;
    bool pass = (samples.w & 1) != 0, adaptive = (samples.w & 2) != 0;
    int i = ACCUM * ((y - region.y) * (region.z - region.x) + (x - region.x));
    if (accum[i + 7] != 0.0) return;
    float s1 = accum[i + 4], s2 = accum[i + 5];
    float taken = accum[i + 6];
    float dmin = accum[i + 14];
    vec4 sum = vec4(0.0);
    vec3 albedo = vec3(0.0), normal = vec3(0.0), emit = vec3(0.0);
    bool stopped = false;
    for (int smp = samples.x; smp < samples.y; smp++) {
        if (adaptive && converged(smp, samples.z, s1, s2, background.w)) {
            stopped = true;
            break;
        }
        seedSampler(uint(image.z), uint(image.w), pixel, uint(smp));
        uvec2 film = group(0u);
        float jx = at(film, 0u), jy = at(film, 1u);
        float ndcX = (2.0 * (float(x) + jx) / float(width) - 1.0) * aspect;
        float ndcY = 1.0 - 2.0 * (float(y) + jy) / float(height);
        vec3 o = origin.xyz, d;
        if ((envInfo.w & 8) != 0) {
            float hh = envParams.w;
            o = origin.xyz + right.xyz * (ndcX * hh) + up.xyz * (ndcY * hh);
            d = forward.xyz;
        } else {
            d = norm3(forward.xyz + right.xyz * (ndcX * tanHalf) + up.xyz * (ndcY * tanHalf));
        }
        auxHit = false;
        auxEmit = vec3(0.0);
        vec4 l = radiance(o, d);
        taken += 1.0;
        if (pass) {
            if (finite3(auxEmit)) emit += auxEmit;
            if (auxHit) {
                albedo += auxAlbedo;
                normal += auxNormal;
                dmin = dmin == 0.0 ? auxDepth : min(dmin, auxDepth);
            } else {
                albedo += vec3(1.0);
            }
        }
        if (!finite3(l.xyz)) continue;
        sum += l;
        float lum = 0.2126 * l.x + 0.7152 * l.y + 0.0722 * l.z;
        s1 += lum;
        s2 += lum * lum;
    }
    accum[i] += sum.x;
    accum[i + 1] += sum.y;
    accum[i + 2] += sum.z;
    accum[i + 3] += sum.w;
    accum[i + 4] = s1;
    accum[i + 5] = s2;
    accum[i + 6] = taken;
    if (stopped) accum[i + 7] = 1.0;
    if (pass) {
        accum[i + 8] += albedo.x;
        accum[i + 9] += albedo.y;
        accum[i + 10] += albedo.z;
        accum[i + 11] += normal.x;
        accum[i + 12] += normal.y;
        accum[i + 13] += normal.z;
        accum[i + 14] = dmin;
        accum[i + 15] += emit.x;
        accum[i + 16] += emit.y;
        accum[i + 17] += emit.z;
    }
    atomicAdd(raysCast, rays);
}
