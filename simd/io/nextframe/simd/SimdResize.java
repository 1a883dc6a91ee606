package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ResizeMode;

import java.lang.foreign.MemorySegment;

/**
 * Nearest and (bi/tri)linear resampling over 1–3 spatial axes with PyTorch's index formulas, computed in float as
 * PyTorch's CPU kernels do. Source indices and weights are tabulated once per axis; tasks are (n, c) planes, so the
 * backward scatter of a plane runs in one thread in output order and is deterministic.
 */
final class SimdResize {
    private SimdResize() {
    }

    /** Per output index along one axis: the two source indices and their weights (nearest: i1 = i0, l1 = 0). */
    private record Axis(int[] i0, int[] i1, float[] l0, float[] l1) {
        static Axis of(ResizeMode mode, boolean alignCorners, int in, int out) {
            int[] i0 = new int[out], i1 = new int[out];
            float[] l0 = new float[out], l1 = new float[out];
            for (int o = 0; o < out; o++) {
                if (mode == ResizeMode.NEAREST) {
                    i0[o] = i1[o] = nearest(o, in, out);
                    l0[o] = 1f;
                } else {
                    float src = linearSource(o, in, out, alignCorners);
                    int i = Math.min((int) Math.floor(src), in - 1);
                    float lambda = Math.min(Math.max(src - i, 0f), 1f);
                    i0[o] = i;
                    i1[o] = i + (i < in - 1 ? 1 : 0);
                    l1[o] = lambda;
                    l0[o] = 1f - lambda;
                }
            }
            return new Axis(i0, i1, l0, l1);
        }

        /** PyTorch: the same index when sizes agree, dst/2 when doubling, else min(floor(dst·(in/out)), in − 1). */
        static int nearest(int dst, int in, int out) {
            if (in == out) {
                return dst;
            }
            if (out == 2 * in) {
                return dst >> 1;
            }
            float scale = (float) in / out;
            return Math.min((int) Math.floor(dst * scale), in - 1);
        }

        /** alignCorners: dst·(in−1)/(out−1); else max((dst + ½)·in/out − ½, 0). */
        static float linearSource(int dst, int in, int out, boolean alignCorners) {
            if (alignCorners) {
                float scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
                return scale * dst;
            }
            float scale = (float) in / out;
            return Math.max(scale * (dst + 0.5f) - 0.5f, 0f);
        }
    }

    private record Plan(Axis d, Axis h, Axis w, Spatial in, Spatial out) {
        static Plan of(ResizeMode mode, boolean alignCorners, Tensor source, Tensor target) {
            Spatial in = Spatial.of(source), out = Spatial.of(target);
            return new Plan(Axis.of(mode, alignCorners, in.d(), out.d()), Axis.of(mode, alignCorners, in.h(), out.h()),
                    Axis.of(mode, alignCorners, in.w(), out.w()), in, out);
        }
    }

