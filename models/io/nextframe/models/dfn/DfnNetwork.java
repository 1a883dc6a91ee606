package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.DynamicLocalFilter;
import io.nextframe.layers.Initializers;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Upsample;

/**
 * The recurrent Moving MNIST Dynamic Filter Network of the authors' code, one time step at a time (weights shared
 * over time). With nf = 32: encoder l0 conv3 1→32, l1 conv3 32→32 stride 2, l2 32→64, l3 64→64, l4 64→128;
 * recurrence h_t = LReLU(l4(·)) + LReLU(l6(LReLU(l5(h_{t−1})))), h_0 = 0; decoder l7 128→64, l8 64→64, nearest ×2,
 * l9 64→64, l10 64→64, l11 conv1 64→128; filter head l12 conv1 128→k² (identity) whose softmax over the taps is
 * the per-pixel filter applied to the input frame. All convs 'same' (pad k/2), LeakyReLU slope 0.01, He-uniform
 * weights, zero biases. 637,361 parameters; the baseline adds a 1×1 conv k²→1 on the filter logits instead of the
 * filtering (637,443). State-dict keys {@code l0.weight} … {@code l12.bias}, {@code baseline.weight/bias}.
 */
public final class DfnNetwork extends Module {
    static final float SLOPE = 0.01f;

    /** What one step produces: the predicted frame, the new hidden state, the applied filters (softmaxed). */
    public record Step(Var output, Var hidden, Var filters) {
    }

    private final DfnConfig config;
    private final Conv[] enc = new Conv[5];
    private final Conv h1;
    private final Conv h2;
    private final Conv[] dec = new Conv[5];
    private final Conv head;
    private final Conv baseline;
    private final Upsample up;
    private final DynamicLocalFilter filter;

    public DfnNetwork(Backend backend, DfnConfig config) {
        super(backend);
        this.config = config;
        int c1 = config.nf(), c2 = 2 * c1, c3 = 4 * c1, k2 = config.filterSize() * config.filterSize();
        Rng rng = new Rng(config.seed());
        enc[0] = child("l0", Conv.conv2d(backend, 1, c1, 3, 1, 1, rng));
        enc[1] = child("l1", Conv.conv2d(backend, c1, c1, 3, 2, 1, rng));
        enc[2] = child("l2", Conv.conv2d(backend, c1, c2, 3, 1, 1, rng));
        enc[3] = child("l3", Conv.conv2d(backend, c2, c2, 3, 1, 1, rng));
        enc[4] = child("l4", Conv.conv2d(backend, c2, c3, 3, 1, 1, rng));
        h1 = child("l5", Conv.conv2d(backend, c3, c3, 3, 1, 1, rng));
        h2 = child("l6", Conv.conv2d(backend, c3, c3, 3, 1, 1, rng));
        dec[0] = child("l7", Conv.conv2d(backend, c3, c2, 3, 1, 1, rng));
        dec[1] = child("l8", Conv.conv2d(backend, c2, c2, 3, 1, 1, rng));
        dec[2] = child("l9", Conv.conv2d(backend, c2, c2, 3, 1, 1, rng));
        dec[3] = child("l10", Conv.conv2d(backend, c2, c2, 3, 1, 1, rng));
        dec[4] = child("l11", Conv.conv2d(backend, c2, c3, 1, 1, 0, rng));
        head = child("l12", Conv.conv2d(backend, c3, k2, 1, 1, 0, rng));
        baseline = config.baseline() ? child("baseline", Conv.conv2d(backend, k2, 1, 1, 1, 0, rng)) : null;
        up = Upsample.nearest(backend, 2);
        filter = new DynamicLocalFilter(backend, config.filterSize());
        // the reference code: He-uniform (gain 1) weights, zero biases, drawn after construction in layer order
        Initializers.heUniform(this, new Rng(config.seed(), 1L << 20));
    }

    public DfnConfig config() {
        return config;
    }

    /** The zero hidden state for a batch of {@code batch} clips: (B, 4·nf, npx/2, npx/2). */
    public Var initialHidden(int batch) {
        int half = config.npx() / 2;
        return Var.constant(backend.zeros(Shape.of(batch, 4 * config.nf(), half, half)));
    }

    /** One step: frame (B, 1, npx, npx) and hidden state → prediction of the next frame, new hidden, filters. */
    public Step step(Var frame, Var hidden) {
        Var x = frame;
        for (Conv c : enc) {
            x = lrelu(c.forward(x));
        }
        Var rec = lrelu(h2.forward(lrelu(h1.forward(hidden))));
        Var h = F.add(x, rec);
        Var y = lrelu(dec[0].forward(h));
        y = lrelu(dec[1].forward(y));
        y = up.forward(y);
        y = lrelu(dec[2].forward(y));
        y = lrelu(dec[3].forward(y));
        y = lrelu(dec[4].forward(y));
        Var logits = head.forward(y);
        if (baseline != null) {
            return new Step(baseline.forward(logits), h, null);
        }
        Var f = filter.filters(logits);
        return new Step(F.localFilter(frame, f, config.filterSize(), config.filterSize()), h, f);
    }

    /** The flow read-out of applied filters: (B, 2, H, W) = (flowX, flowY) = Σ F·(dx, dy). */
    public Var flow(Var filters) {
        return filter.flow(filters);
    }

    private static Var lrelu(Var x) {
        return F.leakyRelu(x, SLOPE);
    }
}
