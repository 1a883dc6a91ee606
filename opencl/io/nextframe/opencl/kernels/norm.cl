// Batch norm over axis 1 of (N, C, inner). The per-channel sums come from reduce.cl (channel_partial/finish);
// these kernels turn them into statistics, normalise, and form the gradients.

// training: saveMean already holds the batch mean, sqdev the summed squared deviations; updates running stats
// (unbiased variance) when given. Eval: the running stats. Saves the mean and 1/√(var+eps) used.
__kernel void bn_stats(int C, int count, int training, float momentum, float eps, int hasRunning,
                       __global const acc_t* sqdev,
                       __global float* runMean, int rmOff, __global float* runVar, int rvOff,
                       __global float* saveMean, int smOff, __global float* saveInvStd, int siOff) {
    int c = get_global_id(0);
    if (c >= C) return;
    acc_t mean, var, mom = momentum;
    if (training) {
        mean = saveMean[smOff + c];
        var = sqdev[c] / (acc_t) count;
        if (hasRunning) {
            acc_t unbiased = count > 1 ? sqdev[c] / (acc_t) (count - 1) : var;
            runMean[rmOff + c] = (float) ((1 - mom) * runMean[rmOff + c] + mom * mean);
            runVar[rvOff + c] = (float) ((1 - mom) * runVar[rvOff + c] + mom * unbiased);
        }
    } else {
        mean = runMean[rmOff + c];
        var = runVar[rvOff + c];
    }
    saveMean[smOff + c] = (float) mean;
    saveInvStd[siOff + c] = (float) (1 / sqrt(var + (acc_t) eps));
}

// y = (x − mean)·invStd·γ + β. Global (inner, C, N): the channel comes from the work-item's id, not a division.
__kernel void bn_apply(int N, int C, int inner, __global const float* x, int xOff, __global const float* mean,
                       int mOff, __global const float* invStd, int iOff, __global const float* gamma, int gOff,
                       int hasGamma, __global const float* beta, int bOff, int hasBeta, __global float* y, int yOff) {
    int i = get_global_id(0), c = get_global_id(1), s = get_global_id(2);
    if (i >= inner || c >= C || s >= N) return;
    int e = (s * C + c) * inner + i;
    float g = hasGamma ? gamma[gOff + c] : 1.0f;
    float b = hasBeta ? beta[bOff + c] : 0.0f;
    y[yOff + e] = (x[xOff + e] - mean[mOff + c]) * invStd[iOff + c] * g + b;
}

// dgamma = Σ dy·x̂ = invStd·Σ dy·(x − mean), dbeta = Σ dy (sums from channel_partial/finish)
__kernel void bn_param_grads(int C, __global const acc_t* sumDy, __global const acc_t* sumDyXmu,
                             __global const float* invStd, int iOff, __global float* dgamma, int dgOff, int hasDg,
                             __global float* dbeta, int dbOff, int hasDb) {
    int c = get_global_id(0);
    if (c >= C) return;
    if (hasDg) dgamma[dgOff + c] = (float) (sumDyXmu[c] * invStd[iOff + c]);
    if (hasDb) dbeta[dbOff + c] = (float) sumDy[c];
}

// training: dx = γ·invStd/M·(M·dy − Σdy − x̂·Σ(dy·x̂)); eval: dx = γ·invStd·dy. The training form cancels to
// small values when a channel has few elements, so it is evaluated in the accumulator type.
__kernel void bn_dx(int N, int C, int inner, int count, int training, __global const float* x, int xOff,
                    __global const float* mean, int mOff, __global const float* invStd, int iOff,
                    __global const float* gamma, int gOff, int hasGamma, __global const acc_t* sumDy,
                    __global const acc_t* sumDyXmu, __global const float* dy, int dyOff, __global float* dx,
                    int dxOff) {
    int i = get_global_id(0), c = get_global_id(1), s = get_global_id(2);
    if (i >= inner || c >= C || s >= N) return;
    int e = (s * C + c) * inner + i;
    acc_t is = invStd[iOff + c];
    acc_t scale = (hasGamma ? gamma[gOff + c] : 1.0f) * is;
    acc_t d = dy[dyOff + e];
    if (training) {
        acc_t xhat = ((acc_t) x[xOff + e] - mean[mOff + c]) * is;
        acc_t m = (acc_t) count;
        dx[dxOff + e] = (float) (scale / m * (m * d - sumDy[c] - xhat * (sumDyXmu[c] * is)));
    } else {
        dx[dxOff + e] = (float) (scale * d);
    }
}
