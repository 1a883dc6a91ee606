package io.nextframe.models.api;

import io.nextframe.data.Clip;
import io.nextframe.models.dfn.DfnModel;

import java.util.Map;

/** A Dynamic Filter Network (or its 1×1-conv baseline) behind {@link Predictor}: deterministic. */
public final class DfnPredictor implements Predictor {
    private final DfnModel model;
    private final Map<String, String> metadata;

    public DfnPredictor(DfnModel model) {
        this.model = model;
        this.metadata = model.config().toMetadata();
    }

    public DfnModel model() {
        return model;
    }

    @Override
    public String kind() {
        return model.config().kind();
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return model.config().npx();
    }

    @Override
    public int width() {
        return model.config().npx();
    }

    @Override
    public int minPast() {
        return 1;
    }

    @Override
    public int trainedPast() {
        return model.config().inputSeqlen();
    }

    @Override
    public int trainedFuture() {
        return model.config().targetSeqlen();
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public long parameterCount() {
        return model.network().parameterCount();
    }

    @Override
    public float[] predict(Clip clip, PredictOptions o) {
        check(clip, o);
        Clip context = clip.frames(0, o.past());
        float[] one = model.predictDetailed(context.data(), new int[] {o.past(), 1, height(), width()}, o.past(),
                o.future(), false).frames();
        return Predictors.repeat(one, o.samples());
    }

    @Override
    public PredictionSession openSession(int samples, long seed, Latent latent) {
        if (samples < 1) {
            throw new IllegalArgumentException("DFN session: samples " + samples + " must be ≥ 1");
        }
        io.nextframe.models.dfn.DfnSession s = new io.nextframe.models.dfn.DfnSession(model);
        return new RepeatingSession(s::observe, s::observed, s::predict, s::close, samples);
    }

    @Override
    public void close() {
        model.close();
    }
}
