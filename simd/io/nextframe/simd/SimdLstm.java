package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;

/**
 * The pointwise part of an LSTM cell, gates (B,4H) ordered [i, f, g, o]: c = σ(f)·c₋ + σ(i)·tanh(g),
 * h = σ(o)·tanh(c), and its backward. Vectorised along H; tasks are (row, block of H) pairs.
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
                long g = go + (long) b * 4 * hidden, row = (long) b * hidden;
                for (int j = start; j < end; j += L) {
                    VectorMask<Float> m = Vec.tail(j, end);
                    FloatVector si = VecMath.sigmoid(Vec.load(gs, g + j, m));
                    FloatVector sf = VecMath.sigmoid(Vec.load(gs, g + hidden + j, m));
                    FloatVector tg = VecMath.tanh(Vec.load(gs, g + 2L * hidden + j, m));
                    FloatVector so = VecMath.sigmoid(Vec.load(gs, g + 3L * hidden + j, m));
                    FloatVector cn = sf.mul(Vec.load(ps, po + row + j, m)).add(si.mul(tg));
                    Vec.store(cn, cs, co + row + j, m);
                    Vec.store(so.mul(VecMath.tanh(cn)), hs, ho + row + j, m);
                }
            }
        });
    }

    /**
     * With dc_total = dh·σ(o)·(1 − tanh²c) + dc: d(i) = dc_total·tanh(g)·σ(i)(1 − σ(i)),
     * d(f) = dc_total·c₋·σ(f)(1 − σ(f)), d(g) = dc_total·σ(i)·(1 − tanh²g), d(o) = dh·tanh(c)·σ(o)(1 − σ(o)),
     * dc₋ = dc_total·σ(f).
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
                for (int j = start; j < end; j += L) {
                    VectorMask<Float> m = Vec.tail(j, end);
                    FloatVector si = VecMath.sigmoid(Vec.load(gs, g + j, m));
                    FloatVector sf = VecMath.sigmoid(Vec.load(gs, g + hidden + j, m));
                    FloatVector tg = VecMath.tanh(Vec.load(gs, g + 2L * hidden + j, m));
                    FloatVector so = VecMath.sigmoid(Vec.load(gs, g + 3L * hidden + j, m));
                    FloatVector tc = VecMath.tanh(Vec.load(cs, co + row + j, m));
                    FloatVector gh = Vec.load(hs, ho + row + j, m);
                    FloatVector dct = gh.mul(so).mul(tc.mul(tc).neg().add(1f));
                    if (dcs != null) {
                        dct = dct.add(Vec.load(dcs, dco + row + j, m));
                    }
                    FloatVector cp = Vec.load(ps, po + row + j, m);
                    Vec.store(dct.mul(tg).mul(si.mul(si.neg().add(1f))), dgs, dg + j, m);
                    Vec.store(dct.mul(cp).mul(sf.mul(sf.neg().add(1f))), dgs, dg + hidden + j, m);
                    Vec.store(dct.mul(si).mul(tg.mul(tg).neg().add(1f)), dgs, dg + 2L * hidden + j, m);
                    Vec.store(gh.mul(tc).mul(so.mul(so.neg().add(1f))), dgs, dg + 3L * hidden + j, m);
                    Vec.store(dct.mul(sf), dps, dpo + row + j, m);
                }
            }
        });
    }
}
