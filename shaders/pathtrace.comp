#version 450
// The path tracer of render/cpu as a Vulkan/OpenGL compute shader: the same
// BVH traversal, materials, next-event estimation with MIS, and the same
// random numbers, drawn in the same order, so that one (seed, frame, pixel,
// sample) gives the same path as the CPU engine within float rounding.
// Buffer layouts are written by render/gpuscene (Go); keep them in step.

layout(local_size_x = 8, local_size_y = 8) in;

struct Tri { vec4 v0; vec4 e1; vec4 e2; };
// n0.w: bitangent sign; n1.w: area; n2.w: light pdf; ng.w: material (int bits)
struct Shade { vec4 n0; vec4 n1; vec4 n2; vec4 ng; vec4 tangent; vec4 uv01; vec4 uv2; };
struct Node { vec4 mn; vec4 mx; }; // mn.w: leftFirst, mx.w: count (uint bits)
// base.w unused; em.w metallic; spec.w specular weight;
// misc: roughness, f0, normal scale, double sided; tex: base, metal-rough, emissive, normal
struct Material { vec4 base; vec4 em; vec4 spec; vec4 misc; ivec4 tex; };
// pos.w: type (0 directional, 1 point, 2 spot); dir.w: range; rad.w: cos inner; extra.x: cos outer
struct Light { vec4 pos; vec4 dir; vec4 rad; vec4 extra; };
struct TexInfo { ivec4 info; }; // offset (in floats), width, height, flags (wrapS | wrapT<<4 | nearest<<8)

layout(std430, set = 0, binding = 0) readonly buffer Tris { Tri tris[]; };
layout(std430, set = 0, binding = 1) readonly buffer Shades { Shade shades[]; };
layout(std430, set = 0, binding = 2) readonly buffer Nodes { Node nodes[]; };
layout(std430, set = 0, binding = 3) readonly buffer Materials { Material materials[]; };
layout(std430, set = 0, binding = 4) readonly buffer Lights { Light lights[]; };
layout(std430, set = 0, binding = 5) readonly buffer Emitters { uint emitters[]; };
layout(std430, set = 0, binding = 6) readonly buffer EmitterCDF { float cdf[]; };
layout(std430, set = 0, binding = 7) readonly buffer TexInfos { TexInfo texinfo[]; };
layout(std430, set = 0, binding = 8) readonly buffer Texels { float texels[]; };
layout(std430, set = 0, binding = 9) buffer Accum { float accum[]; };
layout(std430, set = 0, binding = 10) buffer Counters { uint raysCast; };

layout(std140, set = 0, binding = 11) uniform Params {
    ivec4 image;   // width, height, seed (bits), frame
    ivec4 region;  // x0, y0, x1, y1 of the whole render (accum is its size)
    ivec4 tile;    // x0, y0, x1, y1 of this dispatch
    ivec4 counts;  // max bounces, emitters, lights, unused
    ivec4 samples; // s0, s1 of this dispatch
    vec4 background;
    vec4 origin;   // w: tan(fov/2)
    vec4 right;    // w: aspect
    vec4 up;
    vec4 forward;
};

const float PI = 3.14159265358979323846;
const float INV_PI = 1.0 / PI;
const float MIN_ALPHA = 0.004;
const int ROULETTE_DEPTH = 3;
const float ROULETTE_MAX = 0.95;
const int STACK = 72; // scenes.BVHMaxDepth + 8
const float INF = 3.402823466e38; // the largest float: beyond every hit, as +Inf is on the CPU

// ---- random numbers (render/cpu/rng.go) ----
uint pcgHash(uint x) {
    uint s = x * 747796405u + 2891336453u;
    uint w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
    return (w >> 22u) ^ w;
}
uint rngState;
void seedRNG(uint seed, uint frame, uint pixel, uint smp) {
    rngState = pcgHash(seed ^ pcgHash(frame ^ pcgHash(pixel ^ pcgHash(smp))));
}
float rnd() {
    rngState = rngState * 747796405u + 2891336453u;
    uint s = rngState;
    uint w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
    return float(((w >> 22u) ^ w) >> 8u) * (1.0 / 16777216.0);
}

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

