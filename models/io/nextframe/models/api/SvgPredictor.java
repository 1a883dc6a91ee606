package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.data.Clip;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;

import java.util.Map;

/** SVG-LP, SVG-FP and the deterministic SVG baseline behind {@link Predictor}. */
public final class SvgPredictor implements Predictor {
    private final SvgModel model;
    private final SvgModel.BatchStats stats;

    /**
     * @param stats BatchNorm statistics at generation: running (default) or each batch's own, as the authors'
     *              generation script (which never switches to eval mode)
     */
    public SvgPredictor(SvgModel model, SvgModel.BatchStats stats) {
        this.model = model;
        this.stats = stats;
    }

    public SvgModel model() {
        return model;
    }

    @Override
    public String kind() {
        return model.config().kind().id();
    }

    @Override
    public Map<String, String> metadata() {
        return model.config().metadata();
    }

    @Override
    public int channels() {
        return model.config().channels();
    }

    @Override
    public int height() {
        return SvgConfig.IMAGE_WIDTH;
    }

    @Override
    public int width() {
        return SvgConfig.IMAGE_WIDTH;
    }

    @Override
    public int minPast() {
        return model.config().skip().minimumPast();
    }

    @Override
    public int trainedPast() {
        return model.config().nPast();
    }

    @Override
    public int trainedFuture() {
        return model.config().nFuture();
    }

    @Override
    public boolean stochastic() {
        return model.config().kind() != SvgKind.DET;
    }

    @Override
    public long parameterCount() {
        return model.parameterCount();
    }

    @Override
    public float[] predict(Clip clip, PredictOptions o) {
        check(clip, o);
        Backend b = model.backend();
        try (Scope s = b.scope()) {
            var context = clip.frames(0, o.past()).toTensor(b).reshape(1, o.past(), clip.channels(), clip.height(),
                    clip.width());
            int k = stochastic() ? o.samples() : 1;
            SvgModel.Latent latent = o.latent() == Latent.MEAN ? SvgModel.Latent.MEAN : SvgModel.Latent.SAMPLE;
            float[] one = model.predict(context, o.future(), k, o.seed(), latent, stats).data();
            return k == o.samples() ? one : Predictors.repeat(one, o.samples());
        }
    }

    @Override
    public PredictionSession openSession(int samples, long seed, Latent latent) {
        int k = stochastic() ? samples : 1;
        SvgModel.Latent l = latent == Latent.MEAN ? SvgModel.Latent.MEAN : SvgModel.Latent.SAMPLE;
        io.nextframe.models.svg.SvgSession s = new io.nextframe.models.svg.SvgSession(model, k, seed, l, stats);
        return new RepeatingSession(s::observe, s::observed, s::predict, s::close, samples / k);
    }

    @Override
    public void close() {
        model.close();
    }
}
