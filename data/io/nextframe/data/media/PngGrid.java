package io.nextframe.data.media;

import io.nextframe.data.AtomicFiles;
import io.nextframe.data.Clip;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A PNG grid of frames: one row per clip (ground truth, then samples), one column per time step, optional row
 * labels on the left (drawn with a built-in bitmap font, so no system fonts are needed). Frames may be scaled up by
 * an integer factor (nearest neighbour) so 64×64 frames stay legible. Grey and colour rows may be mixed (grey rows
 * are drawn grey). Written to a temporary file and renamed.
 */
public final class PngGrid {
    private final List<Clip> rows = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private int scale = 1;
    private int padding = 2;
    private int background = 0xFFFFFF;
    private int textColour = 0x000000;

    /** Adds a row showing every frame of {@code clip}. */
    public PngGrid row(String label, Clip clip) {
        rows.add(clip);
        labels.add(label == null ? "" : label);
        return this;
    }

    /** Integer upscaling of every frame (nearest neighbour); 1 by default. */
    public PngGrid scale(int s) {
        if (s < 1 || s > 16) {
            throw new IllegalArgumentException("PngGrid.scale: expected 1 … 16, got " + s);
        }
        this.scale = s;
        return this;
    }

    /** Pixels between cells and around the grid; 2 by default. */
    public PngGrid padding(int p) {
        if (p < 0 || p > 64) {
            throw new IllegalArgumentException("PngGrid.padding: expected 0 … 64, got " + p);
        }
        this.padding = p;
        return this;
    }

    /** Background and label colours as 0xRRGGBB; white and black by default. */
    public PngGrid colours(int backgroundRgb, int textRgb) {
        this.background = backgroundRgb & 0xFFFFFF;
        this.textColour = textRgb & 0xFFFFFF;
        return this;
    }

    /** The grid as an image. */
    public BufferedImage render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("PngGrid: no rows");
        }
        int h = rows.getFirst().height();
        int w = rows.getFirst().width();
        int cols = 0;
        for (Clip c : rows) {
            if (c.height() != h || c.width() != w) {
                throw new IllegalArgumentException("PngGrid: rows of " + c.width() + "×" + c.height() + " and "
                        + w + "×" + h + " frames; all frames must have one size");
            }
            cols = Math.max(cols, c.frames());
        }
        int textScale = Math.max(1, h * scale / 32);
        int labelWidth = 0;
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, BitmapFont.width(l, textScale));
        }
        int labelColumn = labelWidth == 0 ? 0 : labelWidth + padding * 2;
        int cellW = w * scale;
        int cellH = h * scale;
        long width = labelColumn + padding + (long) cols * (cellW + padding);
        long height = padding + (long) rows.size() * (cellH + padding);
        if (width * height > 1L << 28) {
            throw new IllegalArgumentException("PngGrid: a " + width + "×" + height + " image is too large");
        }
        BufferedImage img = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] bg = new int[(int) width];
        Arrays.fill(bg, background);
        for (int y = 0; y < height; y++) {
            img.setRGB(0, y, (int) width, 1, bg, 0, (int) width);
        }
        for (int r = 0; r < rows.size(); r++) {
            Clip clip = rows.get(r);
            int top = padding + r * (cellH + padding);
            if (!labels.get(r).isEmpty()) {
                BitmapFont.draw(img, labels.get(r), padding, top + (cellH - BitmapFont.HEIGHT * textScale) / 2,
                        textScale, textColour);
            }
            for (int t = 0; t < clip.frames(); t++) {
                Images.drawFrame(img, clip, t, labelColumn + padding + t * (cellW + padding), top, scale);
            }
        }
        return img;
    }

    /** Writes the grid as a PNG file. */
    public void write(Path file) throws IOException {
        BufferedImage img = render();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        });
    }
}
