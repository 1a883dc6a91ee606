package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.media.NpyClips;
import io.nextframe.data.media.NpyFile;

import java.io.IOException;

/**
 * Coverage-guided fuzzing of the .npy reader and of its clip layouts (what {@code predict --input x.npy} reads);
 * see {@link SafeTensorsCoverageFuzzTest}.
 */
class NpyCoverageFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void openAndReadClips(byte[] data) throws IOException {
        FuzzProperty.loadsOrRaises(data, "npy", DataFormatException.class, file -> {
            NpyFile f = NpyFile.open(file);
            if (f.count() <= 1 << 20) {
                f.readAll();
            }
            NpyClips clips = NpyClips.open(file);
            for (long i = 0; i < Math.min(clips.size(), 3); i++) {
                clips.clip(i);
            }
        });
    }
}
