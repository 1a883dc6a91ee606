package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.Clip;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * One rollout of the whole batch per sample, each clip drawing from its own seed. Needs running BatchNorm
     * statistics: with each batch's own statistics (the authors' script) the clips of a batch would mix.
     */
    @Override
    public List<float[]> predictBatch(List<Clip> clips, PredictOptions o, long[] seeds) {
        checkBatch(clips, o, seeds);
        if (stats == SvgModel.BatchStats.BATCH && clips.size() > 1) {
            throw new IllegalArgumentException(kind() + ": a batch of " + clips.size() + " clips with BatchNorm batch "
                    + "statistics (--bn batch) would mix the clips; predict them one at a time (batch size 1) or use "
                    + "--bn running");
        }
        Backend b = model.backend();
        int n = clips.size(), frame = channels() * height() * width();
        float[] context = new float[n * o.past() * frame];
        for (int i = 0; i < n; i++) {
            System.arraycopy(clips.get(i).data(), 0, context, i * o.past() * frame, o.past() * frame);
        }
        int k = stochastic() ? o.samples() : 1;
        SvgModel.Latent latent = o.latent() == Latent.MEAN ? SvgModel.Latent.MEAN : SvgModel.Latent.SAMPLE;
        float[] all;
        try (Scope s = b.scope()) {
            Tensor x = b.fromFloats(Shape.of(n, o.past(), channels(), height(), width()), context);
            all = model.predict(x, o.future(), k, seeds, latent, stats).data();   // (K, N, F, C, H, W)
        }
        int perSample = o.future() * frame;
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] one = new float[k * perSample];
            for (int j = 0; j < k; j++) {
                System.arraycopy(all, (j * n + i) * perSample, one, j * perSample, perSample);
            }
            out.add(k == o.samples() ? one : Predictors.repeat(one, o.samples()));
        }
        return out;
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
