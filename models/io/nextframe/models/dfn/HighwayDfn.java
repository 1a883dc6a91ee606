package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Initializers;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Upsample;

import java.util.ArrayList;
import java.util.List;

/**
 * DFN's highway-driving model (authors' code, experiment_highwayDriving): a buffer of the 2 most recent frames
 * in, 11×11 per-pixel filters plus one dynamic-bias channel out, hidden state 64 × npx/2 × npx/2. l0 conv3 2→32
 * with untied biases, l1 32→32 stride 2, l2 32→64, l3 64→64, recurrence l4, l5 64→64 summed into the state;
 * decoder l6 64→64, nearest ×2, l7 64→32, l8 32→64, l9 conv1 64→128, l10 conv1 128→122. 368,122 parameters at
 * 64×64 (the baseline's 1×1 conv 122→1: 368,245). The dataset is not available offline: the model runs on synthetic
 * inputs (CONTRACTS.md §8).
 */
public final class HighwayDfn extends Module {
    public static final int BUFFER = 2;
    public static final int FILTER = 11;

    private final int npx;
    private final Module untied;
    private final Conv[] convs = new Conv[10];
    private final Conv baseline;
    private final Upsample up;

    public HighwayDfn(Backend backend, int npx, boolean baseline, long seed) {
        super(backend);
        this.npx = npx;
        Rng rng = new Rng(seed);
        int h = npx / 2;
        untied = child("l0", new UntiedBiasConv(backend, BUFFER, 32, 3, 1, npx, npx, rng));
        int[][] l = {{32, 32, 3, 2}, {32, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1},
            {64, 64, 3, 1}, {64, 32, 3, 1}, {32, 64, 3, 1}, {64, 128, 1, 1}, {128, FILTER * FILTER + 1, 1, 1}};
        for (int i = 0; i < l.length; i++) {
            convs[i] = child("l" + (i + 1), Conv.conv2d(backend, l[i][0], l[i][1], l[i][2], l[i][3], l[i][2] / 2, rng));
        }
        this.baseline = baseline ? child("baseline", Conv.conv2d(backend, FILTER * FILTER + 1, 1, 1, 1, 0, rng)) : null;
        up = Upsample.nearest(backend, 2);
        Initializers.heUniform(this, new Rng(seed, 1L << 20));
        if (h < 1) {
            throw new IllegalArgumentException("HighwayDfn: npx " + npx + " too small");
        }
    }

    public Var initialHidden(int batch) {
        return Var.constant(backend.zeros(Shape.of(batch, 64, npx / 2, npx / 2)));
    }

    /** buffer (B, 2, npx, npx): the two most recent frames, newest last. */
    public DfnNetwork.Step step(Var buffer, Var hidden) {
        Var x = lrelu(((UntiedBiasConv) untied).forward(buffer));
        for (int i = 0; i < 3; i++) {
            x = lrelu(convs[i].forward(x));
        }
        Var rec = lrelu(convs[4].forward(lrelu(convs[3].forward(hidden))));
        Var state = F.add(x, rec);
        Var y = lrelu(convs[5].forward(state));
        y = up.forward(y);
        for (int i = 6; i < 9; i++) {
            y = lrelu(convs[i].forward(y));
        }
        Var head = convs[9].forward(y);
        Var last = F.slice(buffer, 1, BUFFER - 1, BUFFER);
        if (baseline != null) {
            return new DfnNetwork.Step(baseline.forward(head), state, null);
        }
        return DynamicFilterHead.apply(last, head, FILTER, FILTER, true, state);
    }

    /**
     * The code's FIFO unrolling: clips (B, T ≥ input, 1, npx, npx); the buffer starts with frames 0, 1; after step
     * i the oldest frame leaves and, from step input − 2 on, the prediction enters. Returns {@code target}
     * predictions of frames input … input + target − 1.
     */
    public List<Var> rollout(Var clips, int input, int target) {
        List<Var> fifo = new ArrayList<>();
        for (int t = 0; t < input; t++) {
            fifo.add(F.select(clips, 1, t));
        }
        Var hidden = initialHidden(clips.dim(0));
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < input - BUFFER + target; i++) {
            Var buffer = F.concat(fifo.subList(0, BUFFER), 1);
            DfnNetwork.Step s = step(buffer, hidden);
            hidden = s.hidden();
            fifo.removeFirst();
            if (i >= input - BUFFER) {
                fifo.add(s.output());
                out.add(s.output());
            }
        }
        return out;
    }

    /** The Euclidean loss of the reference code, as the mean squared error over the predicted frames. */
    public Var loss(Var clips, int input, int target) {
        Var pred = F.stack(rollout(clips, input, target), 1);
        return F.mse(pred, F.slice(clips, 1, input, input + target));
    }

    private static Var lrelu(Var x) {
        return F.leakyRelu(x, DfnNetwork.SLOPE);
    }
}
