package io.nextframe.data.media;

import io.nextframe.data.Clip;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.InputFiles;
import io.nextframe.data.Resize;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads real video as a {@link Clip}: a directory of PNG/JPEG (or BMP) frames in natural name order, or the frames
 * of an animated GIF (composited as a viewer shows them: sub-frame offsets, transparency and disposal methods).
 * Frames are converted and resized as {@link FrameOptions} allow; every problem — a missing directory, a file that
 * is not an image, frames of different sizes without resizing, no frames — is a {@link DataFormatException} naming
 * the file.
 */
public final class FrameReader {
    /** Frame files read from a directory. */
    public static final List<String> FRAME_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");
    /** Images larger than this many pixels per side are refused before decoding. */
    public static final int MAX_SIDE = 1 << 14;
    /**
     * Images with more pixels than this (4096 × 4096) are refused before decoding. Decoders fill a truncated file with
     * blank pixels, so the header alone sets the cost: with the former cap of 2²⁶, fuzzing found a 682-byte JPEG
     * declaring 7913 × 7913 pixels that took 9 s and ~1 GB to read.
     */
    public static final long MAX_PIXELS = 1L << 24;
    /** GIFs with more frames than this are refused. */
    public static final int MAX_FRAMES = 100_000;
    /**
     * Decoded pixels of one clip, all frames together (1080p: 32 frames; 64×64: 16 384), checked before decoding.
     * Needed because a GIF's frames are composited onto its whole logical screen: a 1.5 KB file of 64 one-pixel
     * frames on an 8192×8192 screen otherwise decodes to 16 GB.
     */
    public static final long MAX_CLIP_PIXELS = 1L << 26;

    private FrameReader() {
    }

    /** A directory of frames, or a .gif file. */
    public static Clip read(Path path, FrameOptions options) throws IOException {
        if (Files.isDirectory(path)) {
            return readDirectory(path, options);
        }
        String ext = extension(path);
        if (ext.equals("gif")) {
            return readGif(path, options);
        }
        if (FRAME_EXTENSIONS.contains(ext)) {
            return assemble(path.toString(), List.of(decode(path)), List.of(path.toString()), options);
        }
        InputFiles.requireReadableFile(path, "a directory of frames or a .gif file");
        throw new DataFormatException(path, "unsupported file type '." + ext
                + "'; expected a directory of frames, a .gif, or one of " + FRAME_EXTENSIONS);
    }

