// SGEMM on packed panels. op(A) (M×K) is packed into row panels of 8: Ap[p][k][r] = op(A)[8p + r][k];
// op(B) (K×N) into column panels of nr (16 or 32): Bp[q][k][j] = op(B)[k][nr·q + j]; zeros beyond M and N.
// Each work-item then computes an 8×nr block of C in float16 accumulators: explicit vectors are what make this
// fast on CPU devices (PoCL: 8×32, sixteen 512-bit accumulators), and contiguous panels stream well on GPUs
// (8×16: 128 accumulator registers per thread).

#define MR 8

// Ap for `batches` matrices. Element (m, k) of batch b lies at
// a[aOff + b·bs + m·sm + (k / seg)·segStride + (k % seg)·sk]: a plain matrix has seg ≥ K (segStride unused);
// the K axis may also run over several segments (conv weight gradients sum over samples that way).
__kernel void pack_a(int M, int K, int Mp, __global const float* a, int aOff, int bs, int sm, int sk, int seg,
                     int segStride, __global float* ap) {
    int k = get_global_id(0);
    int m = get_global_id(1);
    int b = get_global_id(2);
    if (k >= K || m >= Mp) return;
    float v = 0.0f;
    if (m < M) {
        int s = seg >= K ? 0 : k / seg; // one segment: no division (slow on CPUs)
        v = a[aOff + b * bs + m * sm + s * segStride + (k - s * seg) * sk];
    }
    ap[(b * Mp / MR + m / MR) * K * MR + k * MR + (m % MR)] = v;
}

// Bp (panels of nr = 2^nrShift columns) for `batches` matrices. Element (k, n) of batch b lies at
// b[bOff + b·bs + k·sk + n·sn].
__kernel void pack_b(int nrShift, int K, int N, int Np, __global const float* bsrc, int bOff, int bs, int sk,
                     int sn, __global float* bp) {
    int n = get_global_id(0);
    int k = get_global_id(1);
    int b = get_global_id(2);
    if (n >= Np || k >= K) return;
    float v = n < N ? bsrc[bOff + b * bs + k * sk + n * sn] : 0.0f;
    int nr = 1 << nrShift;
    bp[((b * Np + n) >> nrShift) * K * nr + k * nr + (n & (nr - 1))] = v;
}

// Stores row r of the block: the vectors when the row is whole and β = 0, else element by element.
#define ROW_STORE(r, NV, ...)                                                                    \
    if (row + r < M) {                                                                           \
        __global float* cr = c + (row + r) * ldc + col;                                           \
        float16 v_[NV] = {__VA_ARGS__};                                                          \
        if (full && beta == 0.0f) {                                                              \
            for (int h = 0; h < NV; h++) vstore16(alpha * v_[h], h, cr);                         \
        } else {                                                                                 \
            float t[16 * NV];                                                                    \
            for (int h = 0; h < NV; h++) vstore16(v_[h], h, t);                                  \
            for (int j = 0; j < 16 * NV && col + j < N; j++)                                     \
                cr[j] = beta == 0.0f ? alpha * t[j] : alpha * t[j] + beta * cr[j];               \
        }                                                                                        \
    }

// C[b] = α·op(A)[b]·op(B)[b] + β·C[b] with 8×16 blocks; apStride/bpStride are 0 for a broadcast operand.
__kernel void sgemm_8x16(int M, int N, int K, __global const float* ap, int apOff, int apStride,
                         __global const float* bp, int bpOff, int bpStride, __global float* c, int cOff, int ldc,
                         int cStride, float alpha, float beta) {
    int q = get_global_id(0), p = get_global_id(1), b = get_global_id(2);
    int col = q * 16, row = p * MR;
    if (col >= N || row >= M) return;
    const __global float* pa = ap + apOff + b * apStride + p * K * MR;
    const __global float* pb = bp + bpOff + b * bpStride + q * K * 16;
    float16 c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f, c4 = 0.0f, c5 = 0.0f, c6 = 0.0f, c7 = 0.0f;
    for (int k = 0; k < K; k++) {
        float16 bv = vload16(k, pb);
        float8 av = vload8(k, pa);
        c0 = fma((float16) av.s0, bv, c0);
        c1 = fma((float16) av.s1, bv, c1);
        c2 = fma((float16) av.s2, bv, c2);
        c3 = fma((float16) av.s3, bv, c3);
        c4 = fma((float16) av.s4, bv, c4);
        c5 = fma((float16) av.s5, bv, c5);
        c6 = fma((float16) av.s6, bv, c6);
        c7 = fma((float16) av.s7, bv, c7);
    }
    c += cOff + b * cStride;
    int full = col + 16 <= N;
    ROW_STORE(0, 1, c0) ROW_STORE(1, 1, c1) ROW_STORE(2, 1, c2) ROW_STORE(3, 1, c3)
    ROW_STORE(4, 1, c4) ROW_STORE(5, 1, c5) ROW_STORE(6, 1, c6) ROW_STORE(7, 1, c7)
}

