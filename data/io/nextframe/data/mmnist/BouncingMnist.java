package io.nextframe.data.mmnist;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.SequenceRandom;
import io.nextframe.data.mnist.Digits;

/**
 * The deterministic bouncing MNIST of the Dynamic Filter Networks code (dbbert/dfn, after Srivastava et al.):
 * digits on a square canvas, one channel. Per digit: a position (y, x) uniform in [0, 1)², an angle θ uniform in
 * [0, 2π), velocity (sin θ, cos θ)·step. Each frame, in this order: move; bounce (x then y: a coordinate ≤ 0 is
 * set to 0, ≥ 1 to 1, and its velocity negated); draw at ⌊(canvas − digit)·position⌋ with max() over overlapping
 * digits. The first drawn frame is therefore one step after the initial position, as in the code.
 *
 * <p>Random draws of sequence i (Philox stream i of the derived seed): per digit, in order, the digit index,
 * y, x, θ. The code takes digits from a shuffled pass over the training set; here each is drawn independently.
 */
public final class BouncingMnist implements ClipSource {
    private static final long SALT = 0xDF1L;

    /** The DFN defaults: 64×64 canvas, 28×28 digits, 2 digits, 20 frames, step 0.1. */
    public record Config(int canvas, int numDigits, int frames, double step) {
        public Config {
            if (canvas <= 0 || numDigits <= 0 || frames <= 0 || !(step >= 0)) {
                throw new IllegalArgumentException("BouncingMnist.Config: canvas, numDigits, frames must be positive "
                        + "and step ≥ 0; got " + canvas + ", " + numDigits + ", " + frames + ", " + step);
            }
        }

        public static Config defaults() {
            return new Config(64, 2, 20, 0.1);
        }
    }

    private final Config config;
    private final Digits digits;
    private final long seed;

    public BouncingMnist(Config config, Digits digits, long seed) {
        if (digits.side() > config.canvas()) {
            throw new IllegalArgumentException("BouncingMnist: digits of " + digits.side() + " px do not fit a "
                    + config.canvas() + " px canvas");
        }
        this.config = config;
        this.digits = digits;
        this.seed = SequenceRandom.derive(seed, SALT);
    }

    public Config config() {
        return config;
    }

    /** The digit boxes of clip {@code index}. */
    public Trajectory trajectory(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        int count = config.numDigits();
        int frames = config.frames();
        int range = config.canvas() - digits.side();
        int[] digit = new int[count];
        int[] top = new int[frames * count];
        int[] left = new int[frames * count];
        for (int n = 0; n < count; n++) {
            digit[n] = rng.nextInt(digits.size());
            double y = rng.nextDouble();
            double x = rng.nextDouble();
            double theta = rng.nextDouble() * 2 * Math.PI;
            double vy = Math.sin(theta);
            double vx = Math.cos(theta);
            for (int t = 0; t < frames; t++) {
                y += vy * config.step();
                x += vx * config.step();
                if (x <= 0) {
                    x = 0;
                    vx = -vx;
                }
                if (x >= 1) {
                    x = 1;
                    vx = -vx;
                }
                if (y <= 0) {
                    y = 0;
                    vy = -vy;
                }
                if (y >= 1) {
                    y = 1;
                    vy = -vy;
                }
                top[t * count + n] = (int) (range * y);
                left[t * count + n] = (int) (range * x);
            }
        }
        return new Trajectory(frames, count, digit, top, left, null, null);
    }

    @Override
    public Clip clip(long index) {
        Trajectory tr = trajectory(index);
        int side = config.canvas();
        int d = digits.side();
        Clip clip = Clip.zeros(config.frames(), 1, side, side);
        float[] out = clip.data();
        for (int t = 0; t < tr.frames(); t++) {
            for (int n = 0; n < tr.count(); n++) {
                float[] img = digits.image(tr.digit()[n]);
                int y0 = tr.top(t, n);
                int x0 = tr.left(t, n);
                for (int y = 0; y < d; y++) {
                    int row = (t * side + y0 + y) * side + x0;
                    for (int x = 0; x < d; x++) {
                        out[row + x] = Math.max(out[row + x], img[y * d + x]);
                    }
                }
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
