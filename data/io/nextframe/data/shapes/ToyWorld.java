package io.nextframe.data.shapes;

import io.nextframe.data.SequenceRandom;

/**
 * The toy world of the Cross Convolutional Network paper (§3.2): an image shows a circle or a square; its motion v
 * is drawn from N(0, diag(0.2, 1)) for circles (mostly vertical) and N(0, diag(1, 0.2)) for squares (mostly
 * horizontal). The paper writes the diagonal without saying whether it holds variances or standard deviations;
 * here it holds <em>variances</em> by default ({@link Config#diagonalIsVariance}).
 *
 * <p>Random draws of sample i: label (circle with probability ½), centre (x, y), then v (two normals).
 */
public final class ToyWorld {
    private static final long SALT = 0x70E1L;

    /**
     * @param size               image side in pixels
     * @param radius             shape radius (half the square's side) in pixels
     * @param diagonalIsVariance read (0.2, 1) as variances (true) or standard deviations (false)
     */
    public record Config(int size, double radius, boolean diagonalIsVariance) {
        public Config {
            if (size < 8 || !(radius > 0) || radius * 2 >= size) {
                throw new IllegalArgumentException("ToyWorld.Config: need size ≥ 8 and 0 < radius < size/2, got "
                        + size + ", " + radius);
            }
        }

        public static Config defaults() {
            return new Config(32, 5, true);
        }
    }

    /**
     * One sample.
     *
     * @param kind  CIRCLE or SQUARE
     * @param image the shape, white on black, (1, size, size) anti-aliased
     * @param vx    horizontal motion
     * @param vy    vertical motion
     */
    public record Sample(ShapeKind kind, float[] image, double vx, double vy) {
    }

    private final Config config;
    private final long seed;

    public ToyWorld(Config config, long seed) {
        this.config = config;
        this.seed = SequenceRandom.derive(seed, SALT);
    }

    /** The standard deviations (σx, σy) of v for {@code kind}. */
    public double[] stddev(ShapeKind kind) {
        double small = config.diagonalIsVariance() ? Math.sqrt(0.2) : 0.2;
        return kind == ShapeKind.CIRCLE ? new double[] {small, 1} : new double[] {1, small};
    }

    public Sample sample(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        ShapeKind kind = rng.nextInt(2) == 0 ? ShapeKind.CIRCLE : ShapeKind.SQUARE;
        int n = config.size();
        double r = config.radius();
        double cx = r + 1 + (n - 2 * r - 2) * rng.nextDouble();
        double cy = r + 1 + (n - 2 * r - 2) * rng.nextDouble();
        double[] sd = stddev(kind);
        double vx = rng.nextGaussian() * sd[0];
        double vy = rng.nextGaussian() * sd[1];
        float[] img = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int hits = 0;
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        if (kind.contains(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, cx, cy, r)) {
                            hits++;
                        }
                    }
                }
                img[y * n + x] = hits / 16f;
            }
        }
        return new Sample(kind, img, vx, vy);
    }
}