// ---- materials (render/cpu/bsdf.go) ----
struct Surface {
    vec3 p, ng, n, base, f0, emission;
    float metallic, alpha, specW;
};

float pow5(float x) { float x2 = x * x; return x2 * x2 * x; }
float ggxD(float noH, float a2) { float d = noH * noH * (a2 - 1.0) + 1.0; return a2 * INV_PI / (d * d); }
float smithV(float noV, float noL, float a2) {
    float gv = noL * sqrt(noV * noV * (1.0 - a2) + a2);
    float gl = noV * sqrt(noL * noL * (1.0 - a2) + a2);
    if (gv + gl <= 0.0) return 0.0;
    return 0.5 / (gv + gl);
}
float smithG1(float noV, float a2) { return 2.0 * noV / (noV + sqrt(a2 + (1.0 - a2) * noV * noV)); }

float specProb(Surface s, float noV) {
    float w = pow5(1.0 - noV);
    float f0 = maxComp(s.f0);
    float fd = f0 + (1.0 - f0) * w;
    float specAlb = s.specW * fd * (1.0 - s.metallic) + s.metallic;
    float diffAlb = (1.0 - s.metallic) * luminance(s.base) * (1.0 - s.specW * fd);
    if (diffAlb <= 0.0) return 1.0;
    if (specAlb <= 0.0) return 0.0;
    return min(max(specAlb / (specAlb + diffAlb), 0.1), 0.9);
}

vec3 evalBSDF(Surface s, vec3 wo, vec3 wi, out float pdf) {
    pdf = 0.0;
    float noV = dot(s.n, wo), noL = dot(s.n, wi);
    if (noL <= 0.0 || noV <= 0.0 || dot(s.ng, wi) <= 0.0) return vec3(0.0);
    vec3 h = norm3(wo + wi);
    float noH = max(dot(s.n, h), 0.0), voH = max(dot(wo, h), 0.0);
    float a2 = s.alpha * s.alpha;
    float d = ggxD(noH, a2);
    float spec = d * smithV(noV, noL, a2);
    float w = pow5(1.0 - voH);
    vec3 fd = s.f0 + (1.0 - s.f0) * w;
    vec3 diffuse = s.base * (INV_PI * (1.0 - s.specW * maxComp(fd)));
    vec3 dielectric = diffuse + fd * (s.specW * spec);
    vec3 fm = s.base + (1.0 - s.base) * w;
    vec3 metal = fm * spec;
    vec3 f = dielectric * (1.0 - s.metallic) + metal * s.metallic;
    float pSpec = specProb(s, noV);
    float pdfSpec = d * smithG1(noV, a2) / (4.0 * noV);
    float pdfDiff = noL * INV_PI;
    pdf = pSpec * pdfSpec + (1.0 - pSpec) * pdfDiff;
    return f;
}

void basis(vec3 n, out vec3 t, out vec3 b) {
    float sgn = n.z >= 0.0 ? 1.0 : -1.0;
    if (n.z == 0.0 && floatBitsToUint(n.z) != 0u) sgn = -1.0; // copysign of -0
    float a = -1.0 / (sgn + n.z);
    float bb = n.x * n.y * a;
    t = vec3(1.0 + sgn * n.x * n.x * a, sgn * bb, -sgn * n.x);
    b = vec3(bb, sgn + n.y * n.y * a, -n.y);
}

vec3 sampleVNDF(vec3 v, float alpha, float u1, float u2) {
    vec3 vh = norm3(vec3(alpha * v.x, alpha * v.y, v.z));
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
    return norm3(vec3(alpha * nh.x, alpha * nh.y, max(0.0, nh.z)));
}

vec3 sampleBSDF(Surface s, vec3 wo, float uLobe, float u1, float u2, out vec3 wi, out float pdf) {
    vec3 t, b;
    basis(s.n, t, b);
    float noV = dot(s.n, wo);
    if (uLobe < specProb(s, noV)) {
        vec3 vl = vec3(dot(wo, t), dot(wo, b), noV);
        vec3 hl = sampleVNDF(vl, s.alpha, u1, u2);
        vec3 h = t * hl.x + b * hl.y + s.n * hl.z;
        wi = h * (2.0 * dot(wo, h)) - wo;
    } else {
        float r = sqrt(u1);
        float phi = 2.0 * PI * u2;
        float x = r * cos(phi), y = r * sin(phi);
        float z = sqrt(max(0.0, 1.0 - u1));
        wi = t * x + b * y + s.n * z;
    }
    return evalBSDF(s, wo, wi, pdf);
}

