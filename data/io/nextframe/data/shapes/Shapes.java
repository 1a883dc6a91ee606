package io.nextframe.data.shapes;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.SequenceRandom;

/**
 * The Shapes dataset of the Cross Convolutional Network paper (Xue et al., §5.1), whose generator is not public:
 * frame pairs with one circle, one square and one triangle of random size, position and colour on a black
 * background, drawn in random depth order (so they may occlude each other), anti-aliased by 4×4 supersampling.
 *
 * <p>Motion, in pixels of a 64×64 image (scaled to the canvas): d, e ~ N(0, σ²) clipped to ±maxShift;
 * triangle (d, d) (diagonal); circle (0, −k·d + noise) (vertical, anti-correlated with the triangle: triangle up ⇒
 * circle down); square (e, 0) (horizontal, independent). Shapes are placed so they stay wholly inside the canvas in
 * both frames. The paper gives no distributions, sizes or resolution: these are the project's choices
 * (specs/visual-dynamics.md), all parameters of {@link Config}.
 *
 * <p>Random draws of pair i (Philox stream i): for each kind in enum order, radius, colour (r, g, b), centre (x, y);
 * then d, e, the circle noise, and the depth order.
 */
public final class Shapes implements ClipSource {
    private static final long SALT = 0x5A9E5L;
    private static final int SUPERSAMPLE = 4;

    /**
     * @param size        canvas side in pixels (64 or 128)
     * @param sigma       standard deviation of d and e, in 64-px pixels
     * @param maxShift    clip of d and e, in 64-px pixels (the KL histogram spans ±5)
     * @param circleGain  k in the circle's dy = −k·d
     * @param circleNoise standard deviation of noise added to the circle's dy (0: exactly anti-correlated)
     * @param minRadius   smallest radius as a fraction of the canvas side
     * @param maxRadius   largest radius as a fraction of the canvas side
     */
    public record Config(int size, double sigma, double maxShift, double circleGain, double circleNoise,
                         double minRadius, double maxRadius) {
        public Config {
            if (size < 16 || !(sigma >= 0) || !(maxShift >= 0) || !(circleNoise >= 0)
                    || !(minRadius > 0) || !(maxRadius >= minRadius) || maxRadius >= 0.25) {
                throw new IllegalArgumentException("Shapes.Config: need size ≥ 16, sigma, maxShift, circleNoise ≥ 0 "
                        + "and 0 < minRadius ≤ maxRadius < 0.25; got " + size + ", " + sigma + ", " + maxShift + ", "
                        + circleNoise + ", " + minRadius + ", " + maxRadius);
            }
        }

        /** 128×128 (the paper's input size), σ = 1.5 px at 64², clipped to ±5, k = 1, radii 8 … 16 % of the side. */
        public static Config defaults() {
            return new Config(128, 1.5, 5.0, 1.0, 0.0, 0.08, 0.16);
        }

        public Config withSize(int s) {
            return new Config(s, sigma, maxShift, circleGain, circleNoise, minRadius, maxRadius);
        }
    }

    private final Config config;
    private final long seed;

    public Shapes(Config config, long seed) {
        this.config = config;
        this.seed = SequenceRandom.derive(seed, SALT);
    }

    public Config config() {
        return config;
    }

    /** Pair {@code index}: its frames, true displacements and first-frame ownership map. */
    public ShapePair pair(long index) {
        Layout layout = layout(index);
        int n = config.size();
        Clip clip = Clip.zeros(2, 3, n, n);
        int[] owner = new int[n * n];
        render(clip, 0, layout.shapes, layout.depthOrder, false, owner);
        render(clip, 1, layout.shapes, layout.depthOrder, true, null);
        return new ShapePair(clip, layout.shapes, owner);
    }

    /**
     * Pair {@code index} with other displacements: the same first frame, the second drawn with shape k moved by
     * {@code motion64[k]} = (dx, dy) in pixels of a 64×64 image ({@link ShapeKind} order). Shapes are placed with a
     * margin for the largest shift, so displacements within ±maxShift (circle: ±maxShift·circleGain) stay inside the
     * canvas. What a motion-transfer baseline renders to be measured like a model's prediction.
     */
    public ShapePair pairMoved(long index, double[][] motion64) {
        if (motion64.length != 3) {
            throw new IllegalArgumentException("Shapes.pairMoved: " + motion64.length + " displacements, expected 3 "
                    + "(circle, square, triangle)");
        }
        Layout layout = layout(index);
        double toCanvas = config.size() / 64.0;
        ShapeMotion[] moved = new ShapeMotion[3];
        for (int k = 0; k < 3; k++) {
            ShapeMotion m = layout.shapes[k];
            double dx = motion64[k][0];
            double dy = motion64[k][1];
            moved[k] = new ShapeMotion(m.kind(), m.cx(), m.cy(), m.radius(), m.rgb(), m.depth(), dx * toCanvas,
                    dy * toCanvas, dx, dy);
        }
        int n = config.size();
        Clip clip = Clip.zeros(2, 3, n, n);
        int[] owner = new int[n * n];
        render(clip, 0, moved, layout.depthOrder, false, owner);
        render(clip, 1, moved, layout.depthOrder, true, null);
        return new ShapePair(clip, moved, owner);
    }

