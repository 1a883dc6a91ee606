package io.nextframe.models.api;

import io.nextframe.data.Clip;
import io.nextframe.models.drnet.DrnetConfig;
import io.nextframe.models.drnet.DrnetLstmModel;
import io.nextframe.models.drnet.DrnetPredictor;

import java.util.Map;

/**
 * DrNET with its pose LSTM (a {@code drnet-lstm} file) behind {@link Predictor}: deterministic (the K samples repeat
 * one prediction), content from the last context frame, poses rolled out by the LSTM.
 */
public final class DrnetLstmPredictor implements Predictor {
    private final DrnetLstmModel model;
    private final DrnetPredictor predictor;
    private final Map<String, String> metadata;

    public DrnetLstmPredictor(DrnetLstmModel model) {
        this.model = model;
        this.predictor = new DrnetPredictor(model);
        this.metadata = model.config().metadata();
    }

    public DrnetLstmModel model() {
        return model;
    }

    @Override
    public String kind() {
        return "drnet-lstm";
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public int channels() {
        return model.config().drnet().channels();
    }

    @Override
    public int height() {
        return DrnetConfig.IMAGE_WIDTH;
    }

    @Override
    public int width() {
        return DrnetConfig.IMAGE_WIDTH;
    }

    @Override
    public int minPast() {
        return 1;
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
        return false;
    }

    @Override
    public long parameterCount() {
        return model.parameterCount();
    }

    @Override
    public float[] predict(Clip clip, PredictOptions o) {
        check(clip, o);
        float[] one = predictor.predict(clip.frames(0, o.past()).data(), new int[] {1, o.past(), channels(),
                height(), width()}, o.past(), o.future());
        return Predictors.repeat(one, o.samples());
    }

    @Override
    public PredictionSession openSession(int samples, long seed, Latent latent) {
        if (samples < 1) {
            throw new IllegalArgumentException("DrNET session: samples " + samples + " must be ≥ 1");
        }
        DrnetPredictor.Session s = predictor.session();
        return new RepeatingSession(s::observe, s::observed, s::predict, s::close, samples);
    }

    @Override
    public void close() {
        model.close();
    }
}