Surface shade(uint tri, float u, float v, vec3 p, vec3 wo) {
    Shade sh = shades[tri];
    Material m = materials[matOf(tri)];
    float w = 1.0 - u - v;
    vec2 uv = vec2(sh.uv01.x * w + sh.uv01.z * u + sh.uv2.x * v, sh.uv01.y * w + sh.uv01.w * u + sh.uv2.y * v);
    Surface s;
    s.p = p;
    s.ng = sh.ng.xyz;
    s.n = norm3(sh.n0.xyz * w + sh.n1.xyz * u + sh.n2.xyz * v);
    s.base = m.base.xyz;
    s.metallic = m.em.w;
    s.specW = m.spec.w;
    s.f0 = min(m.spec.xyz * m.misc.y, vec3(1.0));
    s.emission = m.em.xyz;
    float rough = m.misc.x;
    if (m.tex.x >= 0) s.base *= sampleTex(m.tex.x, uv.x, uv.y).xyz;
    if (m.tex.y >= 0) {
        vec4 c = sampleTex(m.tex.y, uv.x, uv.y);
        rough *= c.y;
        s.metallic *= c.z;
    }
    if (m.tex.z >= 0 && maxComp(s.emission) > 0.0) s.emission *= sampleTex(m.tex.z, uv.x, uv.y).xyz;
    s.alpha = max(rough * rough, MIN_ALPHA);
    if (dot(s.ng, wo) < 0.0) {
        s.ng = -s.ng; s.n = -s.n;
        if (m.misc.w == 0.0) s.emission = vec3(0.0);
    }
    if (m.tex.w >= 0) {
        vec4 c = sampleTex(m.tex.w, uv.x, uv.y);
        float tx = (2.0 * c.x - 1.0) * m.misc.z, ty = (2.0 * c.y - 1.0) * m.misc.z, tz = 2.0 * c.z - 1.0;
        vec3 tg = norm3(sh.tangent.xyz - s.n * dot(s.n, sh.tangent.xyz));
        vec3 bt = cross(s.n, tg) * sh.n0.w;
        vec3 nm = norm3(tg * tx + bt * ty + s.n * tz);
        if (finite3(nm) && nm != vec3(0.0)) s.n = nm;
    }
    if (dot(s.n, wo) <= 0.0 || !finite3(s.n) || s.n == vec3(0.0)) s.n = s.ng;
    return s;
}

// ---- lights (render/cpu/trace.go) ----
uint rays = 0u; // rays cast by this invocation
float facing(uint tri, vec3 w) {
    float c = dot(shades[tri].ng.xyz, w);
    if (materials[matOf(tri)].misc.w != 0.0) return abs(c);
    return max(c, 0.0);
}

vec3 emissionAt(uint tri, float u, float v) {
    Shade sh = shades[tri];
    Material m = materials[matOf(tri)];
    vec3 e = m.em.xyz;
    if (m.tex.z >= 0) {
        float w = 1.0 - u - v;
        float uu = sh.uv01.x * w + sh.uv01.z * u + sh.uv2.x * v;
        float vv = sh.uv01.y * w + sh.uv01.w * u + sh.uv2.y * v;
        e *= sampleTex(m.tex.z, uu, vv).xyz;
    }
    return e;
}

float powerHeuristic(float a, float b) {
    float a2 = a * a, b2 = b * b;
    if (a2 + b2 <= 0.0 || isinf(a2)) return 1.0;
    return a2 / (a2 + b2);
}

float emitterPdf(uint tri, vec3 from, vec3 p) {
    float lp = shades[tri].n2.w;
    if (lp <= 0.0) return 0.0;
    vec3 d = p - from;
    float dist2 = dot(d, d);
    float c = facing(tri, d * (-1.0 / sqrt(dist2)));
    if (c <= 0.0) return 0.0;
    return lp * dist2 / (shades[tri].n1.w * c);
}

