package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * The pointwise part of an LSTM cell, gates (B,4H) ordered [i, f, g, o]: c = σ(f)·c₋ + σ(i)·tanh(g),
 * h = σ(o)·tanh(c), and its backward. Vectorised along H; tasks are (row, block of H) pairs. Each loop evaluates at
 * most one sigmoid or tanh: a loop body holding all five overflowed C2's inlining budget and boxed its vectors, so
 * the cell runs as a few short passes over the row block, using the outputs (c, h; dGates, dcPrev) as scratch.
 */
final class SimdLstm {
    private SimdLstm() {
    }

    static void forward(WorkerPool pool, Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        int batch = gates.dim(0), hidden = gates.dim(1) / 4;
        MemorySegment gs = Vec.seg(gates), ps = Vec.seg(cPrev), hs = Vec.seg(h), cs = Vec.seg(c);
        long go = gates.offset(), po = cPrev.offset(), ho = h.offset(), co = c.offset();
        int pieces = Vec.blocks(hidden);
        pool.parallelFor(batch * pieces, Math.max(1, BLOCK / (4 * hidden)), (from, to) -> {
            for (int t = from; t < to; t++) {
                int b = t / pieces, start = (t % pieces) * BLOCK, end = Math.min(hidden, start + BLOCK);
                long g = go + (long) b * 4 * hidden, cr = co + (long) b * hidden, hr = ho + (long) b * hidden;
                tanhInto(gs, g + 2L * hidden, cs, cr, start, end);                        // c = tanh(g)
                sigmoidTimes(gs, g, cs, cr, cs, cr, start, end);                           // c = σ(i)·tanh(g)
                sigmoidFma(gs, g + hidden, ps, po + (long) b * hidden, cs, cr, start, end); // c += σ(f)·c₋
                tanhInto(cs, cr, hs, hr, start, end);                                      // h = tanh(c)
                sigmoidTimes(gs, g + 3L * hidden, hs, hr, hs, hr, start, end);             // h = σ(o)·tanh(c)
            }
        });
    }

    /**
     * With dc_total = dh·σ(o)·(1 − tanh²c) + dc: d(i) = dc_total·tanh(g)·σ(i)(1 − σ(i)),
     * d(f) = dc_total·c₋·σ(f)(1 − σ(f)), d(g) = dc_total·σ(i)·(1 − tanh²g), d(o) = dh·tanh(c)·σ(o)(1 − σ(o)),
     * dc₋ = dc_total·σ(f). The activations are first written into dGates (and tanh c into dcPrev).
     */
    static void backward(WorkerPool pool, Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates,
                         Tensor dcPrev) {
        int batch = gates.dim(0), hidden = gates.dim(1) / 4;
        MemorySegment gs = Vec.seg(gates), ps = Vec.seg(cPrev), cs = Vec.seg(c), hs = Vec.seg(dh);
        MemorySegment dcs = dc == null ? null : Vec.seg(dc), dgs = Vec.seg(dGates), dps = Vec.seg(dcPrev);
        long go = gates.offset(), po = cPrev.offset(), co = c.offset(), ho = dh.offset();
        long dco = dc == null ? 0 : dc.offset(), dgo = dGates.offset(), dpo = dcPrev.offset();
        int pieces = Vec.blocks(hidden);
        pool.parallelFor(batch * pieces, Math.max(1, BLOCK / (4 * hidden)), (from, to) -> {
            for (int t = from; t < to; t++) {
                int b = t / pieces, start = (t % pieces) * BLOCK, end = Math.min(hidden, start + BLOCK);
                long g = go + (long) b * 4 * hidden, dg = dgo + (long) b * 4 * hidden, row = (long) b * hidden;
                sigmoidInto(gs, g, dgs, dg, start, end);
                sigmoidInto(gs, g + hidden, dgs, dg + hidden, start, end);
                tanhInto(gs, g + 2L * hidden, dgs, dg + 2L * hidden, start, end);
                sigmoidInto(gs, g + 3L * hidden, dgs, dg + 3L * hidden, start, end);
                tanhInto(cs, co + row, dps, dpo + row, start, end);
                int full = start + F.loopBound(end - start);
                gradients(hs, dcs, dgs, dps, ps, ho, dco, dg, dpo, po, row, hidden, start, full);
                if (full < end) {
                    gradientsTail(hs, dcs, dgs, dps, ps, ho, dco, dg, dpo, po, row, hidden, full, end);
                }
            }
        });
    }

