package io.nextframe.data.media;

import io.nextframe.data.Clip;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An animated GIF of side-by-side panels, e.g. "ground truth | sample 1 | sample 2" for each predicted clip: one
 * labelled column per panel, one row per clip, all panels advancing together. Frames before {@code markFrom} get a
 * green border (observed context), later ones a red border (predicted), so a viewer sees where prediction starts.
 */
public final class PanelGif {
    private static final int CONTEXT_RGB = 0x2E9E44;
    private static final int PREDICTED_RGB = 0xD0312D;
    private static final int BORDER = 2;

    private final List<String> labels;
    private final List<List<Clip>> rows = new ArrayList<>();
    private final int markFrom;
    private int scale = 1;

    /**
     * @param labels   one label per column
     * @param markFrom the first frame index drawn as predicted
     */
    public PanelGif(List<String> labels, int markFrom) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("PanelGif: no columns");
        }
        this.labels = List.copyOf(labels);
        this.markFrom = markFrom;
    }

    /** Integer magnification of every frame (1 keeps the pixels). */
    public PanelGif scale(int s) {
        if (s < 1 || s > 16) {
            throw new IllegalArgumentException("PanelGif: scale " + s + " must be in 1 … 16");
        }
        scale = s;
        return this;
    }

    /** Adds a row: one clip per column, all of one frame size; shorter clips show blank frames at the end. */
    public PanelGif row(List<Clip> panels) {
        if (panels.size() != labels.size()) {
            throw new IllegalArgumentException("PanelGif: a row of " + panels.size() + " panels for "
                    + labels.size() + " columns");
        }
        Clip first = rows.isEmpty() ? panels.getFirst() : rows.getFirst().getFirst();
        for (Clip c : panels) {
            if (c.height() != first.height() || c.width() != first.width()) {
                throw new IllegalArgumentException("PanelGif: panels of " + c.width() + "×" + c.height() + " and "
                        + first.width() + "×" + first.height() + "; all panels must have one frame size");
            }
        }
        rows.add(List.copyOf(panels));
        return this;
    }

    public List<BufferedImage> render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("PanelGif: no rows");
        }
        int h = rows.getFirst().getFirst().height() * scale;
        int w = rows.getFirst().getFirst().width() * scale;
        int frames = rows.stream().flatMap(List::stream).mapToInt(Clip::frames).max().orElse(0);
        int cellW = w + 2 * BORDER + 4;
        int widest = labels.stream().mapToInt(l -> BitmapFont.width(l, 1)).max().orElse(1);
        // the largest text scale at which every label fits its column (at least 1)
        int text = Math.max(1, Math.min(Math.min(h, w) / 40, (cellW - 4) / Math.max(1, widest)));
        int header = BitmapFont.HEIGHT * text + 6;
        int cellH = h + 2 * BORDER + 4;
        int width = cellW * labels.size();
        int height = header + cellH * rows.size();
        List<BufferedImage> out = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            fill(img, 0, 0, width, height, 0xFFFFFF);
            for (int c = 0; c < labels.size(); c++) {
                String l = labels.get(c);
                int tw = BitmapFont.width(l, text);
                BitmapFont.draw(img, l, c * cellW + Math.max(0, (cellW - tw) / 2), 3, text, 0x000000);
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < labels.size(); c++) {
                    int x0 = c * cellW + 2;
                    int y0 = header + r * cellH + 2;
                    fill(img, x0, y0, w + 2 * BORDER, h + 2 * BORDER, t < markFrom ? CONTEXT_RGB : PREDICTED_RGB);
                    Clip clip = rows.get(r).get(c);
                    if (t < clip.frames()) {
                        Images.drawFrame(img, clip, t, x0 + BORDER, y0 + BORDER, scale);
                    } else {
                        fill(img, x0 + BORDER, y0 + BORDER, w, h, 0xFFFFFF);
                    }
                }
            }
            out.add(img);
        }
        return out;
    }

    /** Writes the GIF with {@code delayMillis} per frame, looping. */
    public void write(Path file, int delayMillis) throws IOException {
        GifWriter.write(file, render(), delayMillis, 0);
    }

    private static void fill(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
        int[] line = new int[w];
        Arrays.fill(line, rgb);
        for (int y = y0; y < y0 + h; y++) {
            img.setRGB(x0, y, w, 1, line, 0, w);
        }
    }
}
