package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.mnist.IdxFile;

import java.io.IOException;

/** Coverage-guided fuzzing of the IDX (MNIST) reader, plain and gzipped; see {@link SafeTensorsCoverageFuzzTest}. */
class IdxCoverageFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) throws IOException {
        FuzzProperty.loadsOrRaises(data, "idx", DataFormatException.class, IdxFile::read);
    }
}
