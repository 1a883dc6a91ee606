package io.nextframe.spark;

import io.nextframe.data.Clip;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.models.api.ClipBatches;
import io.nextframe.models.api.ClipSeeds;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
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
    /** Clips per pass over the weights ({@link ClipBatches}): a clip's output depends on it, not on the partition. */
    private final int batch;
    /** Test-only: the clip id whose task fails once, after writing its outputs (to test retries); or null. */
    private final String failOnce;

    ClipTask(ModelSpec model, ClipReader reader, int past, int future, int samples, long seed, Latent latent,
             int batch, boolean eval, String failOnce) {
        this.model = model;
        this.reader = reader;
        this.past = past;
        this.future = future;
        this.samples = samples;
        this.seed = seed;
        this.latent = latent.name();
        this.batch = ClipBatches.checkSize(batch);
        this.eval = eval;
        this.failOnce = failOnce;
    }

    @Override
    public Iterator<ClipResult> call(Iterator<ClipRef> refs) {
        Predictor p = ModelCache.get(model).predictor;
        List<ClipResult> out = new ArrayList<>();
        List<ClipRef> group = new ArrayList<>(batch);
        while (refs.hasNext()) {
            group.add(refs.next());
            if (group.size() == batch || !refs.hasNext()) {
                out.addAll(run(p, group));
                TaskContext ctx = TaskContext.get();
                if (failOnce != null && ctx != null && ctx.attemptNumber() == 0
                        && group.stream().anyMatch(r -> r.id.equals(failOnce))) {
                    throw new IllegalStateException("injected failure after clip " + failOnce + " (--fail-once, a "
                            + "test option): Spark retries this task");
                }
                group.clear();
            }
        }
        return out.iterator();
    }

    /**
     * One batch of clips: each is read and checked on its own (a bad one becomes its own error), the good ones are
     * predicted together, then written (predict) or scored (eval). Should the batch fail as a whole, its clips are
     * predicted one by one (still at the batch size, so their outputs do not change) to name the one at fault.
     */
    private List<ClipResult> run(Predictor p, List<ClipRef> group) {
        PredictOptions o = new PredictOptions(past, future, samples, seed, Latent.valueOf(latent));
        ClipResult[] results = new ClipResult[group.size()];
        List<Integer> good = new ArrayList<>();
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            ClipRef ref = group.get(i);
            try {
                Clip clip = reader.read(ref);
                if (eval && clip.frames() < past + future) {
                    throw new IllegalArgumentException(ref.id + ": the clip has " + clip.frames() + " frames; --past "
                            + past + " + --future " + future + " need " + (past + future));
                }
                p.check(clip, o);
                good.add(i);
                clips.add(clip);
            } catch (Exception e) {
                results[i] = ClipResult.failed(ref.id, e);
            }
        }
        if (!clips.isEmpty()) {
            long[] seeds = good.stream().mapToLong(i -> ClipSeeds.of(seed, group.get(i).id)).toArray();
            List<float[]> ys;
            try {
                ys = ClipBatches.predict(p, clips, o, seeds, batch);
            } catch (Exception e) {
                ys = null;
            }
            for (int j = 0; j < good.size(); j++) {
                int i = good.get(j);
                ClipRef ref = group.get(i);
                try {
                    float[] y = ys != null ? ys.get(j)
                            : ClipBatches.predict(p, List.of(clips.get(j)), o, new long[] {seeds[j]}, batch).getFirst();
                    results[i] = eval ? score(p, clips.get(j), y, ref) : write(p, clips.get(j), y, ref);
                } catch (Exception e) {
                    results[i] = ClipResult.failed(ref.id, e);
                }
            }
        }
        return Arrays.asList(results);
    }

    private int[] shape(Predictor p) {
        return new int[] {samples, future, p.channels(), p.height(), p.width()};
    }

    private ClipResult write(Predictor p, Clip clip, float[] y, ClipRef ref) throws IOException {
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

    private ClipResult score(Predictor p, Clip clip, float[] y, ClipRef ref) {
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
