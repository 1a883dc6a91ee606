// Layout: strided copy (views of up to 8 axes) and fill.

__kernel void copy_strided(int n, int rank, int8 dims8,
                           __global const float* src, int srcOff, int8 srcStrides8,
                           __global float* dst, int dstOff, int8 dstStrides8) {
    int i = get_global_id(0);
    if (i >= n) return;
    UNPACK8(dims8, dims);
    UNPACK8(srcStrides8, ss);
    UNPACK8(dstStrides8, ds);
    dst[dstOff + strided_offset(i, rank, dims, ds)] = src[srcOff + strided_offset(i, rank, dims, ss)];
}

__kernel void fill(int n, __global float* dst, int off, float value) {
    int i = get_global_id(0);
    if (i >= n) return;
    dst[off + i] = value;
}
