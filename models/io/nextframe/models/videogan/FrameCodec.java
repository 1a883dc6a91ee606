package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The predictors' spatial encoder (stride-2 4×4 convolutions, ReLU) and decoder (stride-2 4×4 transposed convolutions,
 * ReLU between, linear last layer), from (C, size, size) to (codeWidth, codeSide, codeSide) and back. Children
 * "enc0" …, "dec0" ….
 */
final class FrameCodec extends Module {
    private final PredictorConfig cfg;
    private final List<Conv> enc = new ArrayList<>();
    private final List<ConvTranspose> dec = new ArrayList<>();

    FrameCodec(Backend backend, PredictorConfig cfg, int decoderInput, Rng rng) {
        super(backend);
        this.cfg = cfg;
        int in = cfg.channels();
        for (int i = 0; i < cfg.stages(); i++) {
            int out = cfg.width() << i;
            enc.add(child("enc" + i, Conv.conv2d(backend, in, out, 4, 2, 1, rng)));
            in = out;
        }
        in = decoderInput;
        for (int i = cfg.stages() - 1; i >= 0; i--) {
            int out = i == 0 ? cfg.channels() : cfg.width() << (i - 1);
            dec.add(child("dec" + (cfg.stages() - 1 - i), ConvTranspose.of(backend, 2, in, out, 4, 2, 1, rng)));
            in = out;
        }
    }

    Var encode(Var frame) {
        if (frame.rank() != 4 || frame.dim(1) != cfg.channels() || frame.dim(2) != cfg.size()
                || frame.dim(3) != cfg.size()) {
            throw new IllegalArgumentException("frame predictor: frame " + frame.shape() + ", expected (B, "
                    + cfg.channels() + ", " + cfg.size() + ", " + cfg.size() + ")");
        }
        Var h = frame;
        for (Conv c : enc) {
            h = F.relu(c.forward(h));
        }
        return h;
    }

    Var decode(Var code) {
        Var h = code;
        for (int i = 0; i < dec.size(); i++) {
            h = dec.get(i).forward(h);
            if (i < dec.size() - 1) {
                h = F.relu(h);
            }
        }
        return h;
    }
}
