package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.MemoryBudget;
import io.nextframe.core.MemoryBudgetExceededException;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The guards every model family's loading runs under, so that a model file stays data: whatever its metadata says,
 * loading it either succeeds or raises {@link ModelFormatException} naming the file.
 * <ul>
 * <li>The families report a metadata value they cannot use, or weights that do not fit the config, with an
 * {@link IllegalArgumentException}; at this boundary that is a fault of the file, and is rethrown as one.</li>
 * <li>Memory: a config is turned into parameter tensors before their shapes can be compared with the file's, so a
 * 70 KB file saying {@code nf=100000} would have the loader allocate 360 GB. Loading is therefore limited
 * ({@link Backend#limitAllocations}) to {@value #WEIGHT_FACTOR}× the file's weights as float32 plus
 * {@value #SLACK_MIB} MiB — room for parameters, buffers and packed copies of any model the file can hold.</li>
 * </ul>
 */
final class ModelLoading {
    static final int WEIGHT_FACTOR = 4;
    static final int SLACK_MIB = 64;

    private ModelLoading() {
    }

    @FunctionalInterface
    interface Loader<T> {
        T load() throws IOException;
    }

    static <T> T guarded(Path file, String kind, Backend backend, Loader<T> loader) throws IOException {
        long weights = weightBytesAsF32(file);
        long limit = WEIGHT_FACTOR * weights + ((long) SLACK_MIB << 20);
        try (AutoCloseable ignored = backend.limitAllocations(limit, "loading " + file)) {
            return loader.load();
        } catch (MemoryBudgetExceededException e) {
            if (!e.allocationLimit()) {
                throw e; // the backend's own budget: a resource limit, not a fault of the file
            }
            throw new ModelFormatException(file, "its metadata describes a '" + kind + "' model larger than its "
                    + MemoryBudget.format(weights) + " of weights (as float32) can hold: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "does not hold a loadable '" + kind + "' model: " + e.getMessage(), e);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing an allocation limit", e); // the handle's close throws nothing
        }
    }

    /** The file's tensors as float32 bytes (what a backend holds after loading them). */
    static long weightBytesAsF32(Path file) throws IOException {
        long total = 0;
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            for (String name : f.names()) {
                total += 4 * f.entry(name).elements();
            }
        }
        return total;
    }
}
