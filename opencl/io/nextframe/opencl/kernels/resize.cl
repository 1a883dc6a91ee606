// Nearest / (bi,tri)linear resampling of (N·C, D, H, W) planes (int4 .x/.y/.z; unused leading axes have size 1).
// Each axis is separable: output o reads input taps i0 (weight 1 − λ) and i1 (weight λ). The backward pass is a
// gather over the outputs whose taps touch each input cell, so it needs no atomics.

inline void taps(int mode, int align, int o, int in, int out, int* i0, int* i1, float* lam) {
    if (mode == 0) { // nearest: src = floor(o·in/out)
        *i0 = min((int) (((long) o * in) / out), in - 1);
        *i1 = *i0;
        *lam = 0.0f;
        return;
    }
    float src;
    if (align) {
        src = out > 1 ? (float) o * (float) (in - 1) / (float) (out - 1) : 0.0f;
    } else {
        src = fmax(((float) o + 0.5f) * (float) in / (float) out - 0.5f, 0.0f);
    }
    int f = min((int) floor(src), in - 1);
    *i0 = f;
    *i1 = min(f + 1, in - 1);
    *lam = src - (float) f;
}

// Weight of input cell i in output o along one axis.
inline float tap_weight(int mode, int align, int o, int i, int in, int out) {
    int i0, i1;
    float lam;
    taps(mode, align, o, in, out, &i0, &i1, &lam);
    float w = 0.0f;
    if (i0 == i) w += 1.0f - lam;
    if (i1 == i && mode != 0) w += lam;
    return w;
}

__kernel void resize_fwd(int n, int mode, int align, int4 in, int4 out, __global const float* x, int xOff,
                         __global float* y, int yOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int ow = e % out.z, oh = (e / out.z) % out.y, od = (e / (out.z * out.y)) % out.x;
    int plane = e / (out.x * out.y * out.z);
    const __global float* px = x + xOff + plane * in.x * in.y * in.z;
    int d0, d1, h0, h1, w0, w1;
    float ld, lh, lw;
    taps(mode, align, od, in.x, out.x, &d0, &d1, &ld);
    taps(mode, align, oh, in.y, out.y, &h0, &h1, &lh);
    taps(mode, align, ow, in.z, out.z, &w0, &w1, &lw);
    if (mode == 0) {
        y[yOff + e] = px[(d0 * in.y + h0) * in.z + w0];
        return;
    }
    float v = 0.0f;
    for (int a = 0; a < 2; a++) {
        int id = a ? d1 : d0;
        float wd = a ? ld : 1.0f - ld;
        for (int b = 0; b < 2; b++) {
            int ih = b ? h1 : h0;
            float wh = b ? lh : 1.0f - lh;
            float row = (1.0f - lw) * px[(id * in.y + ih) * in.z + w0] + lw * px[(id * in.y + ih) * in.z + w1];
            v += wd * wh * row;
        }
    }
    y[yOff + e] = v;
}

// Outputs that may touch input cell i along an axis lie in [lo, hi]; the weight test decides exactly.
inline void candidates(int i, int in, int out, int* lo, int* hi) {
    // src ≈ o·in/out, and a tap reaches at most one cell away: o ∈ [(i − 1)·out/in − 1, (i + 1)·out/in + 1]
    *lo = max(0, (int) floor((float) (i - 1) * (float) out / (float) in) - 1);
    *hi = min(out - 1, (int) ceil((float) (i + 2) * (float) out / (float) in) + 1);
}

__kernel void resize_bwd(int n, int mode, int align, int4 in, int4 out, __global const float* dy, int dyOff,
                         __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int iw = e % in.z, ih = (e / in.z) % in.y, id = (e / (in.z * in.y)) % in.x;
    int plane = e / (in.x * in.y * in.z);
    const __global float* pdy = dy + dyOff + plane * out.x * out.y * out.z;
    int dlo, dhi, hlo, hhi, wlo, whi;
    candidates(id, in.x, out.x, &dlo, &dhi);
    candidates(ih, in.y, out.y, &hlo, &hhi);
    candidates(iw, in.z, out.z, &wlo, &whi);
    float acc = 0.0f;
    for (int od = dlo; od <= dhi; od++) {
        float wd = tap_weight(mode, align, od, id, in.x, out.x);
        if (wd == 0.0f) continue;
        for (int oh = hlo; oh <= hhi; oh++) {
            float wh = tap_weight(mode, align, oh, ih, in.y, out.y);
            if (wh == 0.0f) continue;
            for (int ow = wlo; ow <= whi; ow++) {
                float ww = tap_weight(mode, align, ow, iw, in.z, out.z);
                if (ww != 0.0f) acc += wd * wh * ww * pdy[(od * out.y + oh) * out.z + ow];
            }
        }
    }
    dx[dxOff + e] = acc;
}
