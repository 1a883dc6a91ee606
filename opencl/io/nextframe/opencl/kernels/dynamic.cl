// Seed-specific ops. Dynamic local filtering (DFN): per-pixel filters (B, kh·kw, H, W) applied to every channel;
// cross convolution: per-sample depthwise kernels (B, C, kh, kw). All backward passes gather (no atomics).

// y[b,c,i,j] = Σ_k f[b,k,i,j] · x[b,c, i + k/kw − kh/2, j + k%kw − kw/2]
__kernel void local_filter_fwd(int B, int C, int H, int W, int kh, int kw, __global const float* x, int xOff,
                               __global const float* f, int fOff, __global float* y, int yOff) {
    int e = get_global_id(0);
    if (e >= B * C * H * W) return;
    int j = e % W, i = (e / W) % H, bc = e / (H * W), b = bc / C;
    const __global float* px = x + xOff + bc * H * W;
    const __global float* pf = f + fOff + b * kh * kw * H * W + i * W + j;
    float acc = 0.0f;
    for (int k = 0; k < kh * kw; k++) {
        int si = i + k / kw - kh / 2, sj = j + k % kw - kw / 2;
        if (si >= 0 && si < H && sj >= 0 && sj < W) acc += pf[k * H * W] * px[si * W + sj];
    }
    y[yOff + e] = acc;
}

// dF[b,k,i,j] = Σ_c dy[b,c,i,j] · x[b,c, i + Δi_k, j + Δj_k]
__kernel void local_filter_bwd_filters(int B, int C, int H, int W, int kh, int kw, __global const float* x, int xOff,
                                       __global const float* dy, int dyOff, __global float* df, int dfOff) {
    int e = get_global_id(0);
    int K = kh * kw;
    if (e >= B * K * H * W) return;
    int j = e % W, i = (e / W) % H, k = (e / (H * W)) % K, b = e / (K * H * W);
    int si = i + k / kw - kh / 2, sj = j + k % kw - kw / 2;
    float acc = 0.0f;
    if (si >= 0 && si < H && sj >= 0 && sj < W) {
        for (int c = 0; c < C; c++) {
            int plane = (b * C + c) * H * W;
            acc += dy[dyOff + plane + i * W + j] * x[xOff + plane + si * W + sj];
        }
    }
    df[dfOff + e] = acc;
}

// dx[b,c,p,q] = Σ_k f[b,k,p − Δi_k, q − Δj_k] · dy[b,c,p − Δi_k, q − Δj_k]
__kernel void local_filter_bwd_data(int B, int C, int H, int W, int kh, int kw, __global const float* f, int fOff,
                                    __global const float* dy, int dyOff, __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= B * C * H * W) return;
    int q = e % W, p = (e / W) % H, bc = e / (H * W), b = bc / C;
    const __global float* pdy = dy + dyOff + bc * H * W;
    const __global float* pf = f + fOff + b * kh * kw * H * W;
    float acc = 0.0f;
    for (int k = 0; k < kh * kw; k++) {
        int i = p - (k / kw - kh / 2), j = q - (k % kw - kw / 2);
        if (i >= 0 && i < H && j >= 0 && j < W) acc += pf[k * H * W + i * W + j] * pdy[i * W + j];
    }
    dx[dxOff + e] = acc;
}

// y[b,c,i,j] = Σ_{u,v} k[b,c,u,v] · x[b,c, i + u − padH, j + v − padW]
__kernel void cross_conv_fwd(int BC, int H, int W, int kh, int kw, int padH, int padW, int OH, int OW,
                             __global const float* x, int xOff, __global const float* k, int kOff, __global float* y,
                             int yOff) {
    int e = get_global_id(0);
    if (e >= BC * OH * OW) return;
    int j = e % OW, i = (e / OW) % OH, bc = e / (OH * OW);
    const __global float* px = x + xOff + bc * H * W;
    const __global float* pk = k + kOff + bc * kh * kw;
    float acc = 0.0f;
    for (int u = 0; u < kh; u++) {
        int si = i + u - padH;
        if (si < 0 || si >= H) continue;
        for (int v = 0; v < kw; v++) {
            int sj = j + v - padW;
            if (sj >= 0 && sj < W) acc += pk[u * kw + v] * px[si * W + sj];
        }
    }
    y[yOff + e] = acc;
}

// dx[b,c,p,q] = Σ_{u,v} k[b,c,u,v] · dy[b,c, p − u + padH, q − v + padW]
__kernel void cross_conv_bwd_data(int BC, int H, int W, int kh, int kw, int padH, int padW, int OH, int OW,
                                  __global const float* k, int kOff, __global const float* dy, int dyOff,
                                  __global float* dx, int dxOff) {
    int e = get_global_id(0);
    if (e >= BC * H * W) return;
    int q = e % W, p = (e / W) % H, bc = e / (H * W);
    const __global float* pdy = dy + dyOff + bc * OH * OW;
    const __global float* pk = k + kOff + bc * kh * kw;
    float acc = 0.0f;
    for (int u = 0; u < kh; u++) {
        int i = p - u + padH;
        if (i < 0 || i >= OH) continue;
        for (int v = 0; v < kw; v++) {
            int j = q - v + padW;
            if (j >= 0 && j < OW) acc += pk[u * kw + v] * pdy[i * OW + j];
        }
    }
    dx[dxOff + e] = acc;
}

// dk[b,c,u,v] = Σ_{i,j} dy[b,c,i,j] · x[b,c, i + u − padH, j + v − padW]
__kernel void cross_conv_bwd_kernel(int BC, int H, int W, int kh, int kw, int padH, int padW, int OH, int OW,
                                    __global const float* x, int xOff, __global const float* dy, int dyOff,
                                    __global float* dk, int dkOff) {
    int e = get_global_id(0);
    if (e >= BC * kh * kw) return;
    int v = e % kw, u = (e / kw) % kh, bc = e / (kh * kw);
    const __global float* px = x + xOff + bc * H * W;
    const __global float* pdy = dy + dyOff + bc * OH * OW;
    float acc = 0.0f;
    for (int i = 0; i < OH; i++) {
        int si = i + u - padH;
        if (si < 0 || si >= H) continue;
        for (int j = 0; j < OW; j++) {
            int sj = j + v - padW;
            if (sj >= 0 && sj < W) acc += pdy[i * OW + j] * px[si * W + sj];
        }
    }
    dk[dkOff + e] = acc;
}