// The same with 8×32 blocks: two float16 accumulators per row.
__kernel void sgemm_8x32(int M, int N, int K, __global const float* ap, int apOff, int apStride,
                         __global const float* bp, int bpOff, int bpStride, __global float* c, int cOff, int ldc,
                         int cStride, float alpha, float beta) {
    int q = get_global_id(0), p = get_global_id(1), b = get_global_id(2);
    int col = q * 32, row = p * MR;
    if (col >= N || row >= M) return;
    const __global float* pa = ap + apOff + b * apStride + p * K * MR;
    const __global float* pb = bp + bpOff + b * bpStride + q * K * 32;
    float16 c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f, c4 = 0.0f, c5 = 0.0f, c6 = 0.0f, c7 = 0.0f;
    float16 d0 = 0.0f, d1 = 0.0f, d2 = 0.0f, d3 = 0.0f, d4 = 0.0f, d5 = 0.0f, d6 = 0.0f, d7 = 0.0f;
    for (int k = 0; k < K; k++) {
        float16 b0 = vload16(2 * k, pb), b1 = vload16(2 * k + 1, pb);
        float8 av = vload8(k, pa);
        c0 = fma((float16) av.s0, b0, c0); d0 = fma((float16) av.s0, b1, d0);
        c1 = fma((float16) av.s1, b0, c1); d1 = fma((float16) av.s1, b1, d1);
        c2 = fma((float16) av.s2, b0, c2); d2 = fma((float16) av.s2, b1, d2);
        c3 = fma((float16) av.s3, b0, c3); d3 = fma((float16) av.s3, b1, d3);
        c4 = fma((float16) av.s4, b0, c4); d4 = fma((float16) av.s4, b1, d4);
        c5 = fma((float16) av.s5, b0, c5); d5 = fma((float16) av.s5, b1, d5);
        c6 = fma((float16) av.s6, b0, c6); d6 = fma((float16) av.s6, b1, d6);
        c7 = fma((float16) av.s7, b0, c7); d7 = fma((float16) av.s7, b1, d7);
    }
    c += cOff + b * cStride;
    int full = col + 32 <= N;
    ROW_STORE(0, 2, c0, d0) ROW_STORE(1, 2, c1, d1) ROW_STORE(2, 2, c2, d2) ROW_STORE(3, 2, c3, d3)
    ROW_STORE(4, 2, c4, d4) ROW_STORE(5, 2, c5, d5) ROW_STORE(6, 2, c6, d6) ROW_STORE(7, 2, c7, d7)
}

// GPU form: a work-group of 16×16 threads computes a 64×64 tile of C from the same packed panels (8 A panels of 8
// rows, 4 B panels of 16 columns), staging k-blocks of 16 in local memory. Thanks to the packing, every panel's
// k-block is 512 or 1024 contiguous bytes, so the staging loads are coalesced. Thread (tx, ty) owns rows
// ty + 16i and columns tx + 16j (i, j < 4): conflict-free local reads and coalesced stores. Each C element is
// still one sequential sum over k.
#define TILE 64
#define KB 16
__kernel __attribute__((reqd_work_group_size(16, 16, 1)))
void sgemm_tile64(int M, int N, int K, __global const float* ap, int apOff, int apStride,
                  __global const float* bp, int bpOff, int bpStride, __global float* c, int cOff, int ldc,
                  int cStride, float alpha, float beta) {
    __local float As[KB][TILE];
    __local float Bs[KB][TILE];
    int tx = get_local_id(0), ty = get_local_id(1), t = ty * 16 + tx;
    int b = get_global_id(2);
    int row0 = get_group_id(1) * TILE, col0 = get_group_id(0) * TILE;
    int aPanels = (M + MR - 1) / MR, bPanels = (N + 15) / 16;
    const __global float* pa = ap + apOff + b * apStride;
    const __global float* pb = bp + bpOff + b * bpStride;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
    for (int k0 = 0; k0 < K; k0 += KB) {
        for (int u = 0; u < 4; u++) {
            int idx = t + 256 * u;
            // A: panel j = idx / 128, within it k = idx / 8 % 16, row r = idx % 8
            int j = idx >> 7, kk = (idx >> 3) & 15, r = idx & 7;
            int panel = row0 / MR + j;
            As[kk][j * MR + r] = panel < aPanels && k0 + kk < K ? pa[(panel * K + k0 + kk) * MR + r] : 0.0f;
            // B: panel u, k = t / 16, column t % 16
            int kb = t >> 4, cc = t & 15;
            int bpanel = col0 / 16 + u;
            Bs[kb][u * 16 + cc] = bpanel < bPanels && k0 + kb < K ? pb[(bpanel * K + k0 + kb) * 16 + cc] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < KB; kk++) {
            float a0 = As[kk][ty], a1 = As[kk][ty + 16], a2 = As[kk][ty + 32], a3 = As[kk][ty + 48];
            float b0 = Bs[kk][tx], b1 = Bs[kk][tx + 16], b2 = Bs[kk][tx + 32], b3 = Bs[kk][tx + 48];
            acc[0][0] = fma(a0, b0, acc[0][0]); acc[0][1] = fma(a0, b1, acc[0][1]);
            acc[0][2] = fma(a0, b2, acc[0][2]); acc[0][3] = fma(a0, b3, acc[0][3]);
            acc[1][0] = fma(a1, b0, acc[1][0]); acc[1][1] = fma(a1, b1, acc[1][1]);
            acc[1][2] = fma(a1, b2, acc[1][2]); acc[1][3] = fma(a1, b3, acc[1][3]);
            acc[2][0] = fma(a2, b0, acc[2][0]); acc[2][1] = fma(a2, b1, acc[2][1]);
            acc[2][2] = fma(a2, b2, acc[2][2]); acc[2][3] = fma(a2, b3, acc[2][3]);
            acc[3][0] = fma(a3, b0, acc[3][0]); acc[3][1] = fma(a3, b1, acc[3][1]);
            acc[3][2] = fma(a3, b2, acc[3][2]); acc[3][3] = fma(a3, b3, acc[3][3]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    c += cOff + b * cStride;
    for (int i = 0; i < 4; i++) {
        int row = row0 + ty + 16 * i;
        if (row >= M) continue;
        for (int j = 0; j < 4; j++) {
            int col = col0 + tx + 16 * j;
            if (col >= N) continue;
            __global float* cr = c + row * ldc + col;
            *cr = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *cr;
        }
    }
}
