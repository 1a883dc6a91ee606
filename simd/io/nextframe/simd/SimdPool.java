package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Max and average pooling over 1–3 spatial axes (PyTorch floor mode; average counts padded cells, so it divides by
 * the window volume; max ignores them and routes the gradient to the first maximum in row-major order). Tasks are
 * (n, c) planes, so the backward scatter of a plane stays in one thread and is deterministic.
 */
final class SimdPool {
    /** Lanes 0, 2, 4, … of two consecutive vectors (a, b): the inputs of a stride-2 row. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> 2 * i);

    private SimdPool() {
    }

    /** The window geometry padded to (d, h, w). */
    private record Window(int[] k, int[] s, int[] p, Spatial in, Spatial out) {
        static Window of(PoolSpec spec, Tensor x, Tensor y) {
            return new Window(Spatial.pad3(spec.kernel(), 1), Spatial.pad3(spec.stride(), 1),
                    Spatial.pad3(spec.padding(), 0), Spatial.of(x), Spatial.of(y));
        }

        int volume() {
            return k[0] * k[1] * k[2];
        }
    }

    static void forward(WorkerPool pool, PoolSpec spec, Tensor x, Tensor y) {
        Window win = Window.of(spec, x, y);
        MemorySegment xs = Vec.seg(x), ys = Vec.seg(y);
        long xo = x.offset(), yo = y.offset();
        boolean max = spec.kind() == PoolSpec.Kind.MAX;
        pool.parallelFor(Spatial.planes(x), grain(win), (from, to) -> {
            for (int p = from; p < to; p++) {
                long xp = xo + p * win.in().size(), yp = yo + p * win.out().size();
                if (!max && win.s()[2] == 1) {
                    averageUnitStride(win, xs, xp, ys, yp);
                    continue;
                }
                if (max && win.s()[2] <= 2) {
                    maxRows(win, xs, xp, ys, yp);
                    continue;
                }
                for (int od = 0; od < win.out().d(); od++) {
                    for (int oh = 0; oh < win.out().h(); oh++) {
                        for (int ow = 0; ow < win.out().w(); ow++) {
                            float v = max ? maxOf(win, xs, xp, od, oh, ow) : sumOf(win, xs, xp, od, oh, ow)
                                    / win.volume();
                            Vec.set(ys, yp + ((long) od * win.out().h() + oh) * win.out().w() + ow, v);
                        }
                    }
                }
            }
        });
    }

    static void backward(WorkerPool pool, PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        Window win = Window.of(spec, x, dy);
        MemorySegment xs = Vec.seg(x), gs = Vec.seg(dy), ds = Vec.seg(dx);
        long xo = x.offset(), go = dy.offset(), dO = dx.offset();
        boolean max = spec.kind() == PoolSpec.Kind.MAX;
        Spatial in = win.in(), out = win.out();
        pool.parallelFor(Spatial.planes(x), grain(win), (from, to) -> {
            for (int p = from; p < to; p++) {
                long xp = xo + p * in.size(), gp = go + p * out.size(), dp = dO + p * in.size();
                zero(ds, dp, in.size());
                for (int od = 0; od < out.d(); od++) {
                    for (int oh = 0; oh < out.h(); oh++) {
                        for (int ow = 0; ow < out.w(); ow++) {
                            float g = Vec.get(gs, gp + ((long) od * out.h() + oh) * out.w() + ow);
                            if (max) {
                                long at = dp + argMax(win, xs, xp, od, oh, ow);
                                Vec.set(ds, at, Vec.get(ds, at) + g);
                            } else {
                                spread(win, ds, dp, od, oh, ow, g / win.volume());
                            }
                        }
                    }
                }
            }
        });
    }

    private static int grain(Window win) {
        return (int) Math.max(1, Vec.BLOCK / Math.max(1, win.out().size() * win.volume()));
    }

    /** The first maximum of the window at (od, oh, ow), as an offset in the plane; padded cells do not count. */
    private static long argMax(Window win, MemorySegment xs, long xp, int od, int oh, int ow) {
        Spatial in = win.in();
        float best = Float.NEGATIVE_INFINITY;
        long at = -1;
        for (int kd = 0; kd < win.k()[0]; kd++) {
            int id = od * win.s()[0] - win.p()[0] + kd;
            if (id < 0 || id >= in.d()) {
                continue;
            }
            for (int kh = 0; kh < win.k()[1]; kh++) {
                int ih = oh * win.s()[1] - win.p()[1] + kh;
                if (ih < 0 || ih >= in.h()) {
                    continue;
                }
                long row = ((long) id * in.h() + ih) * in.w();
                for (int kw = 0; kw < win.k()[2]; kw++) {
                    int iw = ow * win.s()[2] - win.p()[2] + kw;
                    if (iw < 0 || iw >= in.w()) {
                        continue;
                    }
                    float v = Vec.get(xs, xp + row + iw);
                    // NaN wins, as in PyTorch; otherwise only a strictly larger value replaces the first maximum
                    if (at < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                        best = v;
                        at = row + iw;
                    }
                }
            }
        }
        return at;
    }

