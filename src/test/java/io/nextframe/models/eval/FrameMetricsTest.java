package io.nextframe.models.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties and known values of the per-frame metrics. */
class FrameMetricsTest {
    private static final FrameShape GRAY64 = new FrameShape(1, 64, 64);

    static float[] random(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextDouble();
        }
        return f;
    }

    /** A smooth image with some texture, closer to real frames than white noise. */
    static float[] structured(FrameShape s) {
        float[] f = new float[s.size()];
        for (int c = 0; c < s.channels(); c++) {
            for (int y = 0; y < s.height(); y++) {
                for (int x = 0; x < s.width(); x++) {
                    f[c * s.plane() + y * s.width() + x] = (float) (0.5 + 0.3 * Math.sin(0.3 * x + 0.2 * y + c)
                            + 0.15 * Math.cos(0.9 * x * y / s.width()));
                }
            }
        }
        return f;
    }

    static float[] addNoise(float[] f, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] g = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            double n = sigma * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            g[i] = (float) Math.min(1, Math.max(0, f[i] + n));
        }
        return g;
    }

    /**
     * The SSIM formula written out directly, window by window (no separable sums), in double: an independent
     * reference for the data-range and covariance conventions.
     */
    static double naiveSsim(float[] x, float[] y, int h, int w, double range) {
        double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
        double total = 0;
        int windows = 0;
        for (int r = 3; r < h - 3; r++) {
            for (int c = 3; c < w - 3; c++) {
                double mx = 0, my = 0;
                for (int dy = -3; dy <= 3; dy++) {
                    for (int dx = -3; dx <= 3; dx++) {
                        mx += x[(r + dy) * w + c + dx];
                        my += y[(r + dy) * w + c + dx];
                    }
                }
                mx /= 49;
                my /= 49;
                double vx = 0, vy = 0, cxy = 0;
                for (int dy = -3; dy <= 3; dy++) {
                    for (int dx = -3; dx <= 3; dx++) {
                        double a = x[(r + dy) * w + c + dx] - mx, b = y[(r + dy) * w + c + dx] - my;
                        vx += a * a;
                        vy += b * b;
                        cxy += a * b;
                    }
                }
                vx /= 48;
                vy /= 48;
                cxy /= 48;
                total += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                windows++;
            }
        }
        return total / windows;
    }

    @Test
    void ssimOfAFrameWithItselfIsOne() {
        float[] x = random(new SplittableRandom(1), GRAY64.size());
        assertEquals(1.0, Ssim.of(x, x, GRAY64), 1e-15);
        float[] constant = new float[GRAY64.size()];
        assertEquals(1.0, Ssim.of(constant, constant, GRAY64), 1e-15);
    }

    @Test
    void ssimIsSymmetric() {
        SplittableRandom r = new SplittableRandom(2);
        FrameShape s = new FrameShape(3, 20, 17);
        float[] x = random(r, s.size());
        float[] y = random(r, s.size());
        assertEquals(Ssim.of(x, y, s), Ssim.of(y, x, s), 1e-15);
    }

    @Test
    void ssimDecreasesWithNoise() {
        float[] x = structured(GRAY64);
        double previous = 1.0;
        for (double sigma : new double[] {0.01, 0.03, 0.1, 0.3}) {
            double s = Ssim.of(x, addNoise(x, sigma, 7), GRAY64);
            assertTrue(s < previous, "SSIM " + s + " at noise σ " + sigma + " not below " + previous);
            previous = s;
        }
        assertTrue(previous < 0.5, "heavy noise should leave little structure: " + previous);
    }

    @Test
    void ssimMatchesTheFormulaWrittenOut() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = structured(GRAY64);
        float[] y = addNoise(x, 0.05, 4);
        for (double range : new double[] {2.0, 1.0}) {
            assertEquals(naiveSsim(x, y, 64, 64, range), Ssim.of(x, 0, y, 0, GRAY64, range), 1e-12);
        }
        float[] a = random(r, 9 * 11);
        float[] b = random(r, 9 * 11);
        assertEquals(naiveSsim(a, b, 9, 11, 2.0), Ssim.of(a, b, new FrameShape(1, 9, 11)), 1e-12);
    }

    @Test
    void ssimAveragesChannelsAndHonoursOffsets() {
        SplittableRandom r = new SplittableRandom(5);
        FrameShape rgb = new FrameShape(3, 12, 12);
        float[] x = random(r, 5 + rgb.size());
        float[] y = random(r, 2 + rgb.size());
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += Ssim.channel(x, 5, y, 2, rgb, c, 2.0);
        }
        assertEquals(sum / 3, Ssim.of(x, 5, y, 2, rgb), 1e-15);
    }

    @Test
    void ssimRefusesBadInputBeforeComputing() {
        FrameShape small = new FrameShape(1, 6, 10);
        float[] f = new float[small.size()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ssim.of(f, f, small));
        assertTrue(e.getMessage().contains("7×7"), e.getMessage());
        float[] g = new float[GRAY64.size()];
        e = assertThrows(IllegalArgumentException.class, () -> Ssim.of(g, 1, g, 0, GRAY64));
        assertTrue(e.getMessage().contains("offset 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(g, 0, g, 0, GRAY64, 0.0));
    }

    @Test
    void psnrKnownValues() {
        FrameShape s = new FrameShape(1, 8, 8);
        float[] zeros = new float[s.size()];
        float[] tenth = new float[s.size()];
        java.util.Arrays.fill(tenth, 0.1f);
        // MSE = 0.1f² ≈ 0.01 → 20 dB.
        assertEquals(10 * Math.log10(1 / ((double) 0.1f * 0.1f)), Psnr.of(zeros, 0, tenth, 0, s), 1e-12);
        assertEquals(20.0, Psnr.fromMse(0.01, 1.0), 1e-12);
        assertEquals(0.0, Psnr.fromMse(1.0, 1.0), 0.0);
        assertEquals(40.0, Psnr.fromMse(1e-4, 1.0), 1e-12);
        assertEquals(20 * Math.log10(255) - 10 * Math.log10(4), Psnr.fromMse(4, 255), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(tenth, 0, tenth, 0, s));
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromMse(Double.NaN, 1));
    }

    @Test
    void psnrAveragesChannelsAsTheAuthors() {
        FrameShape rgb = new FrameShape(2, 4, 4);
        float[] x = new float[rgb.size()];
        float[] y = new float[rgb.size()];
        java.util.Arrays.fill(y, 0, 16, 0.5f);     // channel 0: MSE 0.25 → 6.0206 dB
        java.util.Arrays.fill(y, 16, 32, 0.125f);  // channel 1: MSE 1/64 → 18.0618 dB
        double c0 = 10 * Math.log10(4), c1 = 10 * Math.log10(64);
        assertEquals((c0 + c1) / 2, Psnr.of(x, 0, y, 0, rgb), 1e-12);
        assertEquals(10 * Math.log10(1 / ((0.25 + 1.0 / 64) / 2)), Psnr.wholeFrame(x, 0, y, 0, rgb), 1e-12);
        java.util.Arrays.fill(y, 16, 32, 0f);      // channel 1 exact: the average is +∞
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(x, 0, y, 0, rgb));
    }

    @Test
    void mseKnownValue() {
        FrameShape s = new FrameShape(2, 1, 2);
        float[] x = {0, 0.5f, 1, 0.25f};
        float[] y = {1, 0.5f, 0, 0.75f};
        assertEquals((1 + 0 + 1 + 0.25) / 4, Mse.of(x, 0, y, 0, s), 0.0);
    }

    @Test
    void bceKnownValuesAndUnits() {
        assertEquals(Math.log(2), Bce.value(1, 0.5), 1e-15);
        assertEquals(Math.log(2), Bce.value(0, 0.5), 1e-15);
        // A certain, wrong prediction is clipped to ε: −log(2^−23) = 23·ln 2.
        assertEquals(23 * Math.log(2), Bce.value(1, 0), 1e-9);
        assertEquals(23 * Math.log(2), Bce.value(0, 1), 1e-6);
        assertEquals(-Math.log(1 - Bce.EPSILON), Bce.value(1, 1), 1e-20);
        assertEquals(1.1920929e-07, Bce.EPSILON, 1e-15);
        assertTrue(Double.isNaN(Bce.value(1, Double.NaN)), "NaN predictions must not be clipped away");

        float[] target = structured(GRAY64);
        float[] prediction = addNoise(target, 0.1, 9);
        double perPixel = Bce.perPixel(target, 0, prediction, 0, GRAY64);
        assertEquals(4096 * perPixel, Bce.perFrame(target, 0, prediction, 0, GRAY64), 1e-9);
        // Soft targets: BCE ≥ the target's own entropy, with equality at p = y.
        assertTrue(Bce.perPixel(target, 0, target, 0, GRAY64) < perPixel);
    }
}