    /** Every file of {@code dir} must be a frame image; hidden files (starting with '.') are skipped. */
    public static Clip readDirectory(Path dir, FrameOptions options) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, Files.exists(dir) ? "not a directory; expected a directory of frames"
                    : "no such directory; expected a directory of frames");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(files::add);
        }
        files.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()));
        if (files.isEmpty()) {
            throw new DataFormatException(dir, "holds no frames; expected image files " + FRAME_EXTENSIONS);
        }
        List<BufferedImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long pixels = 0;
        for (Path f : files) {
            if (Files.isDirectory(f) || !FRAME_EXTENSIONS.contains(extension(f))) {
                throw new DataFormatException(f, "not a frame image; a frame directory may hold only "
                        + FRAME_EXTENSIONS + " files");
            }
            BufferedImage img = decode(f);
            pixels += (long) img.getWidth() * img.getHeight();
            if (pixels > MAX_CLIP_PIXELS) {
                throw new DataFormatException(dir, "its first " + (images.size() + 1) + " frames hold " + pixels
                        + " pixels; at most " + MAX_CLIP_PIXELS + " decoded pixels per clip are accepted");
            }
            images.add(img);
            names.add(f.toString());
        }
        return assemble(dir.toString(), images, names, options);
    }

    /** The frames of an animated (or still) GIF, composited onto its logical screen. */
    public static Clip readGif(Path file, FrameOptions options) throws IOException {
        InputFiles.requireReadableFile(file, "a .gif file");
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, false);
                IIOMetadataNode screen = node(reader.getStreamMetadata(), "javax_imageio_gif_stream_1.0",
                        "LogicalScreenDescriptor");
                int count = reader.getNumImages(true);
                if (count <= 0) {
                    throw new DataFormatException(file, "a GIF without frames");
                }
                if (count > MAX_FRAMES) {
                    throw new DataFormatException(file, count + " GIF frames; at most " + MAX_FRAMES + " accepted");
                }
                int sw = screen == null ? reader.getWidth(0) : Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
                int sh = screen == null ? reader.getHeight(0) : Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
                checkSide(file, sw, sh);
                if ((long) count * sw * sh > MAX_CLIP_PIXELS) {
                    throw new DataFormatException(file, count + " GIF frames on a " + sw + "×" + sh + " screen decode "
                            + "to " + (long) count * sw * sh + " pixels; at most " + MAX_CLIP_PIXELS
                            + " decoded pixels per clip are accepted");
                }
                BufferedImage canvas = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_ARGB);
                List<BufferedImage> frames = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    checkSide(file, reader.getWidth(i), reader.getHeight(i));
                    BufferedImage part = reader.read(i);
                    IIOMetadata meta = reader.getImageMetadata(i);
                    IIOMetadataNode desc = node(meta, "javax_imageio_gif_image_1.0", "ImageDescriptor");
                    IIOMetadataNode gce = node(meta, "javax_imageio_gif_image_1.0", "GraphicControlExtension");
                    int x0 = desc == null ? 0 : Integer.parseInt(desc.getAttribute("imageLeftPosition"));
                    int y0 = desc == null ? 0 : Integer.parseInt(desc.getAttribute("imageTopPosition"));
                    String disposal = gce == null ? "none" : gce.getAttribute("disposalMethod");
                    BufferedImage before = disposal.equals("restoreToPrevious") ? copy(canvas) : null;
                    Graphics2D g = canvas.createGraphics();
                    g.drawImage(part, x0, y0, null);
                    g.dispose();
                    frames.add(copy(canvas));
                    names.add(file + "#" + i);
                    if (disposal.equals("restoreToBackgroundColor")) {
                        Graphics2D c = canvas.createGraphics();
                        c.setComposite(java.awt.AlphaComposite.Clear);
                        c.fillRect(x0, y0, part.getWidth(), part.getHeight());
                        c.dispose();
                    } else if (before != null) {
                        canvas = before;
                    }
                }
                return assemble(file.toString(), frames, names, options);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (javax.imageio.IIOException | RuntimeException e) {
            // ImageIO's decoders signal corrupt input with assorted runtime exceptions too
            throw new DataFormatException(file, "not a readable GIF (" + e + ")", e);
        }
    }

    private static IIOMetadataNode node(IIOMetadata meta, String format, String name) {
        if (meta == null) {
            return null;
        }
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        var list = root.getElementsByTagName(name);
        return list.getLength() == 0 ? null : (IIOMetadataNode) list.item(0);
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        out.setData(src.getData());
        return out;
    }

    /** Decodes one PNG/JPEG/BMP file, refusing huge dimensions before the pixels are allocated. */
    static BufferedImage decode(Path f) throws IOException {
        InputFiles.requireReadableFile(f, "an image file");
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(f, "not a decodable image; expected PNG, JPEG or BMP content");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSide(f, reader.getWidth(0), reader.getHeight(0));
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (javax.imageio.IIOException | RuntimeException e) {
            throw new DataFormatException(f, "a corrupt or truncated image (" + e + ")", e);
        }
    }

    private static void checkSide(Path f, int w, int h) {
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new DataFormatException(f, "image of " + w + "×" + h + " pixels; expected sides in 1 … " + MAX_SIDE
                    + " and at most " + MAX_PIXELS + " pixels");
        }
    }

    /** Converts decoded frames to a clip under {@code options}. */
    static Clip assemble(String source, List<BufferedImage> images, List<String> names, FrameOptions options) {
        if (images.isEmpty()) {
            throw new DataFormatException(source, "no frames");
        }
        int h0 = images.getFirst().getHeight();
        int w0 = images.getFirst().getWidth();
        int th = options.height() > 0 ? options.height() : h0;
        int tw = options.width() > 0 ? options.width() : w0;
        boolean gray = true;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if ((img.getHeight() != th || img.getWidth() != tw) && !options.resize()) {
                String why = img.getHeight() != h0 || img.getWidth() != w0
                        ? "frames of different sizes (the first is " + w0 + "×" + h0 + ")"
                        : "the required size is " + tw + "×" + th;
                throw new DataFormatException(names.get(i), "frame of " + img.getWidth() + "×" + img.getHeight()
                        + " pixels but " + why + "; allow resizing to read it");
            }
            gray &= Images.isGray(img);
        }
        int found = gray ? 1 : 3;
        int c = options.channels() == 0 ? found : options.channels();
        if (c == 1 && found == 3 && !options.convert()) {
            throw new DataFormatException(source, "colour frames but one channel (grey) is required; "
                    + "allow conversion to read them as luma");
        }
        Clip clip = Clip.zeros(images.size(), c, th, tw);
        int fs = clip.frameSize();
        for (int t = 0; t < images.size(); t++) {
            BufferedImage img = images.get(t);
            float[] px = Images.toFloats(img, c);
            if (img.getHeight() != th || img.getWidth() != tw) {
                px = Resize.bilinear(px, c, img.getHeight(), img.getWidth(), th, tw);
            }
            System.arraycopy(px, 0, clip.data(), t * fs, fs);
        }
        return clip;
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
