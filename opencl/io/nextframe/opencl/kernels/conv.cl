// Convolution lowered to GEMM. Every geometry is 3-D (D, H, W) in int4 .x/.y/.z; 1-D and 2-D convolutions pad the
// leading axes with size 1, kernel 1, stride 1, padding 0, dilation 1.
// Column row r = c·kvol + (kd·KH + kh)·KW + kw (c the channel within the group), column p = (od·OH + oh)·OW + ow.

// Columns of samples [0, S) of one group, written straight into gemm.cl's packed-B layout (panels of nr).
// transposed = 0: per sample a (rows × P) matrix (forward: y = W·cols), panels over P, batch stride padded·rows.
// transposed = 1: one (S·P × rows) matrix with row index s·P + p, panels over rows (weight gradient:
// dW = dy·colsᵀ summed over the samples inside the GEMM's K loop).
// One work-item per (output line (od, oh), column row r, sample s) walks the line's ow: the index arithmetic
// (integer divisions are slow on CPUs) is done once per line, not per element. Global: (OD·OH, rows or padded
// rows, S). The padding of the last panel is written with zeros.
__kernel void im2col_packed(int nr, int transposed, int rows, int P, int padded, int S, __global const float* x,
                            int xOff, int sampleStride, int4 in, int4 out, int4 k, int4 st, int4 pd, int4 dl,
                            __global float* dst) {
    int line = get_global_id(0);
    int r = get_global_id(1);
    int s = get_global_id(2);
    int lines = out.x * out.y;
    if (line >= lines || s >= S || r >= (transposed ? padded : rows)) return;
    int od = line / out.y, oh = line - od * out.y;
    int p0 = line * out.z;
    if (r >= rows) { // transposed layout: a padding row of the last panel
        for (int ow = 0; ow < out.z; ow++)
            dst[(r / nr) * (S * P) * nr + (s * P + p0 + ow) * nr + (r % nr)] = 0.0f;
        return;
    }
    int kvol = k.x * k.y * k.z;
    int c = r / kvol, kr = r - c * kvol;
    int kd = kr / (k.y * k.z), kh = (kr / k.z) % k.y, kw = kr % k.z;
    int id = od * st.x - pd.x + kd * dl.x;
    int ih = oh * st.y - pd.y + kh * dl.y;
    int rowOk = id >= 0 && id < in.x && ih >= 0 && ih < in.y;
    const __global float* src = x + xOff + s * sampleStride + ((c * in.x + id) * in.y + ih) * in.z;
    int iw = -pd.z + kw * dl.z;
    if (!transposed) {
        // walk panel q, lane j of position p without dividing per element
        int q = p0 / nr, j = p0 - q * nr;
        __global float* panel = dst + (s * (padded / nr) + q) * rows * nr + r * nr;
        int end = line == lines - 1 ? out.z + (padded - P) : out.z; // the last line also zeroes the padding
        for (int ow = 0; ow < end; ow++, iw += st.z) {
            panel[j] = ow < out.z && rowOk && iw >= 0 && iw < in.z ? src[iw] : 0.0f;
            if (++j == nr) { j = 0; panel += rows * nr; }
        }
    } else {
        __global float* base = dst + (r / nr) * (S * P) * nr + (s * P + p0) * nr + (r % nr);
        for (int ow = 0; ow < out.z; ow++, iw += st.z) {
            base[ow * nr] = rowOk && iw >= 0 && iw < in.z ? src[iw] : 0.0f;
        }
    }
}

// dx[s, c, id, ih, ·] = Σ over the kernel taps that reach each input cell of cols[s][c·kvol + tap][output position];
// cols is plain row-major (S, C·kvol, P). One work-item owns one input line (s, c, id, ih) and adds the taps in
// (kd, kh, kw) order into it: no atomics, a fixed order, and integer divisions only per line and tap row.
__kernel void col2im(int lines, int C, int4 in, int4 out, int4 k, int4 st, int4 pd, int4 dl,
                     __global const float* cols, __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= lines) return;
    int ih = e % in.y;
    int id = (e / in.y) % in.x;
    int sc = e / (in.y * in.x);
    int kvol = k.x * k.y * k.z;
    int P = out.x * out.y * out.z;
    const __global float* col = cols + sc * kvol * P;
    __global float* row = dx + dxOff + e * in.z;
    for (int iw = 0; iw < in.z; iw++) row[iw] = 0.0f;
    for (int kd = 0; kd < k.x; kd++) {
        int td = id + pd.x - kd * dl.x;
        if (td < 0 || td % st.x != 0 || td / st.x >= out.x) continue;
        for (int kh = 0; kh < k.y; kh++) {
            int th = ih + pd.y - kh * dl.y;
            if (th < 0 || th % st.y != 0 || th / st.y >= out.y) continue;
            int p0 = ((td / st.x) * out.y + th / st.y) * out.z;
            for (int kw = 0; kw < k.z; kw++) {
                const __global float* cp = col + ((kd * k.y + kh) * k.z + kw) * P + p0;
                int iw = kw * dl.z - pd.z;
                for (int ow = 0; ow < out.z; ow++, iw += st.z) {
                    if (iw >= 0 && iw < in.z) row[iw] += cp[ow];
                }
            }
        }
    }
}

// y[s, c, p] += bias[c]; global (P, C, S)
__kernel void bias_add(int S, int C, int P, __global float* y, int yOff, __global const float* bias, int bOff) {
    int p = get_global_id(0), c = get_global_id(1), s = get_global_id(2);
    if (p >= P || c >= C || s >= S) return;
    y[yOff + (s * C + c) * P + p] += bias[bOff + c];
}
