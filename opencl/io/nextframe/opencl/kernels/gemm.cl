// SGEMM on packed panels. op(A) (M×K) is packed into row panels of 8: Ap[p][k][r] = op(A)[8p + r][k];
// op(B) (K×N) into column panels of 16: Bp[q][k][j] = op(B)[k][16q + j]; zeros beyond M and N. Each work-item
// then computes an 8×16 block of C with eight float16 accumulators: explicit vectors are what make this fast on
// CPU devices (PoCL), and contiguous panels stream well on GPUs too.

#define MR 8
#define NR 16

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
        int s = k / seg;
        v = a[aOff + b * bs + m * sm + s * segStride + (k - s * seg) * sk];
    }
    ap[(b * Mp / MR + m / MR) * K * MR + k * MR + (m % MR)] = v;
}

// Bp for `batches` matrices. Element (k, n) of batch b lies at b[bOff + b·bs + k·sk + n·sn].
__kernel void pack_b(int K, int N, int Np, __global const float* bsrc, int bOff, int bs, int sk, int sn,
                     __global float* bp) {
    int n = get_global_id(0);
    int k = get_global_id(1);
    int b = get_global_id(2);
    if (n >= Np || k >= K) return;
    float v = n < N ? bsrc[bOff + b * bs + k * sk + n * sn] : 0.0f;
    bp[(b * Np / NR + n / NR) * K * NR + k * NR + (n % NR)] = v;
}

#define ROW_UPDATE(r, acc)                                                                        \
    if (row + r < M) {                                                                            \
        __global float* cr = c + (row + r) * ldc + col;                                            \
        if (full && beta == 0.0f) {                                                               \
            vstore16(alpha * acc, 0, cr);                                                         \
        } else {                                                                                  \
            float t[NR];                                                                          \
            vstore16(acc, 0, t);                                                                  \
            for (int j = 0; j < NR && col + j < N; j++)                                           \
                cr[j] = beta == 0.0f ? alpha * t[j] : alpha * t[j] + beta * cr[j];                \
        }                                                                                         \
    }

// C[b] = α·op(A)[b]·op(B)[b] + β·C[b]; apStride/bpStride are 0 for a broadcast operand.
__kernel void sgemm_8x16(int M, int N, int K, __global const float* ap, int apOff, int apStride,
                         __global const float* bp, int bpOff, int bpStride, __global float* c, int cOff, int ldc, int cStride,
                         float alpha, float beta) {
    int q = get_global_id(0);
    int p = get_global_id(1);
    int b = get_global_id(2);
    int col = q * NR, row = p * MR;
    if (col >= N || row >= M) return;
    const __global float* pa = ap + apOff + b * apStride + p * K * MR;
    const __global float* pb = bp + bpOff + b * bpStride + q * K * NR;
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
    int full = col + NR <= N;
    ROW_UPDATE(0, c0)
    ROW_UPDATE(1, c1)
    ROW_UPDATE(2, c2)
    ROW_UPDATE(3, c3)
    ROW_UPDATE(4, c4)
    ROW_UPDATE(5, c5)
    ROW_UPDATE(6, c6)
    ROW_UPDATE(7, c7)
}