    /**
     * The shapes of pair {@code index} with their true displacements, without rendering the frames (the same
     * draws as {@link #pair}): what the velocity-distribution test needs for its 50,000 ground-truth samples.
     */
    public ShapeMotion[] motions(long index) {
        return layout(index).shapes;
    }

    private record Layout(ShapeMotion[] shapes, int[] depthOrder) {
    }

    private Layout layout(long index) {
        SequenceRandom rng = new SequenceRandom(seed, index);
        int n = config.size();
        double toCanvas = n / 64.0;
        double margin = config.maxShift() * toCanvas * Math.max(1.0, config.circleGain()) + 1;
        ShapeKind[] kinds = ShapeKind.values();
        double[] radius = new double[3];
        double[] cx = new double[3];
        double[] cy = new double[3];
        float[][] rgb = new float[3][];
        for (int k = 0; k < 3; k++) {
            radius[k] = n * (config.minRadius() + (config.maxRadius() - config.minRadius()) * rng.nextDouble());
            rgb[k] = new float[] {colour(rng), colour(rng), colour(rng)};
            double lo = radius[k] + margin;
            double hi = n - radius[k] - margin;
            cx[k] = lo < hi ? lo + (hi - lo) * rng.nextDouble() : n / 2.0;
            cy[k] = lo < hi ? lo + (hi - lo) * rng.nextDouble() : n / 2.0;
        }
        double d = shift(rng);
        double e = shift(rng);
        double noise = rng.nextGaussian() * config.circleNoise();
        double circleDy = clamp(-config.circleGain() * d + noise, config.maxShift() * Math.max(1, config.circleGain()));
        double[][] motion64 = {{0, circleDy}, {e, 0}, {d, d}}; // CIRCLE, SQUARE, TRIANGLE
        int[] depthOrder = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = depthOrder[i];
            depthOrder[i] = depthOrder[j];
            depthOrder[j] = t;
        }
        ShapeMotion[] shapes = new ShapeMotion[3];
        for (int k = 0; k < 3; k++) {
            int depth = 0;
            while (depthOrder[depth] != k) {
                depth++;
            }
            shapes[k] = new ShapeMotion(kinds[k], cx[k], cy[k], radius[k], rgb[k], depth,
                    motion64[k][0] * toCanvas, motion64[k][1] * toCanvas, motion64[k][0], motion64[k][1]);
        }
        return new Layout(shapes, depthOrder);
    }

    private double shift(SequenceRandom rng) {
        return clamp(rng.nextGaussian() * config.sigma(), config.maxShift());
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    private static float colour(SequenceRandom rng) {
        // bright enough to stand out from the black background
        return (float) (0.2 + 0.8 * rng.nextDouble());
    }

    /** Paints the shapes back to front with coverage-weighted blending; records frame-1 ownership if asked. */
    private void render(Clip clip, int t, ShapeMotion[] shapes, int[] depthOrder, boolean moved, int[] owner) {
        int n = config.size();
        float[] out = clip.data();
        int plane = n * n;
        int base = t * 3 * plane;
        if (owner != null) {
            java.util.Arrays.fill(owner, -1);
        }
        for (int depth = 0; depth < 3; depth++) {
            int k = depthOrder[depth];
            ShapeMotion s = shapes[k];
            double cx = s.cx() + (moved ? s.dx() : 0);
            double cy = s.cy() + (moved ? s.dy() : 0);
            double r = s.radius();
            int x0 = Math.max(0, (int) Math.floor(cx - r - 1));
            int x1 = Math.min(n - 1, (int) Math.ceil(cx + r + 1));
            int y0 = Math.max(0, (int) Math.floor(cy - r - 1));
            int y1 = Math.min(n - 1, (int) Math.ceil(cy + r + 1));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int hits = 0;
                    for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                        for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                            double px = x + (sx + 0.5) / SUPERSAMPLE;
                            double py = y + (sy + 0.5) / SUPERSAMPLE;
                            if (s.kind().contains(px, py, cx, cy, r)) {
                                hits++;
                            }
                        }
                    }
                    if (hits == 0) {
                        continue;
                    }
                    float a = hits / (float) (SUPERSAMPLE * SUPERSAMPLE);
                    int p = y * n + x;
                    for (int c = 0; c < 3; c++) {
                        int i = base + c * plane + p;
                        out[i] = a * s.rgb()[c] + (1 - a) * out[i];
                    }
                    if (owner != null && a >= 0.5f) {
                        owner[p] = k;
                    }
                }
            }
        }
    }

    @Override
    public Clip clip(long index) {
        return pair(index).frames();
    }

    @Override
    public long size() {
        return Long.MAX_VALUE;
    }

    @Override
    public int frames() {
        return 2;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return config.size();
    }

    @Override
    public int width() {
        return config.size();
    }
}
