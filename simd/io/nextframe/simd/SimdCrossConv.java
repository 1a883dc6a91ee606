package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Cross convolution: each (sample, channel) plane is cross-correlated with its own kh×kw kernel, stride 1, zero
 * padding (padH, padW): y[b,c,i,j] = Σ_{u,v} k[b,c,u,v]·x[b,c,i+u−padH,j+v−padW]. Each tap is a broadcast weight
 * times a contiguous shifted row. Tasks are output rows (y, dx) or kernel rows (dk), each summed in a fixed order.
 */
final class SimdCrossConv {
    private SimdCrossConv() {
    }

    private record Geometry(int b, int c, int h, int w, int kh, int kw, int oh, int ow, int padH, int padW) {
        static Geometry of(Tensor x, Tensor k, int padH, int padW) {
            int h = x.dim(2), w = x.dim(3), kh = k.dim(2), kw = k.dim(3);
            return new Geometry(x.dim(0), x.dim(1), h, w, kh, kw, h + 2 * padH - kh + 1, w + 2 * padW - kw + 1,
                    padH, padW);
        }
    }

    static void forward(WorkerPool pool, Tensor x, Tensor k, int padH, int padW, Tensor y) {
        Geometry g = Geometry.of(x, k, padH, padW);
        MemorySegment xs = Vec.seg(x), ks = Vec.seg(k), ys = Vec.seg(y);
        long xo = x.offset(), ko = k.offset(), yo = y.offset();
        pool.parallelFor(g.b() * g.c() * g.oh(), grain(g.ow(), g.kh() * g.kw()), (from, to) -> {
            for (int t = from; t < to; t++) {
                int i = t % g.oh(), plane = t / g.oh();
                long yr = yo + (long) t * g.ow();
                SimdPool.zero(ys, yr, g.ow());
                for (int u = 0; u < g.kh(); u++) {
                    int r = i + u - g.padH();
                    if (r < 0 || r >= g.h()) {
                        continue;
                    }
                    long xr = xo + ((long) plane * g.h() + r) * g.w();
                    for (int v = 0; v < g.kw(); v++) {
                        float wv = Vec.get(ks, ko + ((long) plane * g.kh() + u) * g.kw() + v);
                        int shift = v - g.padW();
                        axpy(wv, xs, xr + shift, ys, yr, Math.max(0, -shift), Math.min(g.ow(), g.w() - shift));
                    }
                }
            }
        });
    }

    static void backward(WorkerPool pool, Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        Geometry g = Geometry.of(x, k, padH, padW);
        MemorySegment xs = Vec.seg(x), ks = Vec.seg(k), gs = Vec.seg(dy), dxs = Vec.seg(dx), dks = Vec.seg(dk);
        long xo = x.offset(), ko = k.offset(), go = dy.offset(), dxo = dx.offset(), dko = dk.offset();
        // dx[p,q] = Σ_{u,v} k[u,v]·dy[p−u+padH, q−v+padW]
        pool.parallelFor(g.b() * g.c() * g.h(), grain(g.w(), g.kh() * g.kw()), (from, to) -> {
            for (int t = from; t < to; t++) {
                int p = t % g.h(), plane = t / g.h();
                long dr = dxo + (long) t * g.w();
                SimdPool.zero(dxs, dr, g.w());
                for (int u = 0; u < g.kh(); u++) {
                    int r = p - u + g.padH();
                    if (r < 0 || r >= g.oh()) {
                        continue;
                    }
                    long gr = go + ((long) plane * g.oh() + r) * g.ow();
                    for (int v = 0; v < g.kw(); v++) {
                        float wv = Vec.get(ks, ko + ((long) plane * g.kh() + u) * g.kw() + v);
                        int shift = g.padW() - v;
                        axpy(wv, gs, gr + shift, dxs, dr, Math.max(0, -shift), Math.min(g.w(), g.ow() - shift));
                    }
                }
            }
        });
        // dk[u,v] = Σ_{i,j} dy[i,j]·x[i+u−padH, j+v−padW], one task per kernel row (b, c, u)
        pool.parallelFor(g.b() * g.c() * g.kh(), 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int u = t % g.kh(), plane = t / g.kh();
                for (int v = 0; v < g.kw(); v++) {
                    int shift = v - g.padW();
                    int lo = Math.max(0, -shift), hi = Math.min(g.ow(), g.w() - shift);
                    FloatVector acc = FloatVector.zero(F);
                    float tail = 0f;
                    for (int i = 0; i < g.oh(); i++) {
                        int r = i + u - g.padH();
                        if (r < 0 || r >= g.h()) {
                            continue;
                        }
                        long gr = go + ((long) plane * g.oh() + i) * g.ow();
                        long xr = xo + ((long) plane * g.h() + r) * g.w() + shift;
                        int j = lo;
                        for (int bound = lo + F.loopBound(Math.max(0, hi - lo)); j < bound; j += L) {
                            acc = FloatVector.fromMemorySegment(F, gs, (gr + j) << 2, ORDER)
                                    .fma(FloatVector.fromMemorySegment(F, xs, (xr + j) << 2, ORDER), acc);
                        }
                        for (; j < hi; j++) {
                            tail = Math.fma(Vec.get(gs, gr + j), Vec.get(xs, xr + j), tail);
                        }
                    }
                    Vec.set(dks, dko + (long) t * g.kw() + v, Vec.sum(acc) + tail);
                }
            }
        });
    }

    /** y[j] += a·x[j] for j in [lo, hi). */
    private static void axpy(float a, MemorySegment xs, long xp, MemorySegment ys, long yp, int lo, int hi) {
        FloatVector va = FloatVector.broadcast(F, a);
        int j = lo;
        for (int bound = lo + F.loopBound(Math.max(0, hi - lo)); j < bound; j += L) {
            FloatVector.fromMemorySegment(F, xs, (xp + j) << 2, ORDER)
                    .fma(va, FloatVector.fromMemorySegment(F, ys, (yp + j) << 2, ORDER))
                    .intoMemorySegment(ys, (yp + j) << 2, ORDER);
        }
        for (; j < hi; j++) {
            Vec.set(ys, yp + j, Math.fma(Vec.get(xs, xp + j), a, Vec.get(ys, yp + j)));
        }
    }

    private static int grain(int w, int taps) {
        return Math.max(1, Vec.BLOCK / Math.max(1, w * taps));
    }
}
