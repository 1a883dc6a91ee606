package io.nextframe.data.media;

import io.nextframe.data.AtomicFiles;
import io.nextframe.data.Clip;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes animated GIFs with javax.imageio: full frames, a configurable delay, looping forever (the NETSCAPE2.0
 * extension) or a given number of times. Grey clips are exact (256 grey levels); colour frames are reduced to a
 * 256-colour palette by the JDK's writer. Written to a temporary file and renamed.
 */
public final class GifWriter {
    private GifWriter() {
    }

    /** Writes {@code clip} with {@code delayMillis} per frame (rounded to GIF's 10 ms unit), looping forever. */
    public static void write(Path file, Clip clip, int delayMillis) throws IOException {
        write(file, frames(clip), delayMillis, 0);
    }

    /** The clip's frames as images (grey for one channel, RGB for three). */
    public static List<BufferedImage> frames(Clip clip) {
        int fs = clip.frameSize();
        BufferedImage[] out = new BufferedImage[clip.frames()];
        for (int t = 0; t < clip.frames(); t++) {
            out[t] = Images.fromFloats(java.util.Arrays.copyOfRange(clip.data(), t * fs, (t + 1) * fs),
                    clip.channels(), clip.height(), clip.width());
        }
        return List.of(out);
    }

    /**
     * Writes {@code frames} (all one size) with {@code delayMillis} per frame; {@code loops} = 0 loops forever,
     * n &gt; 0 plays n + 1 times in total (GIF's repeat count).
     */
    public static void write(Path file, List<BufferedImage> frames, int delayMillis, int loops) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("GifWriter: no frames to write to " + file);
        }
        if (delayMillis < 0 || delayMillis > 655_350) {
            throw new IllegalArgumentException("GifWriter: delay " + delayMillis + " ms; expected 0 … 655350");
        }
        if (loops < 0 || loops > 65_535) {
            throw new IllegalArgumentException("GifWriter: loop count " + loops + "; expected 0 … 65535");
        }
        int w = frames.getFirst().getWidth();
        int h = frames.getFirst().getHeight();
        for (BufferedImage f : frames) {
            if (f.getWidth() != w || f.getHeight() != h) {
                throw new IllegalArgumentException("GifWriter: frames of " + f.getWidth() + "×" + f.getHeight()
                        + " and " + w + "×" + h + "; all frames must have one size");
            }
        }
        AtomicFiles.write(file, os -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage img = frames.get(i);
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img),
                            null);
                    configure(meta, delayMillis, loops, i == 0);
                    writer.writeToSequence(new IIOImage(img, null, meta), null);
                }
                writer.endWriteSequence();
                out.flush();
            } finally {
                writer.dispose();
            }
        });
    }

    private static void configure(IIOMetadata meta, int delayMillis, int loops, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.round(delayMillis / 10f)));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, (byte) (loops & 0xFF), (byte) (loops >>> 8 & 0xFF)});
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
