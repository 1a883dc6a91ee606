package io.nextframe.models.crossconv;

/**
 * Measures each shape's displacement between a first frame and a (real or generated) next frame, both RGB
 * (3, n, n) in [0, 1]-ish values, from the shape's mask in the first frame (which the generator knows). The
 * estimator is region matching followed by Lucas–Kanade refinement of one translation per mask:
 * <ol>
 *   <li>exhaustive search over integer displacements d in [−radius, radius]² minimising the mean over the mask's
 *       pixels p of ‖J(p + d) − I(p)‖² (outside the frame J is black, the background colour);</li>
 *   <li>Gauss–Newton (the Lucas–Kanade translation update) on the same cost with J sampled bilinearly, starting at
 *       the best integer d, so sub-pixel displacements are recovered.</li>
 * </ol>
 * The support is the mask plus the background pixels bordering it.
 * For a rigidly translating shape this is the mean of a dense flow over the mask (every mask pixel has the same
 * flow); it replaces the spec's "mean dense optical flow over the mask" with a translation fitted over the mask,
 * which does not suffer from the aperture problem inside uniformly coloured shapes.
 */
public final class VelocityEstimator {
    /** Masks with fewer pixels carry no usable evidence (a shape almost wholly hidden): NaN is returned. */
    public static final int MIN_PIXELS = 4;
    private static final int ITERATIONS = 12;

    private final int size;
    private final int radius;

    /**
     * @param size   side of the frames the estimator sees
     * @param radius largest integer displacement searched, in pixels of those frames
     */
    public VelocityEstimator(int size, int radius) {
        if (size < 4 || radius < 0 || radius >= size) {
            throw new IllegalArgumentException("VelocityEstimator: size " + size + " must be ≥ 4 and radius "
                    + radius + " in [0, size)");
        }
        this.size = size;
        this.radius = radius;
    }

    /** An estimator for frames of side {@code size} whose displacements are within ±maxShift64 px at 64². */
    public static VelocityEstimator forShapes(int size, double maxShift64) {
        return new VelocityEstimator(size, (int) Math.ceil(maxShift64 * size / 64.0) + 1);
    }

    /**
     * The ownership map at side {@code to} from one at side {@code from} (a multiple): a pixel belongs to shape k
     * when at least three quarters of the pixels it covers do, otherwise −1.
     */
    public static int[] downsampleOwner(int[] owner, int from, int to) {
        if (from % to != 0 || owner.length != from * from) {
            throw new IllegalArgumentException("VelocityEstimator.downsampleOwner: " + owner.length
                    + " owners for side " + from + " → " + to + " (need from² owners and to | from)");
        }
        int f = from / to;
        int[] out = new int[to * to];
        for (int y = 0; y < to; y++) {
            for (int x = 0; x < to; x++) {
                int[] votes = new int[8];
                int best = -1;
                for (int dy = 0; dy < f; dy++) {
                    for (int dx = 0; dx < f; dx++) {
                        int k = owner[(y * f + dy) * from + x * f + dx];
                        if (k >= 0 && k < votes.length) {
                            votes[k]++;
                            if (best < 0 || votes[k] > votes[best]) {
                                best = k;
                            }
                        }
                    }
                }
                out[y * to + x] = best >= 0 && 4 * votes[best] >= 3 * f * f ? best : -1;
            }
        }
        return out;
    }

