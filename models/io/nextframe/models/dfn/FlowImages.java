package io.nextframe.models.dfn;

/**
 * Flow fields of predicted filters as colour images, as the DFN paper shows them: per pixel the expected offset
 * (flowX, flowY) = Σ_k F_k·(dx_k, dy_k) (output pixel → source pixel) drawn in HSV with hue = (atan2(fy, fx) + π)
 * / 2π, saturation = |f| / max|f| over the image, value 1 — white where nothing moves.
 */
public final class FlowImages {

    private FlowImages() {
    }

    /**
     * One flow field (2, H, W) from {@code offset} of {@code flow} (flowX plane, then flowY) → planar RGB
     * (3, H, W) in [0, 1].
     */
    public static float[] toRgb(float[] flow, int offset, int h, int w) {
        int plane = h * w;
        double max = 0;
        for (int i = 0; i < plane; i++) {
            max = Math.max(max, Math.hypot(flow[offset + i], flow[offset + plane + i]));
        }
        float[] rgb = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            double fx = flow[offset + i], fy = flow[offset + plane + i];
            double hue = (Math.atan2(fy, fx) + Math.PI) / (2 * Math.PI);
            double sat = max > 0 ? Math.hypot(fx, fy) / max : 0;
            float[] c = hsvToRgb(hue, sat, 1);
            rgb[i] = c[0];
            rgb[plane + i] = c[1];
            rgb[2 * plane + i] = c[2];
        }
        return rgb;
    }

    /**
     * A PNG grid for one clip: the ground-truth future (if given), the predicted frames, and the flow of each
     * predicted frame, scaled ×{@code scale}. {@code prediction} is (F, 1, H, W), {@code flow} (F, 2, H, W).
     */
    public static void writeGrid(java.nio.file.Path png, io.nextframe.data.Clip truth, float[] prediction,
                                 float[] flow, int future, int h, int w, int scale) throws java.io.IOException {
        int plane = h * w;
        float[] rgb = new float[future * 3 * plane];
        for (int t = 0; t < future; t++) {
            System.arraycopy(toRgb(flow, t * 2 * plane, h, w), 0, rgb, t * 3 * plane, 3 * plane);
        }
        var grid = new io.nextframe.data.media.PngGrid().scale(scale);
        if (truth != null) {
            grid.row("truth", truth);
        }
        grid.row("dfn", new io.nextframe.data.Clip(future, 1, h, w, prediction));
        grid.row("flow", new io.nextframe.data.Clip(future, 3, h, w, rgb));
        grid.write(png);
    }

    /** HSV (each in [0, 1]) to RGB. */
    static float[] hsvToRgb(double h, double s, double v) {
        double hh = (h - Math.floor(h)) * 6;
        int sector = (int) Math.floor(hh) % 6;
        double f = hh - Math.floor(hh);
        double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        double[] c = switch (sector) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
        return new float[] {(float) c[0], (float) c[1], (float) c[2]};
    }
}
