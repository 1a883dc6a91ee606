package io.nextframe.data.mmnist;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.SequenceRandom;
import io.nextframe.data.mnist.Digits;

/**
 * The coloured Moving MNIST of DrNET (edenton/drnet-py, data/moving_mnist.py): a 3-channel canvas, digit n
 * <em>assigned</em> (not added) into channel n. Per digit: start (sx, sy) uniform integers in [0, canvas − digit),
 * velocity (dx, dy) uniform integers in {−4 … 3}. Each frame: if sy &lt; 0 → sy = 0, dy = −dy, else if
 * sy ≥ canvas − digit → sy = canvas − digit − 1, dy = −dy; the same for x; draw; move. After all frames one digit
 * is chosen as the front one and the other channels are zeroed wherever it is non-zero (occlusion).
 *
 * <p>Random draws of sequence i: per digit the digit index, sx, sy, dx, dy (the code's order); then the front digit.
 * At most 3 digits (one per channel). Digits are 32×32 in the reference.
 */
public final class DrnetMovingMnist implements ClipSource {
    private static final long SALT = 0xD7E7L;

    /** DrNET's defaults: 64×64, 2 digits, 20 frames. */
    public record Config(int canvas, int numDigits, int frames) {
        public Config {
            if (canvas <= 0 || numDigits < 1 || numDigits > 3 || frames <= 0) {
                throw new IllegalArgumentException("DrnetMovingMnist.Config: canvas and frames must be positive and "
                        + "numDigits in 1…3 (one channel each); got " + canvas + ", " + numDigits + ", " + frames);
            }
        }

        public static Config defaults() {
            return new Config(64, 2, 20);
        }
    }

    private final Config config;
    private final Digits digits;
    private final long seed;

    public DrnetMovingMnist(Config config, Digits digits, long seed) {
        if (digits.side() >= config.canvas()) {
            throw new IllegalArgumentException("DrnetMovingMnist: digits of " + digits.side()
                    + " px need a canvas larger than " + config.canvas() + " px");
        }
        this.config = config;
        this.digits = digits;
        this.seed = SequenceRandom.derive(seed, SALT);
    }

    public Config config() {
        return config;
    }

    public Trajectory trajectory(long index) {
        return draw(new SequenceRandom(seed, index));
    }

    private Trajectory draw(SequenceRandom rng) {
        int count = config.numDigits();
        int frames = config.frames();
        int limit = config.canvas() - digits.side();
        int[] digit = new int[count];
        int[] top = new int[frames * count];
        int[] left = new int[frames * count];
        int[] vy = new int[frames * count];
        int[] vx = new int[frames * count];
        for (int n = 0; n < count; n++) {
            digit[n] = rng.nextInt(digits.size());
            int sx = rng.nextInt(limit);
            int sy = rng.nextInt(limit);
            int dx = rng.nextInt(-4, 3);
            int dy = rng.nextInt(-4, 3);
            for (int t = 0; t < frames; t++) {
                if (sy < 0) {
                    sy = 0;
                    dy = -dy;
                } else if (sy >= limit) {
                    sy = limit - 1;
                    dy = -dy;
                }
                if (sx < 0) {
                    sx = 0;
                    dx = -dx;
                } else if (sx >= limit) {
                    sx = limit - 1;
                    dx = -dx;
                }
                top[t * count + n] = sy;
                left[t * count + n] = sx;
                vy[t * count + n] = dy;
                vx[t * count + n] = dx;
                sy += dy;
                sx += dx;
            }
        }
        return new Trajectory(frames, count, digit, top, left, vy, vx);
    }

    @Override
    public Clip clip(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        Trajectory tr = draw(rng);
        int front = rng.nextInt(tr.count());
        int side = config.canvas();
        int d = digits.side();
        Clip clip = Clip.zeros(config.frames(), 3, side, side);
        float[] out = clip.data();
        for (int t = 0; t < tr.frames(); t++) {
            for (int n = 0; n < tr.count(); n++) {
                float[] img = digits.image(tr.digit()[n]);
                for (int y = 0; y < d; y++) {
                    System.arraycopy(img, y * d, out, clip.index(t, n, tr.top(t, n) + y, tr.left(t, n)), d);
                }
            }
        }
        int plane = side * side;
        for (int t = 0; t < tr.frames(); t++) {
            int frontBase = clip.index(t, front, 0, 0);
            for (int c = 0; c < tr.count(); c++) {
                if (c == front) {
                    continue;
                }
                int base = clip.index(t, c, 0, 0);
                for (int p = 0; p < plane; p++) {
                    if (out[frontBase + p] > 0) {
                        out[base + p] = 0;
                    }
                }
            }
        }
        return clip;
    }

    /** The index of the front digit of clip {@code index} (the channel that occludes the others). */
    public int front(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        Trajectory tr = draw(rng);
        return rng.nextInt(tr.count());
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
        return 3;
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
