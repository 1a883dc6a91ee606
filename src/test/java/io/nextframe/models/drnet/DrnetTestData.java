package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.spi.BackendProvider;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/** Tiny configurations and data shared by the DrNET tests. */
final class DrnetTestData {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private DrnetTestData() {
    }

    /** nf 4, content 8, pose 3, sd_nf 8, max_step 4, batch 4, lr 0.002: seconds per few steps on the reference. */
    static DrnetConfig tiny(String contentModel) {
        return DrnetConfig.code().withModels(contentModel, "dcgan", 3).withSizes(8, 3, 8, 4)
                .withTraining(4, 0.002, 4);
    }

    /** The DrNET coloured Moving MNIST, {@code frames} frames per clip, the first {@code clips} clips. */
    static ClipSource mmnist(int frames, int clips) throws IOException {
        return Datasets.open("drnet-mmnist", Datasets.Split.TRAIN, 3, Map.of("frames", Integer.toString(frames)))
                .limit(clips);
    }

    /** The OpenCL backend, or an aborted (skipped) test naming why it is unavailable. */
    static Backend openclOrSkip() {
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals("opencl")) {
                BackendProvider.Availability a = p.probe();
                if (!a.available()) {
                    System.out.println("SKIPPED: OpenCL backend unavailable: " + a.reason());
                }
                Assumptions.assumeTrue(a.available(), () -> "OpenCL backend unavailable: " + a.reason());
                return Backends.get("opencl");
            }
        }
        Assumptions.abort("no OpenCL provider on the class path");
        return null;
    }
}
