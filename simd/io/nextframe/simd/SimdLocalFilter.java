package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Dynamic local filtering (DFN): every pixel has its own kh×kw filter,
 * y[b,c,i,j] = Σ_k f[b,k,i,j]·x[b,c,i+di(k),j+dj(k)] with di = k/kw − kh/2, dj = k%kw − kw/2, zero outside.
 * For a fixed k the filter row and the shifted input row are both contiguous along W, so each tap is a vector
 * multiply-add over the valid part of a row. Tasks are output rows; the backward ops are written in gather form
 * (each output element sums its own contributions in k or c order), so nothing is scattered across tasks.
 */
final class SimdLocalFilter {
    private SimdLocalFilter() {
    }

    static void forward(WorkerPool pool, Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        int bn = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3), taps = kh * kw;
        MemorySegment xs = Vec.seg(x), fs = Vec.seg(filters), ys = Vec.seg(y);
        long xo = x.offset(), fo = filters.offset(), yo = y.offset();
        pool.parallelFor(bn * ch * h, grain(w, taps), (from, to) -> {
            for (int t = from; t < to; t++) {
                int i = t % h, c = t / h % ch, b = t / h / ch;
                long yr = yo + (long) t * w;
                SimdPool.zero(ys, yr, w);
                for (int k = 0; k < taps; k++) {
                    int di = k / kw - kh / 2, dj = k % kw - kw / 2, r = i + di;
                    if (r < 0 || r >= h) {
                        continue;
                    }
                    long fr = fo + (((long) b * taps + k) * h + i) * w;
                    long xr = xo + (((long) b * ch + c) * h + r) * w + dj;
                    fmaRow(fs, fr, xs, xr, ys, yr, Math.max(0, -dj), Math.min(w, w - dj));
                }
            }
        });
    }

    static void backward(WorkerPool pool, Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                         Tensor dFilters) {
        int bn = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3), taps = kh * kw;
        MemorySegment xs = Vec.seg(x), fs = Vec.seg(filters), gs = Vec.seg(dy);
        MemorySegment dxs = Vec.seg(dx), dfs = Vec.seg(dFilters);
        long xo = x.offset(), fo = filters.offset(), go = dy.offset(), dxo = dx.offset(), dfo = dFilters.offset();
        // dx[b,c,p,q] = Σ_k f[b,k,p−di,q−dj]·dy[b,c,p−di,q−dj]
        pool.parallelFor(bn * ch * h, grain(w, taps), (from, to) -> {
            for (int t = from; t < to; t++) {
                int p = t % h, c = t / h % ch, b = t / h / ch;
                long dr = dxo + (long) t * w;
                SimdPool.zero(dxs, dr, w);
                for (int k = 0; k < taps; k++) {
                    int di = k / kw - kh / 2, dj = k % kw - kw / 2, i = p - di;
                    if (i < 0 || i >= h) {
                        continue;
                    }
                    long fr = fo + (((long) b * taps + k) * h + i) * w - dj;
                    long gr = go + (((long) b * ch + c) * h + i) * w - dj;
                    fmaRow(fs, fr, gs, gr, dxs, dr, Math.max(0, dj), Math.min(w, w + dj));
                }
            }
        });
        // dF[b,k,i,j] = Σ_c dy[b,c,i,j]·x[b,c,i+di,j+dj]
        pool.parallelFor(bn * taps * h, grain(w, ch), (from, to) -> {
            for (int t = from; t < to; t++) {
                int i = t % h, k = t / h % taps, b = t / h / taps;
                int di = k / kw - kh / 2, dj = k % kw - kw / 2, r = i + di;
                long dr = dfo + (long) t * w;
                SimdPool.zero(dfs, dr, w);
                if (r < 0 || r >= h) {
                    continue;
                }
                for (int c = 0; c < ch; c++) {
                    long gr = go + (((long) b * ch + c) * h + i) * w;
                    long xr = xo + (((long) b * ch + c) * h + r) * w + dj;
                    fmaRow(gs, gr, xs, xr, dfs, dr, Math.max(0, -dj), Math.min(w, w - dj));
                }
            }
        });
    }

    /** y[j] = a[j]·b[j] + y[j] for j in [lo, hi) (a, b, y addressed from their own bases). */
    static void fmaRow(MemorySegment as, long ap, MemorySegment bs, long bp, MemorySegment ys, long yp, int lo,
                       int hi) {
        int j = lo;
        for (int bound = lo + F.loopBound(Math.max(0, hi - lo)); j < bound; j += L) {
            FloatVector.fromMemorySegment(F, as, (ap + j) << 2, ORDER)
                    .fma(FloatVector.fromMemorySegment(F, bs, (bp + j) << 2, ORDER),
                    FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER))
                    .intoMemorySegment(ys, (yp + j) << 2, ORDER);
        }
        for (; j < hi; j++) {
            Vec.set(ys, yp + j, Math.fma(Vec.get(as, ap + j), Vec.get(bs, bp + j), Vec.get(ys, yp + j)));
        }
    }

    private static int grain(int w, int taps) {
        return Math.max(1, Vec.BLOCK / Math.max(1, w * taps));
    }
}
