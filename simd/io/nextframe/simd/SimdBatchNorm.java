package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Batch norm over axis 1 of x (N, C, S). Statistics are reduced with a fixed chunking: each (n, c) plane is summed
 * by one task in vector lanes, and the N plane sums of a channel are then added in n order, so the result is the same
 * for any thread count. Normalising uses the biased batch variance; the running variance receives the unbiased one
 * (PyTorch). The sums and the training-mode dx run in double lanes: dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)) cancels
 * almost completely when dy lies near span{1, x̂} (always, for two values per channel), and float32 there returned
 * rounding noise instead of the small true gradient.
 */
final class SimdBatchNorm {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** The float species with as many lanes as {@link #D}: loads widen to doubles, results narrow back. */
    private static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int DL = D.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SimdBatchNorm() {
    }

    private record Geometry(int n, int c, int s) {
        static Geometry of(Tensor x) {
            return new Geometry(x.dim(0), x.dim(1), Math.toIntExact(x.shape().sizeOf(2, x.rank())));
        }

        int planes() {
            return n * c;
        }

        int grain() {
            return Math.max(1, BLOCK / s);
        }

        long count() {
            return (long) n * s;
        }
    }

    static void forward(WorkerPool pool, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                        boolean training, float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        Geometry g = Geometry.of(x);
        MemorySegment xs = Vec.seg(x);
        long xo = x.offset();
        float[] mean = new float[g.c()], invStd = new float[g.c()];
        double[] exactMean = new double[g.c()];
        if (training) {
            double[] part = new double[g.planes()];
            pool.parallelFor(g.planes(), g.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    part[p] = sum(xs, xo + (long) p * g.s(), g.s());
                }
            });
            double[] m = channelTotals(part, g);
            for (int c = 0; c < g.c(); c++) {
                exactMean[c] = m[c] / g.count();
                mean[c] = (float) exactMean[c];
            }
            pool.parallelFor(g.planes(), g.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    part[p] = sumSquaredDeviations(xs, xo + (long) p * g.s(), g.s(), exactMean[p % g.c()]);
                }
            });
            double[] ssd = channelTotals(part, g);
            for (int c = 0; c < g.c(); c++) {
                double var = ssd[c] / g.count();
                invStd[c] = (float) (1.0 / Math.sqrt(var + eps));
                if (runningMean != null) {
                    update(runningMean, c, momentum, mean[c]);
                }
                if (runningVar != null) {
                    update(runningVar, c, momentum, (float) (ssd[c] / (g.count() - 1)));
                }
            }
        } else {
            for (int c = 0; c < g.c(); c++) {
                mean[c] = at(runningMean, c);
                invStd[c] = (float) (1.0 / Math.sqrt((double) at(runningVar, c) + eps));
            }
        }
        // y = x·scale + shift with scale = γ/σ, shift = β − μ·scale
        float[] scale = new float[g.c()], shift = new float[g.c()];
        for (int c = 0; c < g.c(); c++) {
            scale[c] = invStd[c] * (gamma == null ? 1f : at(gamma, c));
            shift[c] = (beta == null ? 0f : at(beta, c)) - mean[c] * scale[c];
            Vec.set(Vec.seg(saveMean), saveMean.offset() + c, mean[c]);
            Vec.set(Vec.seg(saveInvStd), saveInvStd.offset() + c, invStd[c]);
        }
        MemorySegment ys = Vec.seg(y);
        long yo = y.offset();
        pool.parallelFor(g.planes(), g.grain(), (from, to) -> {
            for (int p = from; p < to; p++) {
                long off = (long) p * g.s();
                FloatVector vs = FloatVector.broadcast(F, scale[p % g.c()]);
                FloatVector vb = FloatVector.broadcast(F, shift[p % g.c()]);
                int i = 0;
                for (int bound = F.loopBound(g.s()); i < bound; i += L) {
                    FloatVector.fromMemorySegment(F, xs, (xo + off + i) << 2, ORDER).fma(vs, vb)
                            .intoMemorySegment(ys, (yo + off + i) << 2, ORDER);
                }
                for (; i < g.s(); i++) {
                    Vec.set(ys, yo + off + i, Math.fma(Vec.get(xs, xo + off + i), scale[p % g.c()],
                            shift[p % g.c()]));
                }
            }
        });
    }

    /**
     * Training: dx = γ/σ·(dy − mean(dy) − (x − μ)/σ²·mean(dy·(x − μ))); evaluation: dx = γ/σ·dy.
     * dγ = Σ dy·(x − μ)/σ, dβ = Σ dy in both modes.
     */
    static void backward(WorkerPool pool, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                         Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        Geometry g = Geometry.of(x);
        MemorySegment xs = Vec.seg(x), gs = Vec.seg(dy);
        long xo = x.offset(), go = dy.offset();
        float[] mean = new float[g.c()], invStd = new float[g.c()];
        for (int c = 0; c < g.c(); c++) {
            mean[c] = at(saveMean, c);
            invStd[c] = at(saveInvStd, c);
        }
        double[] partDy = new double[g.planes()], partDyXmu = new double[g.planes()];
        boolean needSums = training || dgamma != null || dbeta != null;
        if (needSums) {
            pool.parallelFor(g.planes(), g.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    long off = (long) p * g.s();
                    partDy[p] = sum(gs, go + off, g.s());
                    partDyXmu[p] = dotCentred(gs, go + off, xs, xo + off, g.s(), mean[p % g.c()]);
                }
            });
        }
        double[] sumDy = channelTotals(partDy, g), sumDyXmu = channelTotals(partDyXmu, g);
        for (int c = 0; c < g.c(); c++) {
            if (dgamma != null) {
                Vec.set(Vec.seg(dgamma), dgamma.offset() + c, (float) (sumDyXmu[c] * invStd[c]));
            }
            if (dbeta != null) {
                Vec.set(Vec.seg(dbeta), dbeta.offset() + c, (float) sumDy[c]);
            }
        }
        if (dx == null) {
            return;
        }
        double[] k = new double[g.c()], meanDy = new double[g.c()], proj = new double[g.c()];
        for (int c = 0; c < g.c(); c++) {
            k[c] = (double) invStd[c] * (gamma == null ? 1f : at(gamma, c));
            if (training) {
                meanDy[c] = sumDy[c] / g.count();
                proj[c] = (double) invStd[c] * invStd[c] * sumDyXmu[c] / g.count();
            }
        }
        MemorySegment ds = Vec.seg(dx);
        long dO = dx.offset();
        pool.parallelFor(g.planes(), g.grain(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % g.c();
                long off = (long) p * g.s();
                if (training) {
                    dxTraining(gs, go + off, xs, xo + off, ds, dO + off, g.s(), k[c], meanDy[c], mean[c], proj[c]);
                } else {
                    scaled(gs, go + off, ds, dO + off, g.s(), (float) k[c]);
                }
            }
        });
    }

    /** dx = k·(dy − mean(dy) − (x − μ)·proj) in double lanes, rounded once to float. */
    private static void dxTraining(MemorySegment gs, long gp, MemorySegment xs, long xp, MemorySegment ds, long dp,
                                   int n, double k, double meanDy, float mean, double proj) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector d = widen(gs, gp + i).sub(meanDy).sub(widen(xs, xp + i).sub(mean).mul(proj)).mul(k);
            ((FloatVector) d.convertShape(VectorOperators.D2F, FH, 0)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            double d = (Vec.get(gs, gp + i) - meanDy - ((double) Vec.get(xs, xp + i) - mean) * proj) * k;
            Vec.set(ds, dp + i, (float) d);
        }
    }

    /** dx = k·dy (evaluation: the statistics are constants). */
    private static void scaled(MemorySegment gs, long gp, MemorySegment ds, long dp, int n, float k) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER).mul(k)
                    .intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            Vec.set(ds, dp + i, Vec.get(gs, gp + i) * k);
        }
    }

    /** Eight (or the species' count of) floats from element i, widened to doubles. */
    private static DoubleVector widen(MemorySegment s, long i) {
        return (DoubleVector) FloatVector.fromMemorySegment(FH, s, i << 2, ORDER)
                .convertShape(VectorOperators.F2D, D, 0);
    }

    /** Σ of the lanes in lane order (the same bits in every JIT tier; see {@link Vec#sum}). */
    private static double laneSum(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < DL; i++) {
            s += v.lane(i);
        }
        return s;
    }

    private static float at(Tensor t, int i) {
        return Vec.get(Vec.seg(t), t.offset() + i);
    }

    private static void update(Tensor running, int c, float momentum, float batchValue) {
        Vec.set(Vec.seg(running), running.offset() + c, (1f - momentum) * at(running, c) + momentum * batchValue);
    }

    /** Per channel, the plane partials added in n order. */
    private static double[] channelTotals(double[] part, Geometry g) {
        double[] t = new double[g.c()];
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.c(); c++) {
                t[c] += part[n * g.c() + c];
            }
        }
        return t;
    }

    /** Σ x over a contiguous run, in double lanes. */
    private static double sum(MemorySegment s, long p, int n) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            acc = acc.add(widen(s, p + i));
        }
        double r = laneSum(acc);
        for (; i < n; i++) {
            r += Vec.get(s, p + i);
        }
        return r;
    }

    private static double sumSquaredDeviations(MemorySegment s, long p, int n, double mean) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector d = widen(s, p + i).sub(mean);
            acc = d.fma(d, acc);
        }
        double r = laneSum(acc);
        for (; i < n; i++) {
            double d = Vec.get(s, p + i) - mean;
            r = Math.fma(d, d, r);
        }
        return r;
    }

    /** Σ dy·(x − mean), in double lanes. */
    private static double dotCentred(MemorySegment gs, long gp, MemorySegment xs, long xp, int n, float mean) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            acc = widen(gs, gp + i).fma(widen(xs, xp + i).sub(mean), acc);
        }
        double r = laneSum(acc);
        for (; i < n; i++) {
            r = Math.fma(Vec.get(gs, gp + i), (double) Vec.get(xs, xp + i) - mean, r);
        }
        return r;
    }
}
