package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Linear;
import io.nextframe.layers.LstmCell;
import io.nextframe.layers.Rng;

/**
 * CNN encoder → linear to a {@code hidden}-d vector (1024 in the paper) → LSTM → linear back to the code grid →
 * transposed-conv decoder. Children "codec", "embed", "lstm", "unembed".
 */
public final class LstmFramePredictor extends FramePredictor {
    private final FrameCodec codec;
    private final Linear embed;
    private final LstmCell lstm;
    private final Linear unembed;

    public LstmFramePredictor(Backend backend, PredictorConfig cfg, Rng rng) {
        super(backend, cfg);
        int codeSize = cfg.codeWidth() * cfg.codeSide() * cfg.codeSide();
        codec = child("codec", new FrameCodec(backend, cfg, cfg.codeWidth(), rng));
        embed = child("embed", new Linear(backend, codeSize, cfg.hidden(), rng));
        lstm = child("lstm", new LstmCell(backend, cfg.hidden(), cfg.hidden(), rng));
        unembed = child("unembed", new Linear(backend, cfg.hidden(), codeSize, rng));
    }

    @Override
    public Stepper start() {
        return new Stepper() {
            private LstmState state;

            @Override
            public Var step(Var frame) {
                Var code = codec.encode(frame);
                int b = frame.dim(0);
                state = lstm.forward(F.relu(embed.forward(F.reshape(code, b, -1))), state);
                Var grid = F.relu(F.reshape(unembed.forward(state.h()), b, cfg.codeWidth(), cfg.codeSide(),
                        cfg.codeSide()));
                return codec.decode(grid);
            }
        };
    }
}