    private static float maxOf(Window win, MemorySegment xs, long xp, int od, int oh, int ow) {
        return Vec.get(xs, xp + argMax(win, xs, xp, od, oh, ow));
    }

    private static float sumOf(Window win, MemorySegment xs, long xp, int od, int oh, int ow) {
        Spatial in = win.in();
        float sum = 0f;
        for (int kd = 0; kd < win.k()[0]; kd++) {
            int id = od * win.s()[0] - win.p()[0] + kd;
            if (id < 0 || id >= in.d()) {
                continue;
            }
            for (int kh = 0; kh < win.k()[1]; kh++) {
                int ih = oh * win.s()[1] - win.p()[1] + kh;
                if (ih < 0 || ih >= in.h()) {
                    continue;
                }
                long row = ((long) id * in.h() + ih) * in.w();
                for (int kw = 0; kw < win.k()[2]; kw++) {
                    int iw = ow * win.s()[2] - win.p()[2] + kw;
                    if (iw >= 0 && iw < in.w()) {
                        sum += Vec.get(xs, xp + row + iw);
                    }
                }
            }
        }
        return sum;
    }

    /**
     * Average pooling with unit stride along W, vectorised along the output row: for each window cell the row of
     * inputs shifted by the cell's offset is added to the output row (valid outputs only). The window cells are
     * visited in the same (kd, kh, kw) order as {@link #sumOf}, so both paths give the same sums.
     */
    private static void averageUnitStride(Window win, MemorySegment xs, long xp, MemorySegment ys, long yp) {
        Spatial in = win.in(), out = win.out();
        for (int od = 0; od < out.d(); od++) {
            for (int oh = 0; oh < out.h(); oh++) {
                long yr = yp + ((long) od * out.h() + oh) * out.w();
                zero(ys, yr, out.w());
                for (int kd = 0; kd < win.k()[0]; kd++) {
                    int id = od * win.s()[0] - win.p()[0] + kd;
                    if (id < 0 || id >= in.d()) {
                        continue;
                    }
                    for (int kh = 0; kh < win.k()[1]; kh++) {
                        int ih = oh * win.s()[1] - win.p()[1] + kh;
                        if (ih < 0 || ih >= in.h()) {
                            continue;
                        }
                        long xr = xp + ((long) id * in.h() + ih) * in.w();
                        for (int kw = 0; kw < win.k()[2]; kw++) {
                            int shift = kw - win.p()[2];
                            // outputs ow with 0 ≤ ow + shift < in.w
                            int lo = Math.max(0, -shift), hi = Math.min(out.w(), in.w() - shift);
                            addShifted(xs, xr + shift, ys, yr, lo, hi);
                        }
                    }
                }
                scale(ys, yr, out.w(), win.volume());
            }
        }
    }

