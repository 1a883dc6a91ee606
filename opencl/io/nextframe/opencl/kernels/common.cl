// Shared by every program (prepended by ClPrograms). Index arithmetic is 32-bit: the host checks sizes fit.

// Accumulator of per-channel statistics: double where the device has it (batch-norm gradients cancel to tiny values
// when a channel has few elements; double keeps them equal to the reference's), else float.
#ifdef NF_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
#else
typedef float acc_t;
#endif

#define UNPACK8(v, a) int a[8]; a[0] = (v).s0; a[1] = (v).s1; a[2] = (v).s2; a[3] = (v).s3; \
    a[4] = (v).s4; a[5] = (v).s5; a[6] = (v).s6; a[7] = (v).s7;

// Offset of row-major index i of a tensor with `rank` dims `dims`, laid out with `strides`. The outermost axis
// needs no division (integer division is slow on CPUs), so rank-1 views cost one multiply.
inline int strided_offset(int i, int rank, const int* dims, const int* strides) {
    int off = 0;
    for (int d = rank - 1; d > 0; d--) {
        int q = i / dims[d];
        off += (i - q * dims[d]) * strides[d];
        i = q;
    }
    return rank > 0 ? off + i * strides[0] : 0;
}

inline float sigmoidf(float x) {
    return 1.0f / (1.0f + exp(-x));
}
