package io.nextframe.data;

import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyClips;
import io.nextframe.data.media.NpyType;
import io.nextframe.data.mnist.IdxFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated and truncated files of every format read here must either load or fail with a DataFormatException:
 * never another exception, a hang or an allocation sized by a corrupt header. (A short run; the long fuzz
 * campaign belongs to the reliability work.)
 */
class CorruptInputTest {
    @TempDir
    Path dir;

    @FunctionalInterface
    interface Reader {
        void read(Path p) throws IOException;
    }

    @Test
    void mutatedFilesFailCleanly() throws IOException {
        campaign(150);
    }

    /** The long campaign: 200,000 mutations of each of the five formats, 10⁶ inputs in all. */
    @Test
    @org.junit.jupiter.api.Tag("long")
    void millionMutatedFilesFailCleanly() throws IOException {
        campaign(200_000);
    }

    private void campaign(int perFormat) throws IOException {
        Clip clip = MediaTest.quantised(3, 1, 9, 7, 5);
        Path npy = dir.resolve("a.npy");
        Npy.writeClip(npy, clip, NpyType.FLOAT32, false);
        Path idx = dir.resolve("a.idx");
        new IdxFile(new int[] {3, 9, 7}, new byte[3 * 9 * 7]).write(idx, false);
        Path idxGz = dir.resolve("a.idx.gz");
        new IdxFile(new int[] {3, 9, 7}, new byte[3 * 9 * 7]).write(idxGz, true);
        Path gif = dir.resolve("a.gif");
        GifWriter.write(gif, clip, 40);
        Path png = dir.resolve("a.png");
        ImageIO.write(GifWriter.frames(clip).getFirst(), "png", png.toFile());

        fuzz(npy, p -> NpyClips.open(p).clip(0), perFormat);
        fuzz(idx, IdxFile::read, perFormat);
        fuzz(idxGz, IdxFile::read, perFormat);
        fuzz(gif, p -> FrameReader.readGif(p, FrameOptions.asFound()), perFormat);
        fuzz(png, p -> FrameReader.read(p, FrameOptions.asFound()), perFormat);
    }

    private void fuzz(Path valid, Reader reader, int count) throws IOException {
        byte[] good = Files.readAllBytes(valid);
        Random rnd = new Random(valid.getFileName().toString().hashCode());
        String name = valid.getFileName().toString();
        Path p = dir.resolve("m-" + name);
        for (int i = 0; i < count; i++) {
            byte[] bad;
            if (i % 3 == 0) {
                bad = Arrays.copyOf(good, rnd.nextInt(good.length));
            } else {
                bad = good.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    // bias towards headers, where sizes live
                    int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(64, bad.length)) : rnd.nextInt(bad.length);
                    bad[at] = (byte) rnd.nextInt(256);
                }
            }
            Files.write(p, bad);
            try {
                reader.read(p);
            } catch (DataFormatException expected) {
                // the clean failure
            } catch (Throwable t) {
                fail(name + " mutation " + i + " threw " + t, t);
            }
        }
    }
}
