package io.nextframe.models.api;

import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * A family's own streaming session seen as a {@link PredictionSession}: its frames are passed through, and a session
 * that computes fewer samples than asked for (a deterministic model computes one) has its prediction repeated
 * {@code repeat} times, as {@link Predictor#predict} does for the same model.
 */
final class RepeatingSession implements PredictionSession {
    private final Consumer<float[]> observe;
    private final IntSupplier observed;
    private final IntFunction<float[]> predict;
    private final Runnable close;
    private final int repeat;

    RepeatingSession(Consumer<float[]> observe, IntSupplier observed, IntFunction<float[]> predict, Runnable close,
                     int repeat) {
        this.observe = observe;
        this.observed = observed;
        this.predict = predict;
        this.close = close;
        this.repeat = repeat;
    }

    @Override
    public void observe(float[] frame) {
        observe.accept(frame);
    }

    @Override
    public int observed() {
        return observed.getAsInt();
    }

    @Override
    public float[] predict(int future) {
        float[] y = predict.apply(future);
        return repeat == 1 ? y : Predictors.repeat(y, repeat);
    }

    @Override
    public void close() {
        close.run();
    }
}