    static void forward(WorkerPool pool, ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        Plan plan = Plan.of(mode, alignCorners, x, y);
        MemorySegment xs = Vec.seg(x), ys = Vec.seg(y);
        long xo = x.offset(), yo = y.offset();
        Spatial in = plan.in(), out = plan.out();
        pool.parallelFor(Spatial.planes(x), grain(out), (from, to) -> {
            for (int p = from; p < to; p++) {
                long xp = xo + p * in.size(), yp = yo + p * out.size();
                for (int od = 0; od < out.d(); od++) {
                    long d0 = xp + (long) plan.d().i0()[od] * in.h() * in.w();
                    long d1 = xp + (long) plan.d().i1()[od] * in.h() * in.w();
                    float a0 = plan.d().l0()[od], a1 = plan.d().l1()[od];
                    for (int oh = 0; oh < out.h(); oh++) {
                        long h0 = (long) plan.h().i0()[oh] * in.w(), h1 = (long) plan.h().i1()[oh] * in.w();
                        float b0 = plan.h().l0()[oh], b1 = plan.h().l1()[oh];
                        long yr = yp + ((long) od * out.h() + oh) * out.w();
                        for (int ow = 0; ow < out.w(); ow++) {
                            int w0 = plan.w().i0()[ow], w1 = plan.w().i1()[ow];
                            float c0 = plan.w().l0()[ow], c1 = plan.w().l1()[ow];
                            float v = mode == ResizeMode.NEAREST ? Vec.get(xs, d0 + h0 + w0)
                                    : a0 * (b0 * (c0 * Vec.get(xs, d0 + h0 + w0) + c1 * Vec.get(xs, d0 + h0 + w1))
                                    + b1 * (c0 * Vec.get(xs, d0 + h1 + w0) + c1 * Vec.get(xs, d0 + h1 + w1)))
                                    + a1 * (b0 * (c0 * Vec.get(xs, d1 + h0 + w0) + c1 * Vec.get(xs, d1 + h0 + w1))
                                    + b1 * (c0 * Vec.get(xs, d1 + h1 + w0) + c1 * Vec.get(xs, d1 + h1 + w1)));
                            Vec.set(ys, yr + ow, v);
                        }
                    }
                }
            }
        });
    }

    /** dx = the adjoint of {@link #forward}: each dy is added, with the forward weights, to its source cells. */
    static void backward(WorkerPool pool, ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        Plan plan = Plan.of(mode, alignCorners, dx, dy);
        MemorySegment gs = Vec.seg(dy), ds = Vec.seg(dx);
        long go = dy.offset(), dO = dx.offset();
        Spatial in = plan.in(), out = plan.out();
        boolean nearest = mode == ResizeMode.NEAREST;
        pool.parallelFor(Spatial.planes(dx), grain(out), (from, to) -> {
            for (int p = from; p < to; p++) {
                long dp = dO + p * in.size(), gp = go + p * out.size();
                SimdPool.zero(ds, dp, in.size());
                for (int od = 0; od < out.d(); od++) {
                    long d0 = dp + (long) plan.d().i0()[od] * in.h() * in.w();
                    long d1 = dp + (long) plan.d().i1()[od] * in.h() * in.w();
                    float a0 = plan.d().l0()[od], a1 = plan.d().l1()[od];
                    for (int oh = 0; oh < out.h(); oh++) {
                        long h0 = (long) plan.h().i0()[oh] * in.w(), h1 = (long) plan.h().i1()[oh] * in.w();
                        float b0 = plan.h().l0()[oh], b1 = plan.h().l1()[oh];
                        long gr = gp + ((long) od * out.h() + oh) * out.w();
                        for (int ow = 0; ow < out.w(); ow++) {
                            int w0 = plan.w().i0()[ow], w1 = plan.w().i1()[ow];
                            float c0 = plan.w().l0()[ow], c1 = plan.w().l1()[ow];
                            float g = Vec.get(gs, gr + ow);
                            if (nearest) {
                                add(ds, d0 + h0 + w0, g);
                                continue;
                            }
                            add(ds, d0 + h0 + w0, a0 * b0 * c0 * g);
                            add(ds, d0 + h0 + w1, a0 * b0 * c1 * g);
                            add(ds, d0 + h1 + w0, a0 * b1 * c0 * g);
                            add(ds, d0 + h1 + w1, a0 * b1 * c1 * g);
                            add(ds, d1 + h0 + w0, a1 * b0 * c0 * g);
                            add(ds, d1 + h0 + w1, a1 * b0 * c1 * g);
                            add(ds, d1 + h1 + w0, a1 * b1 * c0 * g);
                            add(ds, d1 + h1 + w1, a1 * b1 * c1 * g);
                        }
                    }
                }
            }
        });
    }

    private static void add(MemorySegment s, long i, float v) {
        Vec.set(s, i, Vec.get(s, i) + v);
    }

    private static int grain(Spatial out) {
        return (int) Math.max(1, Vec.BLOCK / out.size());
    }
}
