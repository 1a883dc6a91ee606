package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.testing.AbstractBackendParityTest;

/** Every op case of the shared harness on opencl against reference, relative tolerance 1e-4. */
class OpenClParityTest extends AbstractBackendParityTest {

    @Override
    protected Backend candidate() {
        return OpenClTestSupport.backend();
    }

    @Override
    protected double baseTolerance() {
        return 1e-4;
    }
}
