// Convolution lowered to GEMM. Every geometry is 3-D (D, H, W) in int4 .x/.y/.z; 1-D and 2-D convolutions pad the
// leading axes with size 1, kernel 1, stride 1, padding 0, dilation 1.
// Column row r = c·kvol + (kd·KH + kh)·KW + kw (c the channel within the group), column p = (od·OH + oh)·OW + ow.

inline float im2col_value(__global const float* x, int xBase, int r, int p, int4 in, int4 out, int4 k, int4 st,
                          int4 pd, int4 dl) {
    int kvol = k.x * k.y * k.z;
    int c = r / kvol;
    int kr = r - c * kvol;
    int kd = kr / (k.y * k.z);
    int kh = (kr / k.z) % k.y;
    int kw = kr % k.z;
    int od = p / (out.y * out.z);
    int oh = (p / out.z) % out.y;
    int ow = p % out.z;
    int id = od * st.x - pd.x + kd * dl.x;
    int ih = oh * st.y - pd.y + kh * dl.y;
    int iw = ow * st.z - pd.z + kw * dl.z;
    if (id < 0 || id >= in.x || ih < 0 || ih >= in.y || iw < 0 || iw >= in.z) return 0.0f;
    return x[xBase + ((c * in.x + id) * in.y + ih) * in.z + iw];
}

// Columns of samples [0, S) of one group, written straight into gemm.cl's packed-B layout (panels of nr).
// transposed = 0: per sample a (rows × P) matrix (forward: y = W·cols), panels over P, batch stride padded·rows.
// transposed = 1: one (S·P × rows) matrix with row index s·P + p, panels over rows (weight gradient:
// dW = dy·colsᵀ summed over the samples inside the GEMM's K loop).
// Global: (P or padded P, rows or padded rows, S). Zeros fill the padding of the last panel.
__kernel void im2col_packed(int nr, int transposed, int rows, int P, int padded, int S, __global const float* x, int xOff,
                            int sampleStride, int4 in, int4 out, int4 k, int4 st, int4 pd, int4 dl,
                            __global float* dst) {
    int p = get_global_id(0);
    int r = get_global_id(1);
    int s = get_global_id(2);
    if (s >= S) return;
    int xBase = xOff + s * sampleStride;
    if (!transposed) {
        if (p >= padded || r >= rows) return;
        float v = p < P ? im2col_value(x, xBase, r, p, in, out, k, st, pd, dl) : 0.0f;
        dst[(s * (padded / nr) + p / nr) * rows * nr + r * nr + (p % nr)] = v;
    } else {
        if (p >= P || r >= padded) return;
        float v = r < rows ? im2col_value(x, xBase, r, p, in, out, k, st, pd, dl) : 0.0f;
        dst[(r / nr) * (S * P) * nr + (s * P + p) * nr + (r % nr)] = v;
    }
}

// dx[s, c, id, ih, iw] = Σ over kernel taps that reach this input of cols[s][c·kvol + tap][output position].
// cols is plain row-major (S, C·kvol, P). Gather form: no atomics, fixed order.
__kernel void col2im(int n, int C, int4 in, int4 out, int4 k, int4 st, int4 pd, int4 dl, __global const float* cols,
                     __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int iw = e % in.z;
    int ih = (e / in.z) % in.y;
    int id = (e / (in.z * in.y)) % in.x;
    int sc = e / (in.z * in.y * in.x);
    int kvol = k.x * k.y * k.z;
    int P = out.x * out.y * out.z;
    const __global float* col = cols + sc * kvol * P;
    float acc = 0.0f;
    for (int kd = 0; kd < k.x; kd++) {
        int td = id + pd.x - kd * dl.x;
        if (td < 0 || td % st.x != 0 || td / st.x >= out.x) continue;
        for (int kh = 0; kh < k.y; kh++) {
            int th = ih + pd.y - kh * dl.y;
            if (th < 0 || th % st.y != 0 || th / st.y >= out.y) continue;
            for (int kw = 0; kw < k.z; kw++) {
                int tw = iw + pd.z - kw * dl.z;
                if (tw < 0 || tw % st.z != 0 || tw / st.z >= out.z) continue;
                int tap = (kd * k.y + kh) * k.z + kw;
                int p = ((td / st.x) * out.y + th / st.y) * out.z + tw / st.z;
                acc += col[tap * P + p];
            }
        }
    }
    dx[dxOff + e] = acc;
}

// y[s, c, p] += bias[c]
__kernel void bias_add(int n, int C, int P, __global float* y, int yOff, __global const float* bias, int bOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    y[yOff + e] += bias[bOff + (e / P) % C];
}
