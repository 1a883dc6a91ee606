package io.nextframe.tools;

import io.nextframe.models.api.ClipBatches;
import io.nextframe.models.api.Latent;
import io.nextframe.models.svg.SvgModel;

import java.util.Locale;

/** The enumerated option values that several verbs share, parsed in one place with one error wording. */
public final class Choices {
    private Choices() {
    }

    /** {@code --latent sample | mean}. */
    public static Latent latent(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sample" -> Latent.SAMPLE;
            case "mean" -> Latent.MEAN;
            default -> throw new UsageException("--latent '" + value + "': expected sample or mean");
        };
    }

    /** {@code --bn running | batch}: SVG's BatchNorm statistics at generation. */
    public static SvgModel.BatchStats batchStats(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "running" -> SvgModel.BatchStats.RUNNING;
            case "batch" -> SvgModel.BatchStats.BATCH;
            default -> throw new UsageException("--bn '" + value + "': expected running or batch");
        };
    }

    /**
     * {@code --batch}: clips per pass over the weights, 1 … {@link ClipBatches#MAX_SIZE}; more than one needs running
     * BatchNorm statistics (each batch's own statistics would mix the clips).
     */
    public static int batch(int size, SvgModel.BatchStats stats) {
        if (size < 1 || size > ClipBatches.MAX_SIZE) {
            throw new UsageException("--batch " + size + ": expected a batch size between 1 and "
                    + ClipBatches.MAX_SIZE);
        }
        if (size > 1 && stats == SvgModel.BatchStats.BATCH) {
            throw new UsageException("--batch " + size + " with --bn batch: BatchNorm batch statistics would mix "
                    + "the clips of a batch; use --batch 1 or --bn running");
        }
        return size;
    }
}
