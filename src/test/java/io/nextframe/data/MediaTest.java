package io.nextframe.data;

import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.Images;
import io.nextframe.data.media.NaturalOrder;
import io.nextframe.data.media.PngGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaTest {
    @TempDir
    Path dir;

    /** A clip whose values are multiples of 1/255 (exact through 8-bit formats). */
    static Clip quantised(int t, int c, int h, int w, int salt) {
        Clip clip = Clip.zeros(t, c, h, w);
        float[] d = clip.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = ((i * 31 + salt * 7) % 256) / 255f;
        }
        return clip;
    }

    @Test
    void greyGifRoundTripsExactly() throws IOException {
        Clip clip = quantised(5, 1, 16, 12, 1);
        Path f = dir.resolve("g.gif");
        GifWriter.write(f, clip, 120);
        Clip back = FrameReader.readGif(f, FrameOptions.asFound());
        assertEquals(1, back.channels());
        assertArrayEquals(clip.data(), back.data());
        byte[] bytes = Files.readAllBytes(f);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "loops");
    }

    @Test
    void colourGifWithFewColoursRoundTrips() throws IOException {
        Clip clip = Clip.zeros(3, 3, 8, 8);
        for (int t = 0; t < 3; t++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int k = (x + y + t) % 4;
                    clip.data()[clip.index(t, 0, y, x)] = k == 1 ? 1 : 0;
                    clip.data()[clip.index(t, 1, y, x)] = k == 2 ? 1 : 0;
                    clip.data()[clip.index(t, 2, y, x)] = k == 3 ? 1 : k == 0 ? 51 / 255f : 0;
                }
            }
        }
        Path f = dir.resolve("c.gif");
        GifWriter.write(f, clip, 50);
        Clip back = FrameReader.readGif(f, FrameOptions.asFound());
        assertEquals(3, back.channels());
        assertArrayEquals(clip.data(), back.data(), 1e-6f);
        Clip grey = FrameReader.readGif(f, FrameOptions.convertTo(1, 4, 4));
        assertEquals(1, grey.channels());
        assertEquals(4, grey.height());
        assertThrows(DataFormatException.class, () -> FrameReader.readGif(f,
                new FrameOptions(1, false, 0, 0, false)), "RGB into grey needs conversion");
    }

    @Test
    void pngDirectoryReadsInNaturalOrder() throws IOException {
        Clip clip = quantised(12, 3, 6, 7, 2);
        Path frames = Files.createDirectory(dir.resolve("frames"));
        List<BufferedImage> imgs = GifWriter.frames(clip);
        for (int t = 0; t < 12; t++) {
            ImageIO.write(imgs.get(t), "png", frames.resolve("frame" + t + ".png").toFile());
        }
        Files.writeString(frames.resolve(".DS_Store"), "hidden files are skipped");
        Clip back = FrameReader.read(frames, FrameOptions.asFound());
        assertEquals(12, back.frames());
        assertArrayEquals(clip.data(), back.data());
        Clip small = FrameReader.read(frames, FrameOptions.convertTo(1, 3, 3));
        assertEquals(3, small.width());
        assertEquals(1, small.channels());
    }

    @Test
    void badFrameDirectoriesAreNamedErrors() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(DataFormatException.class, () -> FrameReader.read(empty, FrameOptions.asFound()))
                .getMessage().contains("no frames"));
        assertThrows(DataFormatException.class, () -> FrameReader.read(dir.resolve("absent"), FrameOptions.asFound()));

        Path mixed = Files.createDirectory(dir.resolve("mixed"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", mixed.resolve("1.png").toFile());
        Files.writeString(mixed.resolve("notes.txt"), "x");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> FrameReader.read(mixed, FrameOptions.asFound()));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        Files.delete(mixed.resolve("notes.txt"));

        Files.writeString(mixed.resolve("2.png"), "not really a png");
        e = assertThrows(DataFormatException.class, () -> FrameReader.read(mixed, FrameOptions.asFound()));
        assertTrue(e.getMessage().contains("2.png"), e.getMessage());

        ImageIO.write(new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY), "png", mixed.resolve("2.png").toFile());
        e = assertThrows(DataFormatException.class, () -> FrameReader.read(mixed, FrameOptions.asFound()));
        assertTrue(e.getMessage().contains("2.png") && e.getMessage().contains("different sizes"), e.getMessage());
        Clip resized = FrameReader.read(mixed, new FrameOptions(0, false, 0, 0, true));
        assertEquals(4, resized.width(), "resized to the first frame's size");

        Path gif = dir.resolve("fake.gif");
        Files.writeString(gif, "GIF89a but not really");
        assertThrows(DataFormatException.class, () -> FrameReader.read(gif, FrameOptions.asFound()));
    }

    @Test
    void pngGridHasOneCellPerFrameAndLabels() throws IOException {
        Clip truth = quantised(4, 1, 8, 8, 3);
        Clip sample = quantised(4, 3, 8, 8, 4);
        Path f = dir.resolve("grid.png");
        new PngGrid().padding(1).scale(2).row("GT", truth).row("S1", sample).write(f);
        BufferedImage img = ImageIO.read(f.toFile());
        BufferedImage unlabelled = new PngGrid().padding(1).scale(2).row(null, truth).row(null, sample).render();
        assertEquals(1 + 4 * (16 + 1), unlabelled.getWidth());
        assertEquals(1 + 2 * (16 + 1), unlabelled.getHeight());
        assertTrue(img.getWidth() > unlabelled.getWidth(), "labels take a column");
        int labelColumn = img.getWidth() - unlabelled.getWidth();
        // cell (row 1, t = 2), pixel (3, 5) scaled ×2
        int x = labelColumn + 1 + 2 * 17 + 5 * 2;
        int y = 1 + 17 + 3 * 2;
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        assertEquals(Images.toByte(sample.get(2, 0, 3, 5)), rgb >>> 16);
        assertEquals(Images.toByte(sample.get(2, 2, 3, 5)), rgb & 0xFF);
        boolean anyText = false;
        for (int yy = 0; yy < img.getHeight(); yy++) {
            for (int xx = 0; xx < labelColumn; xx++) {
                anyText |= (img.getRGB(xx, yy) & 0xFFFFFF) == 0;
            }
        }
        assertTrue(anyText, "label pixels drawn");
    }

    @Test
    void outputErrorsLeaveNothingBehind() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> AtomicFiles.write(target, false, out -> out.write(1)));
        AtomicFiles.write(target, true, out -> out.write('n'));
        assertEquals("n", Files.readString(target));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
        assertThrows(IllegalArgumentException.class, () -> GifWriter.write(dir.resolve("x.gif"), List.of(), 10, 0));
        assertFalse(Files.exists(dir.resolve("x.gif")));
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        List<String> names = new ArrayList<>(List.of("f10.png", "f2.png", "f1.png", "f01.png", "a.png"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("a.png", "f01.png", "f1.png", "f2.png", "f10.png"), names);
    }

    @Test
    void sixteenBitGreyPngKeepsItsValues() throws IOException {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < 12; i++) {
            img.getRaster().setSample(i % 4, i / 4, 0, i * 5000);
        }
        Path frames = Files.createDirectory(dir.resolve("g16"));
        ImageIO.write(img, "png", frames.resolve("0.png").toFile());
        Clip c = FrameReader.read(frames, FrameOptions.asFound());
        assertEquals(1, c.channels());
        for (int i = 0; i < 12; i++) {
            assertEquals(i * 5000 / 65535f, c.data()[i], 1e-6f);
        }
        Clip rgb = FrameReader.read(frames, new FrameOptions(3, true, 0, 0, false));
        assertEquals(11 * 5000 / 65535f, rgb.get(0, 2, 2, 3), 1e-6f);
    }

    @Test
    void tilingPutsClipsSideBySideAndHoldsTheLastFrame() {
        Clip grey = quantised(2, 1, 4, 3, 1);
        Clip rgb = quantised(3, 3, 4, 5, 2);
        Clip t = io.nextframe.data.media.Tiling.sideBySide(List.of(grey, rgb), 1, 1f);
        assertEquals(3, t.frames());
        assertEquals(3, t.channels());
        assertEquals(3 + 1 + 5, t.width());
        assertEquals(grey.get(1, 0, 2, 2), t.get(2, 1, 2, 2), "grey repeated into RGB, last frame held");
        assertEquals(1f, t.get(0, 0, 0, 3), "padding");
        assertEquals(rgb.get(2, 2, 3, 4), t.get(2, 2, 3, 8));
    }

    @Test
    void gifSubFramesFromPillowAreComposited() throws Exception {
        for (String name : List.of("pil_moving_square.gif", "pil_moving_square_disposal2.gif")) {
            Path gif = Path.of(MediaTest.class.getResource("gif/" + name).toURI());
            Clip c = FrameReader.readGif(gif, FrameOptions.asFound());
            assertEquals(4, c.frames(), name);
            assertEquals(1, c.channels(), name);
            assertEquals(16, c.width(), name);
            for (int t = 0; t < 4; t++) {
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean square = y >= 2 + t && y < 5 + t && x >= 1 + 3 * t && x < 4 + 3 * t;
                        float expected = square ? 1f : y == 0 && x == 0 ? 128 / 255f : 0f;
                        assertEquals(expected, c.get(t, 0, y, x), 1e-6f, name + " t=" + t + " (" + y + ", " + x + ")");
                    }
                }
            }
        }
    }
}
