package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.testing.AbstractBackendParityTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The parity harness run against a second, separately opened reference instance: proves that every catalog case
 * passes the front's checks and runs, and that the reference backend is deterministic across instances.
 */
class ReferenceSelfParityTest extends AbstractBackendParityTest {
    private static final Backend SECOND = Backends.open("reference");

    @Override
    protected Backend candidate() {
        return SECOND;
    }

    @Override
    protected double baseTolerance() {
        return 0;
    }

    @AfterAll
    static void closeSecond() {
        SECOND.close();
    }
}
