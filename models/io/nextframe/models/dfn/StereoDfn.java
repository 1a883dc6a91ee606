package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Initializers;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Upsample;

/**
 * DFN's stereo-prediction model (authors' code, experiment_stereoPrediction): left view → right view, no
 * recurrence, 1×13 horizontal per-pixel filters plus one dynamic-bias channel. l0 conv3 1→32, l1 32→32 stride 2,
 * l2 32→64, l3 64→64, l4 64→128 with untied biases (at npx/2); decoder l5 128→64, l6 64→64, nearest ×2, l7, l8
 * 64→64, l9 conv1 64→128, l10 conv1 128→14. 464,494 parameters at 64×64 (baseline's 1×1 conv 14→1: 464,509).
 * Runs on synthetic inputs (CONTRACTS.md §8).
 */
public final class StereoDfn extends Module {
    public static final int FILTER = 13;

    private final UntiedBiasConv mid;
    private final Conv[] convs = new Conv[10];
    private final Conv baseline;
    private final Upsample up;

    public StereoDfn(Backend backend, int npx, boolean baseline, long seed) {
        super(backend);
        Rng rng = new Rng(seed);
        int[][] l = {{1, 32, 3, 1}, {32, 32, 3, 2}, {32, 64, 3, 1}, {64, 64, 3, 1}, null,
            {128, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1}, {64, 128, 1, 1}, {128, FILTER + 1, 1, 1}};
        UntiedBiasConv m = null;
        for (int i = 0; i < l.length; i++) {
            if (l[i] == null) {
                m = child("l" + i, new UntiedBiasConv(backend, 64, 128, 3, 1, npx / 2, npx / 2, rng));
            } else {
                convs[i < 4 ? i : i - 1] = child("l" + i,
                        Conv.conv2d(backend, l[i][0], l[i][1], l[i][2], l[i][3], l[i][2] / 2, rng));
            }
        }
        mid = m;
        this.baseline = baseline ? child("baseline", Conv.conv2d(backend, FILTER + 1, 1, 1, 1, 0, rng)) : null;
        up = Upsample.nearest(backend, 2);
        Initializers.heUniform(this, new Rng(seed, 1L << 20));
    }

    /** left (B, 1, npx, npx) → predicted right view (B, 1, npx, npx). */
    public DfnNetwork.Step forward(Var left) {
        Var x = left;
        for (int i = 0; i < 4; i++) {
            x = lrelu(convs[i].forward(x));
        }
        x = lrelu(mid.forward(x));
        x = lrelu(convs[4].forward(x));
        x = lrelu(convs[5].forward(x));
        x = up.forward(x);
        for (int i = 6; i < 9; i++) {
            x = lrelu(convs[i].forward(x));
        }
        Var head = convs[9].forward(x);
        if (baseline != null) {
            return new DfnNetwork.Step(baseline.forward(head), null, null);
        }
        return DynamicFilterHead.apply(left, head, 1, FILTER, true, null);
    }

    private static Var lrelu(Var x) {
        return F.leakyRelu(x, DfnNetwork.SLOPE);
    }
}
