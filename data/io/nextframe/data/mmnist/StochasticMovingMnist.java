package io.nextframe.data.mmnist;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.SequenceRandom;
import io.nextframe.data.mnist.Digits;

import java.util.Arrays;

/**
 * Stochastic Moving MNIST as SVG's code generates it (edenton/svg, data/moving_mnist.py): one channel, 32×32
 * digits on a 64×64 canvas. Per digit: start (sx, sy) uniform integers in [0, canvas − digit), velocity (dx, dy)
 * uniform integers in {−4 … 4} (0 allowed). Each frame, in this order:
 * <ol>
 *   <li>y check: sy &lt; 0 → sy = 0 and a new velocity with dy ∈ {1 … 4}, dx ∈ {−4 … 4};
 *       sy ≥ canvas − digit → sy = canvas − digit − 1, dy ∈ {−4 … −1}, dx ∈ {−4 … 4};</li>
 *   <li>x check, the same with the roles swapped (so in a corner hit the x bounce redraws dy: the code's quirk);</li>
 *   <li>draw: add the digit into the canvas;</li>
 *   <li>move: sy += dy, sx += dx.</li>
 * </ol>
 * Finally values above 1 are clipped to 1.
 *
 * <p>Modes: {@link Mode#UNIFORM} is the above; {@link Mode#DETERMINISTIC} negates the bounced component instead
 * of drawing a new velocity (SVG's {@code deterministic} flag); {@link Mode#NON_UNIFORM} is the thesis's variant
 * (Denton 2018, §6.3.2): every velocity component is drawn from a weighted distribution over {−4 … 4} favouring
 * speed, and after a bounce from the same weights restricted to the valid values and renormalised.
 *
 * <p>Random draws of sequence i: per digit, in order, the digit index, sx, sy, dx, dy, then the draws of its
 * bounces in frame order (the code's order, which loops over digits outside frames).
 */
public final class StochasticMovingMnist implements ClipSource {
    private static final long SALT = 0x5F9L;
    /** Names the random streams of {@link #continueFrom}, distinct from the clips' own. */
    private static final long CONTINUATION_SALT = 0xC0F7L;

    public enum Mode { UNIFORM, NON_UNIFORM, DETERMINISTIC }

    /**
     * @param canvas        canvas side (64)
     * @param numDigits     digits per clip (1 or 2 in the paper)
     * @param frames        frames per clip
     * @param mode          how velocities are drawn
     * @param speedWeights  for NON_UNIFORM: the weight of each component value −4 … 4 (9 values); ignored otherwise
     */
    public record Config(int canvas, int numDigits, int frames, Mode mode, double[] speedWeights) {
        /** Default NON_UNIFORM weights: proportional to 1 + |v| (the thesis shows the distribution only as a plot). */
        public static final double[] DEFAULT_SPEED_WEIGHTS = {5, 4, 3, 2, 1, 2, 3, 4, 5};

