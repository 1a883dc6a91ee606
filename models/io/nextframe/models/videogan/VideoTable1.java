package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;

import java.util.List;
import java.util.Locale;

/**
 * The protocol of Table 1 of "(Re)live Photos" (specs/relive-photos.md): one input frame, the mean squared error of
 * the predicted video against the held-out video, pixels in [0, 1], averaged per clip and then over clips. The
 * compared frames are the clip's T frames except the input one:
 * <ul>
 *   <li>a conditional GAN gets frame P = T/2 − 1 (the photo's place in training, {@link ConditionalVideoGan#photoIndex})
 *       and is scored on its generated frames 0 … P − 1, P + 1 … T − 1;</li>
 *   <li>a frame predictor gets frame 0: "recursive" feeds its predictions back for frames 1 … T − 1; "single-step"
 *       (the report's teacher-forced figure) predicts each frame t + 1 from the true frame t;</li>
 *   <li>the naive baseline repeats the input frame (frame 0, or frame P for the GAN protocol), which calibrates the
 *       table's scale as the spec suggests.</li>
 * </ul>
 * Clips come from a {@link ClipSource} of at least T frames of the model's size (use its TEST split), in chunks.
 */
public final class VideoTable1 {
    private static final int CHUNK = 8;

    /** One row: the network's name, the mean over clips of the per-clip MSE, its standard deviation, the count. */
    public record Row(String network, double mse, double std, int clips) {
    }

    /** Predicts the compared frames of a chunk of clips (B, C, T, H, W) in [0, 1]; same shape as its input. */
    @FunctionalInterface
    private interface VideoPrediction {
        Tensor predict(Var clips);
    }

    private VideoTable1() {
    }

    /** The naive baseline: the frame {@code inputFrame} repeated over the whole clip. */
    public static Row repeatFrame(String network, Backend be, ClipSource clips, int frames, int inputFrame,
                                  int count) {
        return row(network, be, clips, frames, count, inputFrame, video -> {
            Var f = F.slice(video, 2, inputFrame, inputFrame + 1);
            return F.broadcastTo(f, video.value().shape()).value();
        });
    }

    /** A photo-conditioned GAN animating frame P of each clip; its tanh output is mapped to [0, 1]. */
    public static Row conditional(String network, ConditionalVideoGan model, ClipSource clips, int count) {
        int t = model.config().frames();
        int p = ConditionalVideoGan.photoIndex(t);
        model.eval();
        return row(network, model.backend(), clips, t, count, p, video -> {
            Var photo = F.affine(F.select(video, 2, p), 2f, -1f);
            return F.affine(model.generate(photo).video(), 0.5f, 0.5f).value();
        });
    }

    /** A frame predictor from frame 0, its predictions fed back in ("recursive"). */
    public static Row recursive(String network, FramePredictor predictor, ClipSource clips, int frames, int count) {
        predictor.eval();
        return row(network, predictor.backend(), clips, frames, count, 0, video -> {
            Tensor next = predictor.generate(F.select(video, 2, 0), frames - 1);
            return F.concat(List.of(F.slice(video, 2, 0, 1), Var.constant(next)), 2).value();
        });
    }

    /** A frame predictor given every true frame t, predicting t + 1 (teacher forcing, "single-step"). */
    public static Row singleStep(String network, FramePredictor predictor, ClipSource clips, int frames, int count) {
        predictor.eval();
        return row(network, predictor.backend(), clips, frames, count, 0, video -> {
            FramePredictor.Stepper s = predictor.start();
            List<Var> out = new java.util.ArrayList<>(List.of(F.select(video, 2, 0)));
            for (int i = 0; i + 1 < frames; i++) {
                out.add(s.step(F.select(video, 2, i)));
            }
            return F.stack(out, 2).value();
        });
    }

    /** {@code source}'s clips cut to the config's frames and resized to its size (values stay in [0, 1]). */
    public static ClipSource fit(ClipSource source, VideoGanConfig cfg) {
        return new FittedClips(source, cfg);
    }

    /** Rows shaped like the report's Table 1: network, MSE (mean ± standard deviation over clips). */
    public static String table(String dataset, List<Row> rows) {
        StringBuilder sb = new StringBuilder("| Network | MSE (" + dataset + ") |\n|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f |%n", r.network(), r.mse(), r.std()));
        }
        return sb.toString();
    }

    private static Row row(String network, Backend be, ClipSource clips, int frames, int count, int inputFrame,
                           VideoPrediction prediction) {
        if (clips.frames() < frames || count < 1 || count > clips.size() || inputFrame < 0 || inputFrame >= frames
                || frames < 2) {
            throw new IllegalArgumentException("VideoTable1: " + count + " clips of " + frames + " frames (input "
                    + "frame " + inputFrame + ") from a source of " + clips.size() + " clips of " + clips.frames()
                    + " frames");
        }
        double[] perClip = new double[count];
        try (Grad.Mode off = Grad.off()) {
            for (int first = 0; first < count; first += CHUNK) {
                int n = Math.min(CHUNK, count - first);
                try (Scope scope = be.scope()) {
                    float[] truth = chunk(clips, first, n, frames);
                    int c = clips.channels(), h = clips.height(), w = clips.width();
                    Var video = Var.constant(be.fromFloats(Shape.of(n, c, frames, h, w), truth));
                    Tensor predicted = prediction.predict(video);
                    if (!predicted.shape().equals(video.value().shape())) {
                        throw new IllegalStateException("VideoTable1: " + network + " predicted " + predicted.shape()
                                + " for clips " + video.value().shape());
                    }
                    float[] pred = predicted.contiguous().toFloatArray();
                    int plane = h * w;
                    for (int b = 0; b < n; b++) {
                        double sum = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int f = 0; f < frames; f++) {
                                if (f == inputFrame) {
                                    continue;
                                }
                                int at = ((b * c + ch) * frames + f) * plane;
                                for (int i = 0; i < plane; i++) {
                                    double d = pred[at + i] - truth[at + i];
                                    sum += d * d;
                                }
                            }
                        }
                        perClip[first + b] = sum / ((double) c * (frames - 1) * plane);
                    }
                }
            }
        }
        double mean = 0;
        for (double v : perClip) {
            mean += v;
        }
        mean /= count;
        double var = 0;
        for (double v : perClip) {
            var += (v - mean) * (v - mean);
        }
        return new Row(network, mean, Math.sqrt(var / Math.max(1, count - 1)), count);
    }

    /** Clips first … first + n − 1 as (n, C, T, H, W) floats (the source's (T, C, H, W) clips transposed). */
    private static float[] chunk(ClipSource clips, int first, int n, int frames) {
        int c = clips.channels(), plane = clips.height() * clips.width();
        float[] out = new float[n * c * frames * plane];
        for (int b = 0; b < n; b++) {
            Clip clip = clips.clip(first + b);
            for (int f = 0; f < frames; f++) {
                float[] frame = clip.frame(f);
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(frame, ch * plane, out, ((b * c + ch) * frames + f) * plane, plane);
                }
            }
        }
        return out;
    }
}