    /**
     * The displacement (dx, dy) in pixels of these frames of shape {@code shape} (its index in {@code owner}),
     * or (NaN, NaN) when its mask has fewer than {@link #MIN_PIXELS} pixels.
     */
    public double[] estimate(float[] first, float[] second, int[] owner, int shape) {
        int plane = size * size;
        if (first.length != 3 * plane || second.length != 3 * plane || owner.length != plane) {
            throw new IllegalArgumentException("VelocityEstimator.estimate: frames of " + first.length + " and "
                    + second.length + " values and " + owner.length + " owners; expected 3·" + plane + " and "
                    + plane + " for side " + size);
        }
        int count = 0;
        for (int k : owner) {
            count += k == shape ? 1 : 0;
        }
        if (count < MIN_PIXELS) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int[] mask = support(owner, shape);
        double best = Double.POSITIVE_INFINITY;
        int bx = 0;
        int by = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                double c = integerCost(first, second, mask, dx, dy);
                // ties (e.g. a fully hidden second frame) resolve to the smaller displacement
                if (c < best - 1e-12 || (Math.abs(c - best) <= 1e-12 && dx * dx + dy * dy < bx * bx + by * by)) {
                    best = c;
                    bx = dx;
                    by = dy;
                }
            }
        }
        return refine(first, second, mask, bx, by);
    }

    /**
     * The shape's pixels and the background pixels touching them (8-neighbourhood): the background ring moves with
     * nothing, so it pins the shape's outline from outside as the mask pins it from inside.
     */
    private int[] support(int[] owner, int shape) {
        int plane = size * size;
        int[] out = new int[plane];
        int n = 0;
        for (int p = 0; p < plane; p++) {
            boolean take = owner[p] == shape;
            if (!take && owner[p] < 0) {
                int x = p % size;
                int y = p / size;
                for (int dy = -1; dy <= 1 && !take; dy++) {
                    for (int dx = -1; dx <= 1 && !take; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        take = xx >= 0 && yy >= 0 && xx < size && yy < size && owner[yy * size + xx] == shape;
                    }
                }
            }
            if (take) {
                out[n++] = p;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private double integerCost(float[] a, float[] b, int[] mask, int dx, int dy) {
        int plane = size * size;
        double sum = 0;
        for (int p : mask) {
            int x = p % size + dx;
            int y = p / size + dy;
            boolean in = x >= 0 && y >= 0 && x < size && y < size;
            for (int c = 0; c < 3; c++) {
                double v = in ? b[c * plane + y * size + x] : 0;
                double r = v - a[c * plane + p];
                sum += r * r;
            }
        }
        return sum / mask.length;
    }

    /** Lucas–Kanade translation updates from (x0, y0); stays within one pixel of the integer optimum. */
    private double[] refine(float[] a, float[] b, int[] mask, int x0, int y0) {
        int plane = size * size;
        double dx = x0;
        double dy = y0;
        double[] s = new double[3];
        for (int it = 0; it < ITERATIONS; it++) {
            double gxx = 0, gxy = 0, gyy = 0, bx = 0, by = 0;
            for (int p : mask) {
                double x = p % size + dx;
                double y = p / size + dy;
                for (int c = 0; c < 3; c++) {
                    sample(b, c * plane, x, y, s);
                    double r = s[0] - a[c * plane + p];
                    gxx += s[1] * s[1];
                    gxy += s[1] * s[2];
                    gyy += s[2] * s[2];
                    bx += s[1] * r;
                    by += s[2] * r;
                }
            }
            double det = gxx * gyy - gxy * gxy;
            if (!(det > 1e-12 * (gxx + gyy) * (gxx + gyy)) || det == 0) {
                break; // no gradient evidence in one direction: keep the integer estimate there
            }
            double ux = -(gyy * bx - gxy * by) / det;
            double uy = -(gxx * by - gxy * bx) / det;
            dx = Math.max(x0 - 1, Math.min(x0 + 1, dx + ux));
            dy = Math.max(y0 - 1, Math.min(y0 + 1, dy + uy));
            if (ux * ux + uy * uy < 1e-8) {
                break;
            }
        }
        return new double[] {dx, dy};
    }

    /** Bilinear sample of channel plane at (x, y) and its x, y derivatives into out; black outside the frame. */
    private void sample(float[] img, int base, double x, double y, double[] out) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        double fx = x - ix;
        double fy = y - iy;
        double v00 = at(img, base, ix, iy);
        double v10 = at(img, base, ix + 1, iy);
        double v01 = at(img, base, ix, iy + 1);
        double v11 = at(img, base, ix + 1, iy + 1);
        out[0] = (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
        out[1] = (1 - fy) * (v10 - v00) + fy * (v11 - v01);
        out[2] = (1 - fx) * (v01 - v00) + fx * (v11 - v10);
    }

    private double at(float[] img, int base, int x, int y) {
        return x < 0 || y < 0 || x >= size || y >= size ? 0 : img[base + y * size + x];
    }
}
