// Reductions. Deterministic: each output is summed in a fixed order over a partition of its reduction range that
// depends only on the shapes (chunks of `chunkLen`), never on the device or a race (no float atomics).

enum { SUM, MEAN, MAX };

// Stage 1: partial[o * chunks + j] = reduction of chunk j of output o's range. The kept axes (rank kr) of x have
// dims kd/strides ks in output order; the reduced axes (rank rr) dims rd/strides rs. If chunks == 1 this writes
// the final result into y instead (mean divided by the full range length `total`).
__kernel void reduce_partial(int outN, int chunks, int chunkLen, int total, int op,
                             int kr, int8 kd8, int8 ks8, int rr, int8 rd8, int8 rs8,
                             __global const float* x, int xOff, __global float* dst, int dstOff) {
    int o = get_global_id(0);
    int j = get_global_id(1);
    if (o >= outN || j >= chunks) return;
    UNPACK8(kd8, kd);
    UNPACK8(ks8, ks);
    UNPACK8(rd8, rd);
    UNPACK8(rs8, rs);
    int base = xOff + strided_offset(o, kr, kd, ks);
    int begin = j * chunkLen;
    int end = min(begin + chunkLen, total);
    float acc = op == MAX ? -INFINITY : 0.0f;
    for (int r = begin; r < end; r++) {
        float v = x[base + strided_offset(r, rr, rd, rs)];
        acc = op == MAX ? (v > acc || isnan(v) ? v : acc) : acc + v;
    }
    if (chunks == 1 && op == MEAN) {
        acc /= (float) total;
    }
    dst[dstOff + o * chunks + j] = acc;
}

// Stage 2: y[o] = reduction of the `chunks` partials of o, in order.
__kernel void reduce_finish(int outN, int chunks, int total, int op, __global const float* partial,
                            __global float* y, int yOff) {
    int o = get_global_id(0);
    if (o >= outN) return;
    float acc = op == MAX ? -INFINITY : 0.0f;
    for (int j = 0; j < chunks; j++) {
        float v = partial[o * chunks + j];
        acc = op == MAX ? (v > acc || isnan(v) ? v : acc) : acc + v;
    }
    if (op == MEAN) {
        acc /= (float) total;
    }
    y[yOff + o] = acc;
}

// Per-channel sums over (N, C, inner) tensors, for batch norm and bias gradients.
// mode 0: Σ x; 1: Σ (x − mean[c])²; 2: Σ g·(x − mean[c]) with g the second tensor.
// partial[c * chunks + j] covers flat positions [j·chunkLen, …) of the N·inner positions of channel c.
__kernel void channel_partial(int mode, int N, int C, int inner, int chunks, int chunkLen,
                              __global const float* x, int xOff, __global const float* g, int gOff,
                              __global const float* mean, int meanOff, __global acc_t* partial) {
    int j = get_global_id(0);
    int c = get_global_id(1);
    if (j >= chunks || c >= C) return;
    int total = N * inner;
    int begin = j * chunkLen;
    int end = min(begin + chunkLen, total);
    acc_t m = mode == 0 ? 0.0f : mean[meanOff + c];
    acc_t acc = 0.0f;
    int n = begin / inner;
    int i = begin - n * inner;
    for (int e = begin; e < end; e++) {
        int idx = (n * C + c) * inner + i;
        acc_t v = x[xOff + idx];
        if (mode == 0) acc += v;
        else if (mode == 1) acc += (v - m) * (v - m);
        else acc += (acc_t) g[gOff + idx] * (v - m);
        if (++i == inner) { i = 0; n++; }
    }
    partial[c * chunks + j] = acc;
}

// out[c] = Σ_j partial[c·chunks + j] / divisor, rounded to float
__kernel void channel_finish(int C, int chunks, int divisor, __global const acc_t* partial, __global float* out,
                             int outOff) {
    int c = get_global_id(0);
    if (c >= C) return;
    acc_t acc = 0.0f;
    for (int j = 0; j < chunks; j++) acc += partial[c * chunks + j];
    out[outOff + c] = (float) (acc / (acc_t) divisor);
}

// out[c] = Σ_j partial[c·chunks + j], kept in the accumulator type for the batch-norm kernels
__kernel void channel_finish_acc(int C, int chunks, __global const acc_t* partial, __global acc_t* out) {
    int c = get_global_id(0);
    if (c >= C) return;
    acc_t acc = 0.0f;
    for (int j = 0; j < chunks; j++) acc += partial[c * chunks + j];
    out[c] = acc;
}

// Softmax along an axis of length L: x viewed as (outer, L, inner); one work-item per (outer, inner) line.
__kernel void softmax_fwd(int outer, int L, int inner, int logMode, __global const float* x, int xOff,
                          __global float* y, int yOff) {
    int line = get_global_id(0);
    if (line >= outer * inner) return;
    int o = line / inner, i = line - o * inner;
    int base = o * L * inner + i;
    float mx = -INFINITY;
    for (int l = 0; l < L; l++) mx = fmax(mx, x[xOff + base + l * inner]);
    float s = 0.0f;
    for (int l = 0; l < L; l++) s += exp(x[xOff + base + l * inner] - mx);
    if (logMode) {
        float ls = log(s);
        for (int l = 0; l < L; l++) y[yOff + base + l * inner] = x[xOff + base + l * inner] - mx - ls;
    } else {
        float inv = 1.0f / s;
        for (int l = 0; l < L; l++) y[yOff + base + l * inner] = exp(x[xOff + base + l * inner] - mx) * inv;
    }
}

// softmax: dx = y(dy − Σ dy·y); log-softmax: dx = dy − eʸ·Σ dy.
__kernel void softmax_bwd(int outer, int L, int inner, int logMode, __global const float* y, int yOff,
                          __global const float* dy, int dyOff, __global float* dx, int dxOff) {
    int line = get_global_id(0);
    if (line >= outer * inner) return;
    int o = line / inner, i = line - o * inner;
    int base = o * L * inner + i;
    float s = 0.0f;
    for (int l = 0; l < L; l++) {
        int k = base + l * inner;
        s += logMode ? dy[dyOff + k] : dy[dyOff + k] * y[yOff + k];
    }
    for (int l = 0; l < L; l++) {
        int k = base + l * inner;
        dx[dxOff + k] = logMode ? dy[dyOff + k] - exp(y[yOff + k]) * s : y[yOff + k] * (dy[dyOff + k] - s);
    }
}
