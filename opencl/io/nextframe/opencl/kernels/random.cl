// Philox4x32-10 exactly as io.nextframe.core.Philox: key = (seed lo, seed hi), counter = (block lo, block hi,
// stream lo, stream hi). Uniform element i = word i%4 of block i/4 → (w >> 8)·2⁻²⁴; normal element i = Box–Muller on
// words (2p, 2p+1), p = i%2, of block i/2 — in double precision where the device has cl_khr_fp64 (bitwise equal to
// the Java reference except where the float rounding of the double result sits on a tie of the two libraries'
// last-ulp differences), else in float (≈ 1e-6 absolute).

// a + (b − a)·u must round twice as in Java, not fuse into one fma
#pragma OPENCL FP_CONTRACT OFF

inline uint4 philox_block(uint2 key, ulong block, ulong stream) {
    uint c0 = (uint) block, c1 = (uint) (block >> 32), c2 = (uint) stream, c3 = (uint) (stream >> 32);
    uint k0 = key.x, k1 = key.y;
    for (int round = 0; round < 10; round++) {
        uint hi0 = mul_hi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        uint hi1 = mul_hi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        uint n0 = hi1 ^ c1 ^ k0;
        uint n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    return (uint4) (c0, c1, c2, c3);
}

inline float box_muller(uint w0, uint w1) {
#ifdef NF_FP64
    double u1 = (double) ((w0 >> 8) + 1) * 0x1p-24;
    double u2 = (double) (w1 >> 8) * 0x1p-24;
    return (float) (sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
#else
    float u1 = (float) ((w0 >> 8) + 1) * 0x1p-24f;
    float u2 = (float) (w1 >> 8) * 0x1p-24f;
    return sqrt(-2.0f * log(u1)) * cos(2.0f * M_PI_F * u2);
#endif
}

// t[off + i] = element first + i; seed, stream and first arrive as (lo, hi) halves.
__kernel void fill_random(int n, int normal, uint seedLo, uint seedHi, uint streamLo, uint streamHi, uint firstLo,
                          uint firstHi, float a, float b, __global float* t, int off) {
    int i = get_global_id(0);
    if (i >= n) return;
    ulong idx = (((ulong) firstHi << 32) | firstLo) + (ulong) i;
    ulong stream = ((ulong) streamHi << 32) | streamLo;
    uint2 key = (uint2) (seedLo, seedHi);
    if (!normal) {
        uint4 w = philox_block(key, idx >> 2, stream);
        uint word = (idx & 3) == 0 ? w.x : (idx & 3) == 1 ? w.y : (idx & 3) == 2 ? w.z : w.w;
        t[off + i] = a + (b - a) * ((float) (word >> 8) * 0x1p-24f);
    } else {
        uint4 w = philox_block(key, idx >> 1, stream);
        float z = (idx & 1) == 0 ? box_muller(w.x, w.y) : box_muller(w.z, w.w);
        t[off + i] = a + b * z;
    }
}
