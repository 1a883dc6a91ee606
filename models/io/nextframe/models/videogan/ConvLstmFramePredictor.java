package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.ConvLstmCell;
import io.nextframe.layers.Rng;

/** CNN encoder → ConvLSTM (3×3) on the code grid → transposed-conv decoder. Children "codec", "convlstm". */
public final class ConvLstmFramePredictor extends FramePredictor {
    private final FrameCodec codec;
    private final ConvLstmCell cell;

    public ConvLstmFramePredictor(Backend backend, PredictorConfig cfg, Rng rng) {
        super(backend, cfg);
        codec = child("codec", new FrameCodec(backend, cfg, cfg.codeWidth(), rng));
        cell = child("convlstm", new ConvLstmCell(backend, cfg.codeWidth(), cfg.codeWidth(), 3, rng));
    }

    @Override
    public Stepper start() {
        return new Stepper() {
            private LstmState state;

            @Override
            public Var step(Var frame) {
                state = cell.forward(codec.encode(frame), state);
                return codec.decode(state.h());
            }
        };
    }
}