    /**
     * Max pooling with stride 1 or 2 along W, vectorised along the output row: the output row starts at −∞ and takes
     * the maximum with, for each valid window row and column kw, the inputs x[s·ow + kw − pad] (a shifted row, or the
     * even lanes of two vectors for stride 2). Only the forward value is computed here; the backward pass scans each
     * window for its first maximum.
     */
    private static void maxRows(Window win, MemorySegment xs, long xp, MemorySegment ys, long yp) {
        Spatial in = win.in(), out = win.out();
        int stride = win.s()[2];
        FloatVector lowest = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int od = 0; od < out.d(); od++) {
            for (int oh = 0; oh < out.h(); oh++) {
                long yr = yp + ((long) od * out.h() + oh) * out.w();
                int j = 0;
                for (int bound = F.loopBound(out.w()); j < bound; j += L) {
                    lowest.intoMemorySegment(ys, (yr + j) << 2, ORDER);
                }
                for (; j < out.w(); j++) {
                    Vec.set(ys, yr + j, Float.NEGATIVE_INFINITY);
                }
                for (int kd = 0; kd < win.k()[0]; kd++) {
                    int id = od * win.s()[0] - win.p()[0] + kd;
                    if (id < 0 || id >= in.d()) {
                        continue;
                    }
                    for (int kh = 0; kh < win.k()[1]; kh++) {
                        int ih = oh * win.s()[1] - win.p()[1] + kh;
                        if (ih < 0 || ih >= in.h()) {
                            continue;
                        }
                        long xr = xp + ((long) id * in.h() + ih) * in.w();
                        for (int kw = 0; kw < win.k()[2]; kw++) {
                            int shift = kw - win.p()[2];
                            // outputs ow with 0 ≤ stride·ow + shift < in.w
                            int lo = Math.max(0, (-shift + stride - 1) / stride);
                            int hi = Math.min(out.w(), Math.floorDiv(in.w() - 1 - shift, stride) + 1);
                            maxShifted(xs, xr + shift, stride, ys, yr, lo, hi, in.w() - shift);
                        }
                    }
                }
            }
        }
    }

    /** y[j] = max(y[j], x[stride·j]) for j in [lo, hi); x is readable below {@code limit} (relative to xp). */
    private static void maxShifted(MemorySegment xs, long xp, int stride, MemorySegment ys, long yp, int lo, int hi,
                                   int limit) {
        int j = lo;
        if (stride == 1) {
            for (int bound = lo + F.loopBound(Math.max(0, hi - lo)); j < bound; j += L) {
                FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER)
                        .max(FloatVector.fromMemorySegment(F, xs, (xp + j) << 2, ORDER))
                        .intoMemorySegment(ys, (yp + j) << 2, ORDER);
            }
        } else {
            for (; j + L <= hi && 2 * (j + L) <= limit; j += L) {
                FloatVector even = FloatVector.fromMemorySegment(F, xs, (xp + 2L * j) << 2, ORDER)
                        .rearrange(EVEN, FloatVector.fromMemorySegment(F, xs, (xp + 2L * j + L) << 2, ORDER));
                FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER).max(even)
                        .intoMemorySegment(ys, (yp + j) << 2, ORDER);
            }
        }
        for (; j < hi; j++) {
            Vec.set(ys, yp + j, Math.max(Vec.get(ys, yp + j), Vec.get(xs, xp + (long) stride * j)));
        }
    }

    /** y[j] += x[j] for j in [lo, hi). */
    private static void addShifted(MemorySegment xs, long xp, MemorySegment ys, long yp, int lo, int hi) {
        int j = lo;
        for (int bound = lo + F.loopBound(Math.max(0, hi - lo)); j < bound; j += L) {
            FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER)
                    .add(FloatVector.fromMemorySegment(F, xs, (xp + j) << 2, ORDER))
                    .intoMemorySegment(ys, (yp + j) << 2, ORDER);
        }
        for (; j < hi; j++) {
            Vec.set(ys, yp + j, Vec.get(ys, yp + j) + Vec.get(xs, xp + j));
        }
    }

    /** y /= volume (a division, exactly as the scalar path). */
    private static void scale(MemorySegment ys, long yp, int n, int volume) {
        float v = volume;
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER).div(v)
                    .intoMemorySegment(ys, (yp + j) << 2, ORDER);
        }
        for (; j < n; j++) {
            Vec.set(ys, yp + j, Vec.get(ys, yp + j) / v);
        }
    }

    /** Adds g to every non-padded cell of the window at (od, oh, ow). */
    private static void spread(Window win, MemorySegment ds, long dp, int od, int oh, int ow, float g) {
        Spatial in = win.in();
        for (int kd = 0; kd < win.k()[0]; kd++) {
            int id = od * win.s()[0] - win.p()[0] + kd;
            if (id < 0 || id >= in.d()) {
                continue;
            }
            for (int kh = 0; kh < win.k()[1]; kh++) {
                int ih = oh * win.s()[1] - win.p()[1] + kh;
                if (ih < 0 || ih >= in.h()) {
                    continue;
                }
                long row = dp + ((long) id * in.h() + ih) * in.w();
                for (int kw = 0; kw < win.k()[2]; kw++) {
                    int iw = ow * win.s()[2] - win.p()[2] + kw;
                    if (iw >= 0 && iw < in.w()) {
                        Vec.set(ds, row + iw, Vec.get(ds, row + iw) + g);
                    }
                }
            }
        }
    }

    static void zero(MemorySegment s, long p, long n) {
        s.asSlice(p * 4, n * 4).fill((byte) 0);
    }
}
