package io.nextframe.core.reference;

import io.nextframe.core.Tensor;

/** Batch normalisation over axis 1 of (N, C, *), PyTorch semantics. */
final class ReferenceNorm {
    private ReferenceNorm() {
    }

    static void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                                 Tensor saveInvStd) {
        int n = x.dim(0), ch = x.dim(1), sp = TensorData.size(x, 2, x.rank());
        long count = (long) n * sp;
        double[] xv = TensorData.load(x), g = TensorData.load(gamma), b = TensorData.load(beta);
        double[] rm = TensorData.load(runningMean), rv = TensorData.load(runningVar);
        double[] yv = new double[xv.length], mean = new double[ch], invStd = new double[ch];
        for (int c = 0; c < ch; c++) {
            double m, var;
            if (training) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < sp; s++) {
                        sum += xv[(i * ch + c) * sp + s];
                    }
                }
                m = sum / count;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < sp; s++) {
                        double d = xv[(i * ch + c) * sp + s] - m;
                        sq += d * d;
                    }
                }
                var = sq / count;
                if (rm != null) {
                    rm[c] = (1 - (double) momentum) * rm[c] + momentum * m;
                }
                if (rv != null && count > 1) {
                    // the running variance is the unbiased estimate, as in PyTorch
                    rv[c] = (1 - (double) momentum) * rv[c] + momentum * sq / (count - 1);
                }
            } else {
                m = rm[c];
                var = rv[c];
            }
            mean[c] = m;
            invStd[c] = 1 / Math.sqrt(var + eps);
            double scale = g == null ? 1 : g[c], shift = b == null ? 0 : b[c];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sp; s++) {
                    int idx = (i * ch + c) * sp + s;
                    yv[idx] = (xv[idx] - m) * invStd[c] * scale + shift;
                }
            }
        }
        TensorData.store(y, yv);
        TensorData.store(saveMean, mean);
        TensorData.store(saveInvStd, invStd);
        if (training) {
            TensorData.store(runningMean, rm);
            TensorData.store(runningVar, rv);
        }
    }

    /**
     * With x̂ = (x − μ)·σ⁻¹: dβ = Σ dy, dγ = Σ dy·x̂. Training: dx = γσ⁻¹/m · (m·dy − Σ dy − x̂·Σ dy·x̂), the
     * gradient through the batch mean and variance; evaluation: dx = γσ⁻¹·dy.
     */
    static void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                                  Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        int n = x.dim(0), ch = x.dim(1), sp = TensorData.size(x, 2, x.rank());
        double count = (double) n * sp;
        double[] xv = TensorData.load(x), g = TensorData.load(gamma), mean = TensorData.load(saveMean);
        double[] inv = TensorData.load(saveInvStd), dyv = TensorData.load(dy);
        double[] dxv = new double[xv.length], dg = new double[ch], db = new double[ch];
        for (int c = 0; c < ch; c++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sp; s++) {
                    int idx = (i * ch + c) * sp + s;
                    sumDy += dyv[idx];
                    sumDyXhat += dyv[idx] * (xv[idx] - mean[c]) * inv[c];
                }
            }
            db[c] = sumDy;
            dg[c] = sumDyXhat;
            double scale = (g == null ? 1 : g[c]) * inv[c];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sp; s++) {
                    int idx = (i * ch + c) * sp + s;
                    if (training) {
                        double xhat = (xv[idx] - mean[c]) * inv[c];
                        dxv[idx] = scale / count * (count * dyv[idx] - sumDy - xhat * sumDyXhat);
                    } else {
                        dxv[idx] = scale * dyv[idx];
                    }
                }
            }
        }
        TensorData.store(dx, dxv);
        TensorData.store(dgamma, dg);
        TensorData.store(dbeta, db);
    }
}
