// Fused LSTM cell, pointwise part. gates (B, 4H) pre-activations ordered [i, f, g, o]; c = σ(f)·cPrev + σ(i)·tanh(g),
// h = σ(o)·tanh(c). One work-item per (b, j).

__kernel void lstm_cell_fwd(int B, int H, __global const float* gates, int gOff, __global const float* cPrev,
                            int cpOff, __global float* h, int hOff, __global float* c, int cOff) {
    int e = get_global_id(0);
    if (e >= B * H) return;
    int b = e / H, j = e - b * H;
    const __global float* g = gates + gOff + b * 4 * H + j;
    float ig = sigmoidf(g[0]), fg = sigmoidf(g[H]), gg = tanh(g[2 * H]), og = sigmoidf(g[3 * H]);
    float cv = fg * cPrev[cpOff + e] + ig * gg;
    c[cOff + e] = cv;
    h[hOff + e] = og * tanh(cv);
}

// dGates with respect to the pre-activations; dcPrev = (dh·σ(o)·(1 − tanh²c) + dc)·σ(f).
__kernel void lstm_cell_bwd(int B, int H, __global const float* gates, int gOff, __global const float* cPrev,
                            int cpOff, __global const float* c, int cOff, __global const float* dh, int dhOff,
                            __global const float* dc, int dcOff, int hasDc, __global float* dGates, int dgOff,
                            __global float* dcPrev, int dcpOff) {
    int e = get_global_id(0);
    if (e >= B * H) return;
    int b = e / H, j = e - b * H;
    const __global float* g = gates + gOff + b * 4 * H + j;
    __global float* dg = dGates + dgOff + b * 4 * H + j;
    float ig = sigmoidf(g[0]), fg = sigmoidf(g[H]), gg = tanh(g[2 * H]), og = sigmoidf(g[3 * H]);
    float tc = tanh(c[cOff + e]);
    float dhv = dh[dhOff + e];
    float dct = dhv * og * (1.0f - tc * tc) + (hasDc ? dc[dcOff + e] : 0.0f);
    dg[0] = dct * gg * ig * (1.0f - ig);
    dg[H] = dct * cPrev[cpOff + e] * fg * (1.0f - fg);
    dg[2 * H] = dct * ig * (1.0f - gg * gg);
    dg[3 * H] = dhv * tc * og * (1.0f - og);
    dcPrev[dcpOff + e] = dct * fg;
}
