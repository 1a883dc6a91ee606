// Batch norm over axis 1 of (N, C, inner). The per-channel sums come from reduce.cl (channel_partial/finish);
// these kernels turn them into statistics, normalise, and form the gradients.

// training: saveMean already holds the batch mean, sqdev the summed squared deviations; updates running stats
// (unbiased variance) when given. Eval: the running stats. Saves the mean and 1/√(var+eps) used.
__kernel void bn_stats(int C, int count, int training, float momentum, float eps, int hasRunning,
                       __global const float* sqdev,
                       __global float* runMean, int rmOff, __global float* runVar, int rvOff,
                       __global float* saveMean, int smOff, __global float* saveInvStd, int siOff) {
    int c = get_global_id(0);
    if (c >= C) return;
    float mean, var;
    if (training) {
        mean = saveMean[smOff + c];
        var = sqdev[c] / (float) count;
        if (hasRunning) {
            float unbiased = count > 1 ? sqdev[c] / (float) (count - 1) : var;
            runMean[rmOff + c] = (1.0f - momentum) * runMean[rmOff + c] + momentum * mean;
            runVar[rvOff + c] = (1.0f - momentum) * runVar[rvOff + c] + momentum * unbiased;
        }
    } else {
        mean = runMean[rmOff + c];
        var = runVar[rvOff + c];
    }
    saveMean[smOff + c] = mean;
    saveInvStd[siOff + c] = 1.0f / sqrt(var + eps);
}

// y = (x − mean)·invStd·γ + β
__kernel void bn_apply(int n, int C, int inner, __global const float* x, int xOff, __global const float* mean,
                       int mOff, __global const float* invStd, int iOff, __global const float* gamma, int gOff,
                       int hasGamma, __global const float* beta, int bOff, int hasBeta, __global float* y, int yOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int c = (e / inner) % C;
    float g = hasGamma ? gamma[gOff + c] : 1.0f;
    float b = hasBeta ? beta[bOff + c] : 0.0f;
    y[yOff + e] = (x[xOff + e] - mean[mOff + c]) * invStd[iOff + c] * g + b;
}

// dgamma = Σ dy·x̂ = invStd·Σ dy·(x − mean), dbeta = Σ dy (sums from channel_partial/finish)
__kernel void bn_param_grads(int C, __global const float* sumDy, __global const float* sumDyXmu,
                             __global const float* invStd, int iOff, __global float* dgamma, int dgOff, int hasDg,
                             __global float* dbeta, int dbOff, int hasDb) {
    int c = get_global_id(0);
    if (c >= C) return;
    if (hasDg) dgamma[dgOff + c] = sumDyXmu[c] * invStd[iOff + c];
    if (hasDb) dbeta[dbOff + c] = sumDy[c];
}

// training: dx = γ·invStd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M); eval: dx = γ·invStd·dy
__kernel void bn_dx(int n, int C, int inner, int count, int training, __global const float* x, int xOff,
                    __global const float* mean, int mOff, __global const float* invStd, int iOff,
                    __global const float* gamma, int gOff, int hasGamma, __global const float* sumDy,
                    __global const float* sumDyXmu, __global const float* dy, int dyOff, __global float* dx,
                    int dxOff) {
    int e = get_global_id(0);
    if (e >= n) return;
    int c = (e / inner) % C;
    float g = hasGamma ? gamma[gOff + c] : 1.0f;
    float is = invStd[iOff + c];
    float d = dy[dyOff + e];
    if (training) {
        float xhat = (x[xOff + e] - mean[mOff + c]) * is;
        float m = (float) count;
        d = d - sumDy[c] / m - xhat * (sumDyXmu[c] * is) / m;
    }
    dx[dxOff + e] = g * is * d;
}