    /** The backward arithmetic over whole vectors of [start, end), from the activations in dGates and dcPrev. */
    private static void gradients(MemorySegment hs, MemorySegment dcs, MemorySegment dgs, MemorySegment dps,
                                  MemorySegment ps, long ho, long dco, long dg, long dpo, long po, long row, int hidden,
                                  int start, int end) {
        for (int j = start; j < end; j += L) {
            FloatVector si = FloatVector.fromMemorySegment(F, dgs, (dg + j) << 2, ORDER);
            FloatVector sf = FloatVector.fromMemorySegment(F, dgs, (dg + hidden + j) << 2, ORDER);
            FloatVector tg = FloatVector.fromMemorySegment(F, dgs, (dg + 2L * hidden + j) << 2, ORDER);
            FloatVector so = FloatVector.fromMemorySegment(F, dgs, (dg + 3L * hidden + j) << 2, ORDER);
            FloatVector tc = FloatVector.fromMemorySegment(F, dps, (dpo + row + j) << 2, ORDER);
            FloatVector gh = FloatVector.fromMemorySegment(F, hs, (ho + row + j) << 2, ORDER);
            FloatVector dct = gh.mul(so).mul(tc.mul(tc).neg().add(1f));
            if (dcs != null) {
                dct = dct.add(FloatVector.fromMemorySegment(F, dcs, (dco + row + j) << 2, ORDER));
            }
            FloatVector cp = FloatVector.fromMemorySegment(F, ps, (po + row + j) << 2, ORDER);
            dct.mul(tg).mul(si.mul(si.neg().add(1f))).intoMemorySegment(dgs, (dg + j) << 2, ORDER);
            dct.mul(cp).mul(sf.mul(sf.neg().add(1f))).intoMemorySegment(dgs, (dg + hidden + j) << 2, ORDER);
            dct.mul(si).mul(tg.mul(tg).neg().add(1f)).intoMemorySegment(dgs, (dg + 2L * hidden + j) << 2, ORDER);
            gh.mul(tc).mul(so.mul(so.neg().add(1f))).intoMemorySegment(dgs, (dg + 3L * hidden + j) << 2, ORDER);
            dct.mul(sf).intoMemorySegment(dps, (dpo + row + j) << 2, ORDER);
        }
    }

    /** The last partial vector of {@link #gradients}, masked. */
    private static void gradientsTail(MemorySegment hs, MemorySegment dcs, MemorySegment dgs, MemorySegment dps,
                                      MemorySegment ps, long ho, long dco, long dg, long dpo, long po, long row,
                                      int hidden, int start, int end) {
        for (int j = start; j < end; j += L) {
            VectorMask<Float> m = Vec.tail(j, end);
            FloatVector si = FloatVector.fromMemorySegment(F, dgs, (dg + j) << 2, ORDER, m);
            FloatVector sf = FloatVector.fromMemorySegment(F, dgs, (dg + hidden + j) << 2, ORDER, m);
            FloatVector tg = FloatVector.fromMemorySegment(F, dgs, (dg + 2L * hidden + j) << 2, ORDER, m);
            FloatVector so = FloatVector.fromMemorySegment(F, dgs, (dg + 3L * hidden + j) << 2, ORDER, m);
            FloatVector tc = FloatVector.fromMemorySegment(F, dps, (dpo + row + j) << 2, ORDER, m);
            FloatVector gh = FloatVector.fromMemorySegment(F, hs, (ho + row + j) << 2, ORDER, m);
            FloatVector dct = gh.mul(so).mul(tc.mul(tc).neg().add(1f));
            if (dcs != null) {
                dct = dct.add(FloatVector.fromMemorySegment(F, dcs, (dco + row + j) << 2, ORDER, m));
            }
            FloatVector cp = FloatVector.fromMemorySegment(F, ps, (po + row + j) << 2, ORDER, m);
            dct.mul(tg).mul(si.mul(si.neg().add(1f))).intoMemorySegment(dgs, (dg + j) << 2, ORDER, m);
            dct.mul(cp).mul(sf.mul(sf.neg().add(1f))).intoMemorySegment(dgs, (dg + hidden + j) << 2, ORDER, m);
            dct.mul(si).mul(tg.mul(tg).neg().add(1f)).intoMemorySegment(dgs, (dg + 2L * hidden + j) << 2, ORDER, m);
            gh.mul(tc).mul(so.mul(so.neg().add(1f))).intoMemorySegment(dgs, (dg + 3L * hidden + j) << 2, ORDER, m);
            dct.mul(sf).intoMemorySegment(dps, (dpo + row + j) << 2, ORDER, m);
        }
    }