        public Config {
            if (canvas <= 0 || numDigits <= 0 || frames <= 0 || mode == null) {
                throw new IllegalArgumentException("StochasticMovingMnist.Config: canvas, numDigits and frames must be "
                        + "positive and mode given; got " + canvas + ", " + numDigits + ", " + frames + ", " + mode);
            }
            speedWeights = speedWeights == null ? DEFAULT_SPEED_WEIGHTS.clone() : speedWeights.clone();
            if (speedWeights.length != 9) {
                throw new IllegalArgumentException("StochasticMovingMnist.Config: speedWeights needs 9 values "
                        + "(for −4 … 4), got " + speedWeights.length);
            }
            for (double w : speedWeights) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("StochasticMovingMnist.Config: speed weights must be finite "
                            + "and ≥ 0, got " + Arrays.toString(speedWeights));
                }
            }
            if (speedWeights[0] + speedWeights[1] + speedWeights[2] + speedWeights[3] <= 0
                    || speedWeights[5] + speedWeights[6] + speedWeights[7] + speedWeights[8] <= 0) {
                throw new IllegalArgumentException("StochasticMovingMnist.Config: speed weights must give both signs "
                        + "a non-zero weight (a bounce needs them), got " + Arrays.toString(speedWeights));
            }
        }

        /** SVG's training data: 64×64, the given number of digits, 20 frames, uniform velocities. */
        public static Config svg(int numDigits) {
            return new Config(64, numDigits, 20, Mode.UNIFORM, null);
        }

        public Config withMode(Mode m) {
            return new Config(canvas, numDigits, frames, m, speedWeights);
        }

        public Config withFrames(int f) {
            return new Config(canvas, numDigits, f, mode, speedWeights);
        }
    }

    private final Config config;
    private final Digits digits;
    private final long seed;

    public StochasticMovingMnist(Config config, Digits digits, long seed) {
        if (digits.side() >= config.canvas()) {
            throw new IllegalArgumentException("StochasticMovingMnist: digits of " + digits.side()
                    + " px need a canvas larger than " + config.canvas() + " px");
        }
        this.config = config;
        this.digits = digits;
        this.seed = SequenceRandom.derive(seed, SALT);
    }

    public Config config() {
        return config;
    }

    /** The side of the digit boxes in pixels. */
    public int digitSide() {
        return digits.side();
    }

    /** The digit boxes and velocities of clip {@code index}. */
    public Trajectory trajectory(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        int count = config.numDigits();
        int frames = config.frames();
        int limit = config.canvas() - digits.side();
        int[] digit = new int[count];
        Trajectory tr = new Trajectory(frames, count, digit, new int[frames * count], new int[frames * count],
                new int[frames * count], new int[frames * count]);
        for (int n = 0; n < count; n++) {
            digit[n] = rng.nextInt(digits.size());
            int sx = rng.nextInt(limit);
            int sy = rng.nextInt(limit);
            int dx = velocity(rng, -4, 4);
            int dy = velocity(rng, -4, 4);
            walk(tr, n, 0, sy, sx, dy, dx, rng);
        }
        return tr;
    }

    /**
     * The trajectory {@code tr} up to frame {@code frame}, continued to {@code frames} frames by the generator's own
     * rules with a fresh random stream: frames 0 … frame equal tr's, the digit moves on with tr's velocity at that
     * frame, and every later bounce draws from stream {@code stream} of a seed derived from this generator's. Many
     * streams give the distribution of continuations of one state (the SVG thesis's trajectory-distribution test).
     * The first bounce after {@code frame} is at the same frame in every continuation; only what follows differs.
     */
    public Trajectory continueFrom(Trajectory tr, int frame, int frames, long stream) {
        if (tr.dy() == null || tr.dx() == null) {
            throw new IllegalArgumentException("StochasticMovingMnist.continueFrom: the trajectory has no "
                    + "velocities (not from an integer-velocity generator)");
        }
        if (frame < 0 || frame >= tr.frames() || frames <= frame) {
            throw new IllegalArgumentException("StochasticMovingMnist.continueFrom: frame " + frame + " must be in "
                    + "[0, " + tr.frames() + ") and frames " + frames + " > frame");
        }
        int count = tr.count();
        int kept = (frame + 1) * count;
        int[] top = Arrays.copyOf(Arrays.copyOf(tr.top(), kept), frames * count);
        int[] left = Arrays.copyOf(Arrays.copyOf(tr.left(), kept), frames * count);
        int[] vy = Arrays.copyOf(Arrays.copyOf(tr.dy(), kept), frames * count);
        int[] vx = Arrays.copyOf(Arrays.copyOf(tr.dx(), kept), frames * count);
        Trajectory out = new Trajectory(frames, count, tr.digit().clone(), top, left, vy, vx);
        SequenceRandom rng = new SequenceRandom(SequenceRandom.derive(seed, CONTINUATION_SALT), stream);
        for (int n = 0; n < count; n++) {
            int dy = tr.dy(frame, n), dx = tr.dx(frame, n);
            walk(out, n, frame + 1, tr.top(frame, n) + dy, tr.left(frame, n) + dx, dy, dx, rng);
        }
        return out;
    }

    /**
     * The motion rules, in one place: for frames {@code from} … end of digit {@code n}, starting at (sy, sx) with
     * velocity (dy, dx): bounce (y check, then x check), record the box and velocity, move.
     */
    private void walk(Trajectory tr, int n, int from, int sy, int sx, int dy, int dx, SequenceRandom rng) {
        int limit = config.canvas() - digits.side();
        for (int t = from; t < tr.frames(); t++) {
            if (sy < 0) {
                sy = 0;
                if (config.mode() == Mode.DETERMINISTIC) {
                    dy = -dy;
                } else {
                    dy = velocity(rng, 1, 4);
                    dx = velocity(rng, -4, 4);
                }
            } else if (sy >= limit) {
                sy = limit - 1;
                if (config.mode() == Mode.DETERMINISTIC) {
                    dy = -dy;
                } else {
                    dy = velocity(rng, -4, -1);
                    dx = velocity(rng, -4, 4);
                }
            }
            if (sx < 0) {
                sx = 0;
                if (config.mode() == Mode.DETERMINISTIC) {
                    dx = -dx;
                } else {
                    dx = velocity(rng, 1, 4);
                    dy = velocity(rng, -4, 4);
                }
            } else if (sx >= limit) {
                sx = limit - 1;
                if (config.mode() == Mode.DETERMINISTIC) {
                    dx = -dx;
                } else {
                    dx = velocity(rng, -4, -1);
                    dy = velocity(rng, -4, 4);
                }
            }
            int k = t * tr.count() + n;
            tr.top()[k] = sy;
            tr.left()[k] = sx;
            tr.dy()[k] = dy;
            tr.dx()[k] = dx;
            sy += dy;
            sx += dx;
        }
    }

    /**
     * Clip with the motion of clip {@code motionIndex} but the digits of clip {@code digitsIndex}: many clips with
     * synchronised trajectories and different digits (the thesis's Fig. 6.4 experiment on the learned prior).
     */
    public Clip synchronised(long motionIndex, long digitsIndex) {
        Trajectory motion = trajectory(motionIndex);
        Trajectory digitsFrom = trajectory(digitsIndex);
        return render(new Trajectory(motion.frames(), motion.count(), digitsFrom.digit(), motion.top(), motion.left(),
                motion.dy(), motion.dx()));
    }

    /** A velocity component in [lo, hi]: uniform, or for NON_UNIFORM weighted and renormalised over that range. */
    private int velocity(SequenceRandom rng, int lo, int hi) {
        if (config.mode() != Mode.NON_UNIFORM) {
            return rng.nextInt(lo, hi);
        }
        double[] w = Arrays.copyOfRange(config.speedWeights(), lo + 4, hi + 5);
        return lo + rng.nextWeighted(w);
    }

    @Override
    public Clip clip(long index) {
        return render(trajectory(index));
    }

    /** Draws a trajectory: digits added into the canvas, then clipped to 1. */
    public Clip render(Trajectory tr) {
        int side = config.canvas();
        int d = digits.side();
        Clip clip = Clip.zeros(tr.frames(), 1, side, side);
        float[] out = clip.data();
        for (int t = 0; t < tr.frames(); t++) {
            for (int n = 0; n < tr.count(); n++) {
                float[] img = digits.image(tr.digit()[n]);
                int y0 = tr.top(t, n);
                int x0 = tr.left(t, n);
                for (int y = 0; y < d; y++) {
                    int row = (t * side + y0 + y) * side + x0;
                    for (int x = 0; x < d; x++) {
                        out[row + x] += img[y * d + x];
                    }
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] > 1) {
                out[i] = 1;
            }
        }
        return clip;
    }

    @Override
    public long size() {
        return Long.MAX_VALUE;
    }

    @Override
    public int frames() {
        return config.frames();
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return config.canvas();
    }

    @Override
    public int width() {
        return config.canvas();
    }
}
