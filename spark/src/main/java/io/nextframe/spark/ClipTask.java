package io.nextframe.spark;

import io.nextframe.data.Clip;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.models.api.ClipSeeds;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.PredictionSession;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.eval.EvalAccumulator;
import io.nextframe.models.eval.FrameMetric;
import io.nextframe.models.eval.FrameShape;
import io.nextframe.models.eval.MetricSummary;
import io.nextframe.tools.PredictionGif;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.io.IOException;
import java.io.Serial;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The executor's side of {@code spark predict} and {@code spark eval}: for each clip of a partition, read it,
 * predict with a session over the executor's shared model ({@link ModelCache}), then write its output files
 * (predict) or score it (eval). A bad clip becomes a result with a named error; the task goes on with the next.
 * Every file is written under a temporary name and renamed, so a retried task leaves no partial or duplicate file.
 */
final class ClipTask implements FlatMapFunction<Iterator<ClipRef>, ClipResult> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ModelSpec model;
    private final ClipReader reader;
    private final int past;
    private final int future;
    private final int samples;
    private final long seed;
    private final String latent;
    /** eval: score against frames P … P+F−1; predict: write outputs. */
    private final boolean eval;
    /** Test-only: the clip id whose task fails once, after writing its outputs (to test retries); or null. */
    private final String failOnce;

    ClipTask(ModelSpec model, ClipReader reader, int past, int future, int samples, long seed, Latent latent,
             boolean eval, String failOnce) {
        this.model = model;
        this.reader = reader;
        this.past = past;
        this.future = future;
        this.samples = samples;
        this.seed = seed;
        this.latent = latent.name();
        this.eval = eval;
        this.failOnce = failOnce;
    }

    @Override
    public Iterator<ClipResult> call(Iterator<ClipRef> refs) {
        Predictor p = ModelCache.get(model).predictor;
        List<ClipResult> out = new ArrayList<>();
        while (refs.hasNext()) {
            ClipRef ref = refs.next();
            ClipResult r;
            try {
                r = eval ? evaluate(p, ref) : predict(p, ref);
            } catch (Exception e) {
                r = ClipResult.failed(ref.id, e);
            }
            out.add(r);
            TaskContext ctx = TaskContext.get();
            if (ref.id.equals(failOnce) && ctx != null && ctx.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure after clip " + ref.id + " (--fail-once, a test "
                        + "option): Spark retries this task");
            }
        }
        return out.iterator();
    }

    private float[] run(Predictor p, Clip clip, String id) {
        PredictOptions o = new PredictOptions(past, future, samples, ClipSeeds.of(seed, id), Latent.valueOf(latent));
        p.check(clip, o);
        try (PredictionSession s = p.openSession(samples, o.seed(), o.latent())) {
            for (int t = 0; t < past; t++) {
                s.observe(clip.frame(t));
            }
            return s.predict(future);
        }
    }

    private int[] shape(Predictor p) {
        return new int[] {samples, future, p.channels(), p.height(), p.width()};
    }

    private ClipResult predict(Predictor p, ClipRef ref) throws IOException {
        Clip clip = reader.read(ref);
        float[] y = run(p, clip, ref.id);
        if (ref.part != null) {
            writePart(Path.of(ref.part), y);
        }
        if (ref.outNpy != null) {
            Npy.write(Path.of(ref.outNpy), shape(p), y, NpyType.FLOAT32);
        }
        if (ref.outGif != null) {
            PredictionGif.write(Path.of(ref.outGif), List.of(clip), y, samples, past, future,
                    p.stochastic() ? samples : 1);
        }
        return new ClipResult(ref.id, ref.outNpy != null ? ref.outNpy : ref.outGif, shape(p), null, null, null);
    }

    private ClipResult evaluate(Predictor p, ClipRef ref) throws IOException {
        Clip clip = reader.read(ref);
        if (clip.frames() < past + future) {
            throw new IllegalArgumentException(ref.id + ": the clip has " + clip.frames() + " frames; --past " + past
                    + " + --future " + future + " need " + (past + future));
        }
        float[] y = run(p, clip, ref.id);
        float[] truth = Arrays.copyOfRange(clip.data(), past * clip.frameSize(), (past + future) * clip.frameSize());
        EvalAccumulator acc = new EvalAccumulator(new FrameShape(p.channels(), p.height(), p.width()), future,
                samples, metrics(p));
        acc.addSequence(truth, y);
        double[] means = acc.summaries().values().stream().mapToDouble(MetricSummary::mean).toArray();
        return new ClipResult(ref.id, null, shape(p), means, acc, null);
    }

    /** The metrics {@code nextframe eval} reports for this model. */
    static List<FrameMetric> metrics(Predictor p) {
        return p.kind().startsWith("dfn") ? FrameMetric.all() : FrameMetric.videoDefaults();
    }

    /**
     * A batch file's clip: raw little-endian floats, written under a temporary name and renamed into place (the
     * driver assembles the output file). Not forced to disk: a part lives only until the driver has read it after
     * the job, and a lost one is recomputed by the task's retry; the final output file is written durably.
     */
    private static void writePart(Path part, float[] y) throws IOException {
        Files.createDirectories(part.getParent());
        ByteBuffer b = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(y);
        Path tmp = Files.createTempFile(part.getParent(), part.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, b.array());
            Files.move(tmp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
