package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;
import io.nextframe.models.svg.SvgDecoder;
import io.nextframe.models.svg.SvgEncoder;
import io.nextframe.models.svg.SvgLstm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DrNET's forward-prediction model, self-contained: the frozen content encoder, pose encoder and decoder of a
 * trained DrNET ({@code netEC.}, {@code netEP.}, {@code netD.}) and the pose LSTM ({@code lstm.}, models/lstm.py:
 * embed Linear(pose + content, H), LSTM cells, Linear(H, pose) + Tanh, unit-norm output when the DrNET config
 * normalizes poses). One file predicts; the scene discriminator is not part of it.
 *
 * <p>h̃_p^{t+1} = LSTM([h_p^t, h_c]) with h_c = E_c(x^{P−1}) from the last observed frame;
 * x̃^{t+1} = D(h_c, h̃_p^{t+1}).
 * The encoders run with their running BatchNorm statistics (evaluation mode) whenever this model is used, in
 * training too: they are frozen, and prediction then does not depend on the batch.
 */
public final class DrnetLstmModel extends Module implements DrnetCodec {
    private final DrnetLstmConfig config;
    private final SvgEncoder netEC;
    private final SvgEncoder netEP;
    private final SvgDecoder netD;
    private final SvgLstm lstm;

    /** Fresh weights from {@code seed}; load or {@link #adopt} the DrNET networks before use. */
    public DrnetLstmModel(Backend b, DrnetLstmConfig c, long seed) {
        super(b);
        this.config = c;
        Rng rng = new Rng(seed);
        netEC = child("netEC", DrnetNets.contentEncoder(b, c.drnet(), rng));
        netEP = child("netEP", DrnetNets.poseEncoder(b, c.drnet(), rng));
        netD = child("netD", DrnetNets.decoder(b, c.drnet(), rng));
        lstm = child("lstm", new SvgLstm(b, c.inputSize(), c.drnet().poseDim(), c.rnnSize(), c.rnnLayers(), rng));
        DrnetInit.apply(this, rng);
    }

    public DrnetLstmConfig config() {
        return config;
    }

    @Override
    public DrnetConfig drnetConfig() {
        return config.drnet();
    }

    @Override
    public void evaluationMode() {
        freeze(false);
    }

    /** Copies netEC, netEP and netD from a trained DrNET of the same architecture. */
    public DrnetLstmModel adopt(DrnetModel drnet) {
        DrnetConfig a = drnet.config(), b = config.drnet();
        if (!a.contentModel().equals(b.contentModel()) || !a.poseModel().equals(b.poseModel())
                || a.contentDim() != b.contentDim() || a.poseDim() != b.poseDim() || a.channels() != b.channels()
                || a.nf() != b.nf() || a.normalize() != b.normalize()) {
            throw new IllegalArgumentException("DrnetLstmModel.adopt: the DrNET (" + a.contentModel() + "/"
                    + a.poseModel() + ", content " + a.contentDim() + ", pose " + a.poseDim() + ", channels "
                    + a.channels() + ", nf " + a.nf() + ") differs from this model's (" + b.contentModel() + "/"
                    + b.poseModel() + ", content " + b.contentDim() + ", pose " + b.poseDim() + ", channels "
                    + b.channels() + ", nf " + b.nf() + ")");
        }
        netEC.load(drnet.contentEncoder().hostStateDict());
        netEP.load(drnet.poseEncoder().hostStateDict());
        netD.load(drnet.decoder().hostStateDict());
        return this;
    }

    /** The LSTM's trainable parameters by full key (the encoders and decoder stay frozen). */
    public Map<String, Parameter> lstmParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        trainableParameters().forEach((k, p) -> {
            if (k.startsWith("lstm.")) {
                out.put(k, p);
            }
        });
        return out;
    }

    /** Puts the frozen networks in evaluation mode (running statistics) and the LSTM in {@code lstmTraining}. */
    void freeze(boolean lstmTraining) {
        netEC.eval();
        netEP.eval();
        netD.eval();
        lstm.setTraining(lstmTraining);
    }

    @Override
    public SvgEncoder.Encoded content(Var frames) {
        return netEC.encode(frames);
    }

    @Override
    public Var pose(Var frames) {
        return netEP.encode(frames).h();
    }

    @Override
    public Var decode(SvgEncoder.Encoded content, Var pose) {
        return netD.decode(F.concat(List.of(content.h(), pose), 1), content.skips());
    }

    /** One LSTM step on cat([h_p, h_c]): the next pose (unit norm when the config normalizes) and the state. */
    SvgLstm.Step step(Var pose, Var content, List<LstmState> state) {
        SvgLstm.Step s = lstm.step(F.concat(List.of(pose, content), 1), state);
        if (!config.drnet().normalize()) {
            return s;
        }
        return new SvgLstm.Step(DrnetBlocks.unitNorm(s.out()), s.state());
    }

    /**
     * train_lstm.py's objective on clips (B, T ≥ n_past + n_future, C, 64, 64): h_c = E_c(x[n_past − 1]),
     * h_p[i] = E_p(x[i]) (frozen, no gradient); Σ_{i=1}^{T'−1} MSE(LSTM([h_p[i−1], h_c]), h_p[i]) with teacher
     * forcing over T' = n_past + n_future frames. The graph is live.
     */
    public Var loss(Tensor clips) {
        int frames = config.nPast() + config.nFuture();
        DrnetInputs.checkDims(config.drnet(), "lstm train", clips.shape().dims(), frames);
        freeze(true);
        Var all = Var.constant(clips);
        Var hc;
        List<Var> hp = new ArrayList<>(frames);
        try (Grad.Mode off = Grad.off()) {
            hc = content(F.select(all, 1, config.nPast() - 1)).h().detach();
            for (int i = 0; i < frames; i++) {
                hp.add(pose(F.select(all, 1, i)).detach());
            }
        }
        List<LstmState> state = null;
        Var mse = null;
        for (int i = 1; i < frames; i++) {
            SvgLstm.Step s = step(hp.get(i - 1), hc, state);
            state = s.state();
            Var m = F.mse(s.out(), hp.get(i));
            mse = mse == null ? m : F.add(mse, m);
        }
        return mse;
    }
}
