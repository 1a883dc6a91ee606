package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.PngGrid;
import io.nextframe.data.mmnist.DrnetMovingMnist;
import io.nextframe.data.mmnist.Trajectory;
import io.nextframe.data.mnist.Digits;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.models.eval.FrameShape;
import io.nextframe.models.eval.Psnr;
import io.nextframe.models.eval.Ssim;
import io.nextframe.models.svg.SvgEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DrNET's evaluations and demos: the analogy grid (content from one clip, pose from another), long rollouts as GIF,
 * the scene discriminator's accuracy on held-out clips, PSNR/SSIM of predictions, and the content/pose probes
 * (digit identity from h_c and from h_p). Every network runs in evaluation mode (running BatchNorm statistics).
 */
public final class DrnetEvaluation {
    private static final int W = DrnetConfig.IMAGE_WIDTH;

    private DrnetEvaluation() {
    }

    // ---- analogies ------------------------------------------------------------------------------------------------

    /**
     * The authors' plot_analogy: the first row shows the pose clip's frames (after a blank cell); each further row
     * starts with frame 0 of a content clip followed by D(E_c(that frame), E_p(pose frame j)) for every pose frame
     * j. Returns the generated rows (one clip per content clip) and writes the PNG when {@code png} is non-null.
     */
    public static List<Clip> analogyGrid(DrnetCodec m, List<Clip> contentClips, Clip poseClip, Path png)
            throws IOException {
        DrnetConfig c = m.drnetConfig();
        List<Clip> all = new ArrayList<>(contentClips);
        all.add(poseClip);
        for (Clip clip : all) {
            if (clip.channels() != c.channels() || clip.height() != W || clip.width() != W) {
                throw new IllegalArgumentException("DrNET analogy: a clip of " + clip.channels() + " × "
                        + clip.height() + " × " + clip.width() + ", the model takes " + c.channels() + " × 64 × 64");
            }
            DrnetInputs.checkFinite("analogy", clip.data());
        }
        if (contentClips.isEmpty()) {
            throw new IllegalArgumentException("DrNET analogy: no content clips");
        }
        int fs = poseClip.frameSize(), t = poseClip.frames(), n = contentClips.size();
        Backend be = m.backend();
        m.evaluationMode();
        List<Clip> rows = new ArrayList<>(n);
        try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
            float[] firsts = new float[n * fs];
            for (int i = 0; i < n; i++) {
                System.arraycopy(contentClips.get(i).data(), 0, firsts, i * fs, fs);
            }
            SvgEncoder.Encoded content = m.content(Var.constant(be.fromFloats(Shape.of(n, c.channels(), W, W),
                    firsts)));
            Var poses = m.pose(Var.constant(be.fromFloats(Shape.of(t, c.channels(), W, W), poseClip.data())));
            float[][] out = new float[n][(t + 1) * fs];
            for (int i = 0; i < n; i++) {
                System.arraycopy(firsts, i * fs, out[i], 0, fs);
            }
            for (int j = 0; j < t; j++) {
                Var pj = F.select(poses, 0, j);
                Var repeated = F.broadcastTo(F.reshape(pj, 1, c.poseDim()), Shape.of(n, c.poseDim()));
                float[] frames = m.decode(content, repeated).value().toFloatArray();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(frames, i * fs, out[i], (j + 1) * fs, fs);
                }
            }
            for (int i = 0; i < n; i++) {
                rows.add(new Clip(t + 1, c.channels(), W, W, out[i]));
            }
        }
        if (png != null) {
            float[] header = new float[(t + 1) * fs];
            System.arraycopy(poseClip.data(), 0, header, fs, t * fs);
            PngGrid grid = new PngGrid().scale(1).row("pose", new Clip(t + 1, c.channels(), W, W, header));
            for (int i = 0; i < n; i++) {
                grid.row("c" + i, rows.get(i));
            }
            grid.write(png);
        }
        return rows;
    }

    // ---- rollouts -------------------------------------------------------------------------------------------------

    /** The first {@code past} frames of {@code clip} followed by {@code future} predicted frames. */
    public static Clip rollout(DrnetPredictor p, Clip clip, int past, int future) {
        int fs = clip.frameSize();
        float[] pred = p.predict(clip.data(), new int[] {1, clip.frames(), clip.channels(), clip.height(),
                clip.width()}, past, future);
        float[] out = new float[(past + future) * fs];
        System.arraycopy(clip.data(), 0, out, 0, past * fs);
        System.arraycopy(pred, 0, out, past * fs, future * fs);
        return new Clip(past + future, clip.channels(), clip.height(), clip.width(), out);
    }

    /** Writes {@link #rollout} as a GIF (100 ms per frame) and returns it. */
    public static Clip rolloutGif(DrnetPredictor p, Clip clip, int past, int future, Path gif) throws IOException {
        Clip r = rollout(p, clip, past, future);
        GifWriter.write(gif, r, 100);
        return r;
    }

    // ---- scene discriminator --------------------------------------------------------------------------------------

    /**
     * Accuracy of C on held-out clips 0 … clips − 1 of {@code data}, in batches of {@code batch}: pairs (E_p(x[0]),
     * E_p(x[r])) with r from {@link DrnetDraws} of (seed, batch index); in the first half of each batch the second
     * pose comes from the next clip of that half (always another video, target 1), in the second half from the same
     * clip (target 0). Training drives it towards ½ when the pose carries no scene information.
     */
    public static double discriminatorAccuracy(DrnetModel m, ClipSource data, int clips, int batch, long seed) {
        DrnetConfig c = m.config();
        if (batch < 4 || clips < batch || data.frames() < c.maxStep()) {
            throw new IllegalArgumentException("DrNET discriminator accuracy: " + clips + " clips in batches of "
                    + batch + " (≥ 4, ≤ clips) of ≥ " + c.maxStep() + " frames; the data has " + data.frames());
        }
        Backend be = m.backend();
        m.eval();
        int correct = 0, total = 0;
        for (int start = 0; start + batch <= clips; start += batch) {
            DrnetDraws d = DrnetDraws.of(seed, start / batch, c.maxStep(), batch);
            float[][] frames = new float[2][];
            try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                int fs = c.channels() * W * W, half = batch / 2;
                for (int k = 0; k < 2; k++) {
                    int t = k == 0 ? 0 : d.discFrame();
                    frames[k] = new float[batch * fs];
                    for (int i = 0; i < batch; i++) {
                        Clip clip = data.clip(start + i);
                        System.arraycopy(clip.data(), t * fs, frames[k], i * fs, fs);
                    }
                }
                Var hp1 = m.pose(Var.constant(be.fromFloats(Shape.of(batch, c.channels(), W, W), frames[0])));
                float[] hp2 = m.pose(Var.constant(be.fromFloats(Shape.of(batch, c.channels(), W, W), frames[1])))
                        .value().toFloatArray();
                float[] paired = hp2.clone();
                int p = c.poseDim();
                for (int i = 0; i < half; i++) {
                    System.arraycopy(hp2, ((i + 1) % half) * p, paired, i * p, p);
                }
                float[] out = m.discriminate(hp1, Var.constant(be.fromFloats(Shape.of(batch, p), paired))).value()
                        .toFloatArray();
                for (int i = 0; i < batch; i++) {
                    total++;
                    if (i < half ? out[i] > 0.5f : out[i] <= 0.5f) {
                        correct++;
                    }
                }
            }
        }
        return correct / (double) total;
    }

    // ---- prediction scores ----------------------------------------------------------------------------------------

    /**
     * Mean PSNR and SSIM per predicted step over the scored clips: {@code psnr} and {@code ssim} are the SVG authors'
     * per-channel metrics averaged over channels; {@code psnrWhole} is the PSNR of the MSE over all channels. On the
     * coloured Moving MNIST the third channel is always black, so a prediction that leaves it exactly 0 gets an
     * infinite per-channel PSNR: compare models by {@code psnrWhole} and SSIM (and against {@link #baselines}).
     */
    public record PredictionScores(double[] psnr, double[] psnrWhole, double[] ssim, int clips) {
        public double meanPsnr() {
            return java.util.Arrays.stream(psnr).average().orElse(Double.NaN);
        }

        public double meanPsnrWhole() {
            return java.util.Arrays.stream(psnrWhole).average().orElse(Double.NaN);
        }

        public double meanSsim() {
            return java.util.Arrays.stream(ssim).average().orElse(Double.NaN);
        }
    }

    /** Predicts frames past … past + future − 1 of clips 0 … clips − 1 and scores them against the clips. */
    public static PredictionScores predictionScores(DrnetPredictor p, ClipSource data, int clips, int past,
                                                    int future) {
        DrnetConfig c = p.model().config().drnet();
        if (data.frames() < past + future || clips < 1) {
            throw new IllegalArgumentException("DrNET prediction scores: " + clips + " clips of " + data.frames()
                    + " frames; past + future = " + (past + future) + " frames needed");
        }
        int t = data.frames(), fs = c.channels() * W * W;
        FrameShape shape = new FrameShape(c.channels(), W, W);
        double[] psnr = new double[future], whole = new double[future], ssim = new double[future];
        for (int start = 0; start < clips; start += DrnetPredictor.CHUNK) {
            int n = Math.min(DrnetPredictor.CHUNK, clips - start);
            float[] input = new float[n * t * fs];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data.clip(start + i).data(), 0, input, i * t * fs, t * fs);
            }
            float[] pred = p.predict(input, new int[] {n, t, c.channels(), W, W}, past, future);
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < future; f++) {
                    int truth = (i * t + past + f) * fs, guess = (i * future + f) * fs;
                    psnr[f] += Psnr.of(pred, guess, input, truth, shape) / clips;
                    whole[f] += Psnr.wholeFrame(pred, guess, input, truth, shape) / clips;
                    ssim[f] += Ssim.of(pred, guess, input, truth, shape) / clips;
                }
            }
        }
        return new PredictionScores(psnr, whole, ssim, clips);
    }

    /**
     * The scores of two trivial predictors on the same clips: {@code black} (every predicted frame all zeros) and
     * {@code copy-last} (the last context frame repeated). A model is useful where it beats both.
     */
    public static Map<String, PredictionScores> baselines(ClipSource data, int clips, int past, int future) {
        if (data.frames() < past + future || clips < 1 || past < 1 || future < 1) {
            throw new IllegalArgumentException("DrNET baselines: " + clips + " clips of " + data.frames()
                    + " frames; past + future = " + (past + future) + " frames needed");
        }
        FrameShape shape = new FrameShape(data.channels(), data.height(), data.width());
        int fs = shape.size();
        float[] black = new float[fs];
        Map<String, PredictionScores> out = new LinkedHashMap<>();
        for (String name : new String[] {"black", "copy-last"}) {
            double[] psnr = new double[future], whole = new double[future], ssim = new double[future];
            for (int i = 0; i < clips; i++) {
                float[] x = data.clip(i).data();
                for (int f = 0; f < future; f++) {
                    float[] guess = name.equals("black") ? black : x;
                    int g = name.equals("black") ? 0 : (past - 1) * fs, truth = (past + f) * fs;
                    psnr[f] += Psnr.of(guess, g, x, truth, shape) / clips;
                    whole[f] += Psnr.wholeFrame(guess, g, x, truth, shape) / clips;
                    ssim[f] += Ssim.of(guess, g, x, truth, shape) / clips;
                }
            }
            out.put(name, new PredictionScores(psnr, whole, ssim, clips));
        }
        return out;
    }

    // ---- content / pose probes ------------------------------------------------------------------------------------

    /** One probe: how well {@code target} is read off {@code code} by each classifier, with chance level. */
    public record Probe(String code, String target, int classes, double nearestCentroid, double logistic,
                        double chance) {
    }

    /**
     * The offline analogue of Table 5.1: codes h_c and h_p of frame (i mod frames) of clip i of the DrNET Moving
     * MNIST, built from MNIST's training digits for {@code trainClips} clips and its test digits for
     * {@code testClips} held-out clips; targets are the identity of the digit in channel 0 (10 classes) and the
     * quadrant of its position (4 classes). A disentangled model reads the digit from h_c and not from h_p, the
     * position from h_p and not from h_c.
     */
    public static List<Probe> contentPoseProbes(DrnetCodec m, int trainClips, int testClips, int frames, long seed) {
        if (trainClips < 10 || testClips < 1 || frames < 1) {
            throw new IllegalArgumentException("DrNET probes: " + trainClips + " training clips (≥ 10), "
                    + testClips + " test clips (≥ 1), " + frames + " frames (≥ 1)");
        }
        Codes train = codes(m, Mnist.Split.TRAIN, trainClips, frames, seed);
        Codes test = codes(m, Mnist.Split.TEST, testClips, frames, seed + 1);
        List<Probe> out = new ArrayList<>();
        for (String code : new String[] {"h_c", "h_p"}) {
            float[][] tr = code.equals("h_c") ? train.content : train.pose;
            float[][] te = code.equals("h_c") ? test.content : test.pose;
            out.add(new Probe(code, "digit", 10, LinearProbe.nearestCentroid(tr, train.digit, te, test.digit, 10),
                    LinearProbe.logistic(tr, train.digit, te, test.digit, 10, 300, 0.5, 1e-3), 0.1));
            out.add(new Probe(code, "position", 4,
                    LinearProbe.nearestCentroid(tr, train.quadrant, te, test.quadrant, 4),
                    LinearProbe.logistic(tr, train.quadrant, te, test.quadrant, 4, 300, 0.5, 1e-3), 0.25));
        }
        return out;
    }

    private record Codes(float[][] content, float[][] pose, int[] digit, int[] quadrant) {
    }

    private static Codes codes(DrnetCodec m, Mnist.Split split, int clips, int frames, long seed) {
        DrnetConfig c = m.drnetConfig();
        if (c.channels() != 3) {
            throw new IllegalArgumentException("DrNET probes: the coloured Moving MNIST has 3 channels, the model "
                    + "takes " + c.channels());
        }
        Digits digits = Mnist.bundled(split).digits(32);
        DrnetMovingMnist source = new DrnetMovingMnist(new DrnetMovingMnist.Config(W, 2, frames), digits, seed);
        float[][] content = new float[clips][], pose = new float[clips][];
        int[] digit = new int[clips], quadrant = new int[clips];
        int fs = 3 * W * W, limit = W - digits.side();
        Backend be = m.backend();
        m.evaluationMode();
        for (int start = 0; start < clips; start += DrnetPredictor.CHUNK) {
            int n = Math.min(DrnetPredictor.CHUNK, clips - start);
            float[] x = new float[n * fs];
            for (int i = 0; i < n; i++) {
                int index = start + i, t = index % frames;
                System.arraycopy(source.clip(index).data(), t * fs, x, i * fs, fs);
                Trajectory tr = source.trajectory(index);
                digit[index] = digits.label(tr.digit()[0]);
                quadrant[index] = (tr.top(t, 0) >= limit / 2 ? 2 : 0) + (tr.left(t, 0) >= limit / 2 ? 1 : 0);
            }
            try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                Var frames3 = Var.constant(be.fromFloats(Shape.of(n, 3, W, W), x));
                split(m.content(frames3).h().value().toFloatArray(), c.contentDim(), content, start, n);
                split(m.pose(frames3).value().toFloatArray(), c.poseDim(), pose, start, n);
            }
        }
        return new Codes(content, pose, digit, quadrant);
    }

    private static void split(float[] flat, int d, float[][] out, int start, int n) {
        for (int i = 0; i < n; i++) {
            out[start + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
    }
}
