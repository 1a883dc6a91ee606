package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Rng;

/**
 * The memoryless baseline: an encoder–decoder maps frame t to frame t + 1 directly, or (residual) predicts the change
 * so that next = frame + decoded. Child "codec".
 */
public final class AutoencoderPredictor extends FramePredictor {
    private final FrameCodec codec;
    private final boolean residual;

    public AutoencoderPredictor(Backend backend, PredictorConfig cfg, boolean residual, Rng rng) {
        super(backend, cfg);
        this.residual = residual;
        codec = child("codec", new FrameCodec(backend, cfg, cfg.codeWidth(), rng));
    }

    public boolean residual() {
        return residual;
    }

    @Override
    public Stepper start() {
        return frame -> {
            Var out = codec.decode(codec.encode(frame));
            return residual ? F.add(frame, out) : out;
        };
    }
}