vec3 sampleEmitter(Surface s, vec3 wo, float uPick, float uA, float uB) {
    int ne = counts.y;
    if (ne == 0) return vec3(0.0);
    int lo = 0, hi = ne; // first index with cdf > uPick (sort.Search)
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (cdf[mid] > uPick) hi = mid; else lo = mid + 1;
    }
    int k = min(lo, ne - 1);
    uint tri = emitters[k];
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
    rays++;
    if (occluded(offsetP(s.p, s.ng), wi, dist * (1.0 - 1e-3))) return vec3(0.0);
    float lightPdf = shades[tri].n2.w * dist2 / (shades[tri].n1.w * cosL);
    float w = powerHeuristic(lightPdf, bsdfPdf);
    return fv * le * (dot(s.n, wi) * w / lightPdf);
}

vec3 samplePunctual(Surface s, vec3 wo, float u) {
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
    rays++;
    if (occluded(offsetP(s.p, s.ng), wi, dist * (1.0 - 1e-3))) return vec3(0.0);
    return fv * li * (dot(s.n, wi) * float(nl));
}


vec3 radiance(vec3 ro, vec3 rd) {
    vec3 l = vec3(0.0);
    vec3 beta = vec3(1.0);
    float prevPdf = 0.0;
    int maxBounces = counts.x;
    for (int depth = 0;; depth++) {
        rays++;
        float t, u, v;
        int hit = intersect(ro, rd, INF, t, u, v);
        if (hit < 0) {
            l += beta * background.xyz;
            break;
        }
        uint tri = uint(hit);
        vec3 p = ro + rd * t;
        vec3 wo = -rd;
        Surface s = shade(tri, u, v, p, wo);
        if (maxComp(s.emission) > 0.0) {
            float w = 1.0;
            if (depth > 0) w = powerHeuristic(prevPdf, emitterPdf(tri, ro, p));
            l += beta * s.emission * w;
        }
        float uPick = rnd(), uA = rnd(), uB = rnd();
        float uLight = rnd();
        float uLobe = rnd(), u1 = rnd(), u2 = rnd();
        float uRR = rnd();
        if (depth >= maxBounces) break;
        l += beta * sampleEmitter(s, wo, uPick, uA, uB);
        l += beta * samplePunctual(s, wo, uLight);
        vec3 wi;
        float pdf;
        vec3 fv = sampleBSDF(s, wo, uLobe, u1, u2, wi, pdf);
        if (pdf <= 0.0 || maxComp(fv) <= 0.0) break;
        beta *= fv * (dot(s.n, wi) / pdf);
        prevPdf = pdf;
        if (depth + 1 >= ROULETTE_DEPTH) {
            float q = min(maxComp(beta), ROULETTE_MAX);
            if (uRR >= q) break;
            beta *= 1.0 / q;
        }
        ro = offsetP(p, s.ng);
        rd = wi;
    }
    return l;
}

void main() {
    int x = tile.x + int(gl_GlobalInvocationID.x);
    int y = tile.y + int(gl_GlobalInvocationID.y);
    if (x >= tile.z || y >= tile.w) return;
    int width = image.x, height = image.y;
    uint pixel = uint(y * width + x);
    float aspect = right.w;
    float tanHalf = origin.w;
    vec3 sum = vec3(0.0);
    for (int smp = samples.x; smp < samples.y; smp++) {
        seedRNG(uint(image.z), uint(image.w), pixel, uint(smp));
        float jx = rnd(), jy = rnd();
        float ndcX = (2.0 * (float(x) + jx) / float(width) - 1.0) * tanHalf * aspect;
        float ndcY = (1.0 - 2.0 * (float(y) + jy) / float(height)) * tanHalf;
        vec3 d = norm3(forward.xyz + right.xyz * ndcX + up.xyz * ndcY);
        vec3 l = radiance(origin.xyz, d);
        if (!finite3(l)) continue;
        sum += l;
    }
    int i = 3 * ((y - region.y) * (region.z - region.x) + (x - region.x));
    accum[i] += sum.x;
    accum[i + 1] += sum.y;
    accum[i + 2] += sum.z;
    atomicAdd(raysCast, rays);
}
