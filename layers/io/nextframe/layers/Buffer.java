package io.nextframe.layers;

import io.nextframe.core.Tensor;

/**
 * Non-trainable state saved in the state dict (BatchNorm's running statistics). An optional buffer may be absent
 * from a loaded state dict without error (num_batches_tracked, which old PyTorch versions did not write).
 */
public final class Buffer {
    private Tensor value;
    private final boolean optional;

    Buffer(Tensor value, boolean optional) {
        this.value = value.backend().unscoped(value);
        this.optional = optional;
    }

    public Tensor value() {
        return value;
    }

    public boolean optional() {
        return optional;
    }

    void replace(Tensor t) {
        Tensor old = value;
        value = t.backend().unscoped(t);
        old.close();
    }

    void close() {
        value.close();
    }
}