    /** d[j] = σ(s[j]) for j in [start, end). */
    private static void sigmoidInto(MemorySegment s, long sp, MemorySegment d, long dp, int start, int end) {
        int j = start;
        for (; j + L <= end; j += L) {
            VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER);
        }
        if (j < end) {
            sigmoidIntoTail(s, sp, d, dp, j, end);
        }
    }

    /** The last partial vector of {@link #sigmoidInto}, masked; a method of its own to keep the main loop small. */
    private static void sigmoidIntoTail(MemorySegment s, long sp, MemorySegment d, long dp, int start, int end) {
        for (int j = start; j < end; j += L) {
            VectorMask<Float> m = Vec.tail(j, end);
            VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER, m))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER, m);
        }
    }

    /** d[j] = tanh(s[j]). */
    private static void tanhInto(MemorySegment s, long sp, MemorySegment d, long dp, int start, int end) {
        int j = start;
        for (; j + L <= end; j += L) {
            VecMath.tanh(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER);
        }
        if (j < end) {
            tanhIntoTail(s, sp, d, dp, j, end);
        }
    }

    /** The last partial vector of {@link #tanhInto}, masked; a method of its own to keep the main loop small. */
    private static void tanhIntoTail(MemorySegment s, long sp, MemorySegment d, long dp, int start, int end) {
        for (int j = start; j < end; j += L) {
            VectorMask<Float> m = Vec.tail(j, end);
            VecMath.tanh(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER, m))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER, m);
        }
    }

    /** d[j] = σ(s[j])·a[j]. */
    private static void sigmoidTimes(MemorySegment s, long sp, MemorySegment a, long ap, MemorySegment d, long dp,
                                     int start, int end) {
        int j = start;
        for (; j + L <= end; j += L) {
            VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER))
                    .mul(FloatVector.fromMemorySegment(F, a, (ap + j) << 2, ORDER))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER);
        }
        if (j < end) {
            sigmoidTimesTail(s, sp, a, ap, d, dp, j, end);
        }
    }

    /** The last partial vector of {@link #sigmoidTimes}, masked; a method of its own to keep the main loop small. */
    private static void sigmoidTimesTail(MemorySegment s, long sp, MemorySegment a, long ap, MemorySegment d, long dp,
                                     int start, int end) {
        for (int j = start; j < end; j += L) {
            VectorMask<Float> m = Vec.tail(j, end);
            VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER, m))
                    .mul(FloatVector.fromMemorySegment(F, a, (ap + j) << 2, ORDER, m))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER, m);
        }
    }

    /** d[j] = σ(s[j])·a[j] + d[j] (a product, then a sum: the forward's c = σ(f)·c₋ + σ(i)·tanh(g)). */
    private static void sigmoidFma(MemorySegment s, long sp, MemorySegment a, long ap, MemorySegment d, long dp,
                                   int start, int end) {
        int j = start;
        for (; j + L <= end; j += L) {
            FloatVector p = VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER))
                    .mul(FloatVector.fromMemorySegment(F, a, (ap + j) << 2, ORDER));
            p.add(FloatVector.fromMemorySegment(F, d, (dp + j) << 2, ORDER)).intoMemorySegment(d, (dp + j) << 2, ORDER);
        }
        if (j < end) {
            sigmoidFmaTail(s, sp, a, ap, d, dp, j, end);
        }
    }

    /** The last partial vector of {@link #sigmoidFma}, masked; a method of its own to keep the main loop small. */
    private static void sigmoidFmaTail(MemorySegment s, long sp, MemorySegment a, long ap, MemorySegment d, long dp,
                                   int start, int end) {
        for (int j = start; j < end; j += L) {
            VectorMask<Float> m = Vec.tail(j, end);
            FloatVector p = VecMath.sigmoid(FloatVector.fromMemorySegment(F, s, (sp + j) << 2, ORDER, m))
                    .mul(FloatVector.fromMemorySegment(F, a, (ap + j) << 2, ORDER, m));
            p.add(FloatVector.fromMemorySegment(F, d, (dp + j) << 2, ORDER, m))
                    .intoMemorySegment(d, (dp + j) << 2, ORDER, m);
        }
    }
}
