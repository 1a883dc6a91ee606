// Max / average pooling over (D, H, W) in int4 .x/.y/.z (1-D and 2-D pad leading axes with 1). Tensors are
// (N·C, spatial). Max ignores padded cells; average divides by the whole window (count_include_pad).

// Flat spatial index of the first maximum (row-major scan) of output window (od, oh, ow) in plane `plane`.
inline int window_argmax(__global const float* plane, int od, int oh, int ow, int4 in, int4 k, int4 st, int4 pd) {
    float best = -INFINITY;
    int arg = -1;
    for (int a = 0; a < k.x; a++) {
        int id = od * st.x - pd.x + a;
        if (id < 0 || id >= in.x) continue;
        for (int b = 0; b < k.y; b++) {
            int ih = oh * st.y - pd.y + b;
            if (ih < 0 || ih >= in.y) continue;
            for (int c = 0; c < k.z; c++) {
                int iw = ow * st.z - pd.z + c;
                if (iw < 0 || iw >= in.z) continue;
                int idx = (id * in.y + ih) * in.z + iw;
                float v = plane[idx];
                if (arg < 0 || v > best) { best = v; arg = idx; }
            }
        }
    }
    return arg;
}

__kernel void pool_fwd(int n, int isMax, int4 in, int4 out, int4 k, int4 st, int4 pd, __global const float* x,
                       int xOff, __global float* y, int yOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int ow = e % out.z, oh = (e / out.z) % out.y, od = (e / (out.z * out.y)) % out.x;
    int plane = e / (out.x * out.y * out.z);
    const __global float* px = x + xOff + plane * in.x * in.y * in.z;
    if (isMax) {
        y[yOff + e] = px[window_argmax(px, od, oh, ow, in, k, st, pd)];
        return;
    }
    float s = 0.0f;
    for (int a = 0; a < k.x; a++) {
        int id = od * st.x - pd.x + a;
        if (id < 0 || id >= in.x) continue;
        for (int b = 0; b < k.y; b++) {
            int ih = oh * st.y - pd.y + b;
            if (ih < 0 || ih >= in.y) continue;
            for (int c = 0; c < k.z; c++) {
                int iw = ow * st.z - pd.z + c;
                if (iw < 0 || iw >= in.z) continue;
                s += px[(id * in.y + ih) * in.z + iw];
            }
        }
    }
    y[yOff + e] = s / (float) (k.x * k.y * k.z);
}

// First and last output index whose window covers input index i along one axis.
inline int first_window(int i, int k, int st, int pd) {
    int t = i + pd - k + 1;
    return t <= 0 ? 0 : (t + st - 1) / st;
}

// dx gathered over the windows that contain each input cell.
__kernel void pool_bwd(int n, int isMax, int4 in, int4 out, int4 k, int4 st, int4 pd, __global const float* x,
                       int xOff, __global const float* dy, int dyOff, __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int iw = e % in.z, ih = (e / in.z) % in.y, id = (e / (in.z * in.y)) % in.x;
    int plane = e / (in.x * in.y * in.z);
    int self = (id * in.y + ih) * in.z + iw;
    const __global float* px = x + xOff + plane * in.x * in.y * in.z;
    const __global float* pdy = dy + dyOff + plane * out.x * out.y * out.z;
    float inv = 1.0f / (float) (k.x * k.y * k.z);
    float acc = 0.0f;
    int d1 = min(out.x - 1, (id + pd.x) / st.x);
    int h1 = min(out.y - 1, (ih + pd.y) / st.y);
    int w1 = min(out.z - 1, (iw + pd.z) / st.z);
    for (int od = first_window(id, k.x, st.x, pd.x); od <= d1; od++) {
        for (int oh = first_window(ih, k.y, st.y, pd.y); oh <= h1; oh++) {
            for (int ow = first_window(iw, k.z, st.z, pd.z); ow <= w1; ow++) {
                float g = pdy[(od * out.y + oh) * out.z + ow];
                if (isMax) {
                    if (window_argmax(px, od, oh, ow, in, k, st, pd) == self) acc += g;
                } else {
                    acc += g * inv;
                }
            }
        }
    }
    dx[dxOff + e] = acc;
}
