// Pointwise: unary ops (op = UnaryOp ordinal), their backward, and binary ops with broadcasting (BinaryOp ordinal).

enum { NEG, ABS, SQUARE, SQRT, EXP, LOG, RECIPROCAL, RELU, LEAKY_RELU, SIGMOID, TANH, SOFTPLUS, CLAMP, AFFINE, POW,
       GREATER_THAN, SIGN };

enum { ADD, SUB, MUL, DIV, MAX, MIN, EQ, GT, GE };

inline float unary_f(int op, float x, float a, float b) {
    switch (op) {
        case NEG: return -x;
        case ABS: return fabs(x);
        case SQUARE: return x * x;
        case SQRT: return sqrt(x);
        case EXP: return exp(x);
        case LOG: return log(x);
        case RECIPROCAL: return 1.0f / x;
        case RELU: return x > 0.0f ? x : 0.0f;
        case LEAKY_RELU: return x > 0.0f ? x : a * x;
        case SIGMOID: return sigmoidf(x);
        case TANH: return tanh(x);
        case SOFTPLUS: return fmax(x, 0.0f) + log1p(exp(-fabs(x)));
        case CLAMP: return fmin(fmax(x, a), b);
        case AFFINE: return a * x + b;
        case POW: return pow(x, a);
        case GREATER_THAN: return x > a ? 1.0f : 0.0f;
        case SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
        default: return NAN;
    }
}

// f'(x) given the forward input x and output y.
inline float unary_df(int op, float x, float y, float a, float b) {
    switch (op) {
        case NEG: return -1.0f;
        case ABS: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
        case SQUARE: return 2.0f * x;
        case SQRT: return 1.0f / (2.0f * y);
        case EXP: return y;
        case LOG: return 1.0f / x;
        case RECIPROCAL: return -y * y;
        case RELU: return x > 0.0f ? 1.0f : 0.0f;
        case LEAKY_RELU: return x > 0.0f ? 1.0f : a;
        case SIGMOID: return y * (1.0f - y);
        case TANH: return 1.0f - y * y;
        case SOFTPLUS: return sigmoidf(x);
        case CLAMP: return (x >= a && x <= b) ? 1.0f : 0.0f;
        case AFFINE: return a;
        case POW: return a * pow(x, a - 1.0f);
        default: return 0.0f; // GREATER_THAN, SIGN
    }
}

inline float binary_f(int op, float a, float b) {
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case MAX: return a >= b ? a : (b > a ? b : a + b); // NaN propagates
        case MIN: return a <= b ? a : (b < a ? b : a + b);
        case EQ: return a == b ? 1.0f : 0.0f;
        case GT: return a > b ? 1.0f : 0.0f;
        case GE: return a >= b ? 1.0f : 0.0f;
        default: return NAN;
    }
}

__kernel void unary_fwd(int n, int op, float a, float b, __global const float* x, int xOff, __global float* y,
                        int yOff) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[yOff + i] = unary_f(op, x[xOff + i], a, b);
}

// x or y may be absent (hasX / hasY = 0) when the op does not read it; a placeholder buffer is passed then.
__kernel void unary_bwd(int n, int op, float a, float b, __global const float* x, int xOff, int hasX,
                        __global const float* y, int yOff, int hasY, __global const float* dy, int dyOff,
                        __global float* dx, int dxOff) {
    int i = get_global_id(0);
    if (i >= n) return;
    float xv = hasX ? x[xOff + i] : 0.0f;
    float yv = hasY ? y[yOff + i] : 0.0f;
    dx[dxOff + i] = dy[dyOff + i] * unary_df(op, xv, yv, a, b);
}

// Same-shape operands: the common case, no index decoding.
__kernel void binary_same(int n, int op, __global const float* a, int aOff, __global const float* b, int bOff,
                          __global float* y, int yOff) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[yOff + i] = binary_f(op, a[aOff + i], b[bOff + i]);
}

// Broadcasting: strides of a and b are 0 on their broadcast axes; y is contiguous with dims `dims8`.
__kernel void binary_bcast(int n, int op, int rank, int8 dims8, __global const float* a, int aOff, int8 aStr8,
                           __global const float* b, int bOff, int8 bStr8, __global float* y, int yOff) {
    int i = get_global_id(0);
    if (i >= n) return;
    UNPACK8(dims8, dims);
    UNPACK8(aStr8, as);
    UNPACK8(bStr8, bs);
    int ia = 0, ib = 0, r = i;
    for (int d = rank - 1; d > 0; d--) {
        int q = r / dims[d];
        int c = r - q * dims[d];
        ia += c * as[d];
        ib += c * bs[d];
        r = q;
    }
    ia += r * as[0];
    ib += r * bs[0];
    y[yOff + i] = binary_f(op, a[aOff + ia], b[bOff + ib]);
}
