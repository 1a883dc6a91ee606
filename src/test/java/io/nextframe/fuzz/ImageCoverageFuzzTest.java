package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;

import java.io.IOException;

/**
 * Coverage-guided fuzzing of the frame input: one target per container, so each corpus stays of one kind (the
 * reader dispatches on the extension, and ImageIO on the content). See {@link SafeTensorsCoverageFuzzTest}.
 */
class ImageCoverageFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void png(byte[] data) throws IOException {
        read(data, "png");
    }

    @FuzzTest(maxDuration = "60s")
    void gif(byte[] data) throws IOException {
        read(data, "gif");
    }

    @FuzzTest(maxDuration = "60s")
    void jpeg(byte[] data) throws IOException {
        read(data, "jpg");
    }

    private static void read(byte[] data, String ext) throws IOException {
        FuzzProperty.loadsOrRaises(data, ext, DataFormatException.class,
                file -> FrameReader.read(file, FrameOptions.asFound()));
    }
}
