package io.nextframe.data.media;

import java.awt.image.BufferedImage;

/**
 * Conversions between {@link BufferedImage} and planar (C, H, W) floats in [0, 1]. Grey from colour uses the
 * ITU-R 601 luma weights (0.299, 0.587, 0.114), as PIL's {@code convert("L")} does; colour from grey repeats it.
 */
public final class Images {
    private Images() {
    }

    /**
     * A grey image stored as one sample band (8- or 16-bit PNG grey, with or without alpha). Such images are read
     * from their raster: {@code getRGB} would pass them through Java's linear-grey → sRGB conversion and change the
     * values of 16-bit files.
     */
    static boolean isGrayRaster(BufferedImage img) {
        var cm = img.getColorModel();
        return cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1 && !(cm instanceof java.awt.image.IndexColorModel);
    }

    /** The grey values of a {@link #isGrayRaster grey-raster} image, scaled to [0, 1]. */
    private static float[] grayRaster(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int bits = img.getColorModel().getComponentSize(0);
        float scale = 1f / ((1 << bits) - 1);
        int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples[i] * scale;
        }
        return out;
    }

    /** True when every pixel has R = G = B (such an image counts as one channel, CONTRACTS §5). */
    public static boolean isGray(BufferedImage img) {
        if (isGrayRaster(img)) {
            return true;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                int r = p >>> 16 & 0xFF;
                int g = p >>> 8 & 0xFF;
                int b = p & 0xFF;
                if (r != g || g != b) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The image as (channels, H, W) floats; channels 1 (luma) or 3 (RGB). Alpha is ignored. */
    public static float[] toFloats(BufferedImage img, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Images.toFloats: channels must be 1 or 3, got " + channels);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        if (isGrayRaster(img)) {
            float[] g = grayRaster(img);
            if (channels == 1) {
                return g;
            }
            float[] rgb = new float[3 * plane];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(g, 0, rgb, c * plane, plane);
            }
            return rgb;
        }
        float[] out = new float[channels * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int r = p >>> 16 & 0xFF;
                int g = p >>> 8 & 0xFF;
                int b = p & 0xFF;
                int i = y * w + x;
                if (channels == 1) {
                    out[i] = r == g && g == b ? r / 255f : (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
                } else {
                    out[i] = r / 255f;
                    out[plane + i] = g / 255f;
                    out[2 * plane + i] = b / 255f;
                }
            }
        }
        return out;
    }

    /** (C, H, W) floats (C = 1 or 3, clamped to [0, 1], rounded to bytes) as a grey or RGB image. */
    public static BufferedImage fromFloats(float[] chw, int channels, int h, int w) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Images.fromFloats: channels must be 1 or 3, got " + channels);
        }
        if (chw.length < channels * h * w) {
            throw new IllegalArgumentException("Images.fromFloats: " + chw.length + " values for (C,H,W) = ("
                    + channels + ", " + h + ", " + w + ")");
        }
        int plane = h * w;
        BufferedImage img = new BufferedImage(w, h,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        if (channels == 1) {
            byte[] px = new byte[plane];
            for (int i = 0; i < plane; i++) {
                px[i] = (byte) toByte(chw[i]);
            }
            img.getRaster().setDataElements(0, 0, w, h, px);
        } else {
            int[] rgb = new int[plane];
            for (int i = 0; i < plane; i++) {
                rgb[i] = toByte(chw[i]) << 16 | toByte(chw[plane + i]) << 8 | toByte(chw[2 * plane + i]);
            }
            img.setRGB(0, 0, w, h, rgb, 0, w);
        }
        return img;
    }

    /** round(clamp(v, 0, 1)·255); NaN maps to 0. */
    public static int toByte(float v) {
        return Math.round((v > 1 ? 1 : v > 0 ? v : 0) * 255f);
    }

    /**
     * Draws frame {@code t} of {@code clip} (grey or RGB) into {@code img} at (x0, y0), each pixel as a
     * {@code scale} × {@code scale} block.
     */
    static void drawFrame(BufferedImage img, io.nextframe.data.Clip clip, int t, int x0, int y0, int scale) {
        int h = clip.height();
        int w = clip.width();
        int plane = h * w;
        float[] d = clip.data();
        int base = t * clip.frameSize();
        int[] line = new int[w * scale];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = base + y * w + x;
                int rgb;
                if (clip.channels() == 3) {
                    rgb = toByte(d[i]) << 16 | toByte(d[i + plane]) << 8 | toByte(d[i + 2 * plane]);
                } else {
                    int g = toByte(d[i]);
                    rgb = g << 16 | g << 8 | g;
                }
                java.util.Arrays.fill(line, x * scale, (x + 1) * scale, rgb);
            }
            for (int s = 0; s < scale; s++) {
                img.setRGB(x0, y0 + y * scale + s, line.length, 1, line, 0, line.length);
            }
        }
    }
}
