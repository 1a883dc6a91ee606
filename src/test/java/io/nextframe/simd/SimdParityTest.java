package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.testing.AbstractBackendParityTest;

/** Every case of the shared catalog on simd against the reference backend. */
class SimdParityTest extends AbstractBackendParityTest {

    @Override
    protected Backend candidate() {
        return Backends.get("simd");
    }
}
