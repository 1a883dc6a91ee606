package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.pipeline.Batch;

import java.util.Iterator;

/**
 * The training loop around {@link SvgTrainer}: each batch (N, T, C, 64, 64) is uploaded, its first
 * n_past + n_future frames taken, one step done and reported. Checkpointing, resume and the loss CSV belong to the
 * shared training infrastructure; this loop keeps only what is SVG's (the frame window and the step).
 */
public final class SvgTraining {
    private SvgTraining() {
    }

    /** Called after every step with its 0-based index and losses. */
    @FunctionalInterface
    public interface Listener {
        void onStep(long step, SvgTrainer.StepResult result);
    }

    /** Runs {@code steps} steps (fewer if the batches end) and returns the number done. */
    public static long run(SvgTrainer trainer, SvgConfig config, Iterator<Batch> batches, long steps,
                           Listener listener) {
        int window = config.nPast() + config.nFuture();
        long done = 0;
        while (done < steps && batches.hasNext()) {
            Batch b = batches.next();
            if (b.frames() < window) {
                throw new IllegalArgumentException("SVG train: clips of " + b.frames() + " frames, n_past + n_future"
                        + " = " + window + " needed");
            }
            Backend be = trainer.modules().getFirst().backend();
            try (Scope s = be.scope()) {
                Tensor frames = be.fromFloats(Shape.of(b.size(), b.frames(), b.channels(), b.height(), b.width()),
                        b.data());
                Tensor used = b.frames() == window ? frames : frames.slice(1, 0, window).contiguous();
                listener.onStep(done, trainer.step(used));
            }
            done++;
        }
        return done;
    }
}
