package io.nextframe.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * Where one clip of a Spark job comes from, small enough to ship to executors: the clip itself is read there.
 * A plain class, not a record: Spark's Kryo 4 cannot serialise Java records.
 */
public final class ClipRef implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** How the executor reads the clip. */
    public enum Kind {
        /** a .gif file */
        GIF,
        /** a folder of frame images */
        FRAMES,
        /** a .npy file holding one clip */
        NPY,
        /** clip {@code index} of a batch .npy file */
        NPY_ITEM,
        /** clip {@code index} of a dataset's test split ({@code path} = its name or .npy file) */
        DATASET_ITEM,
        /** the bytes of an .npy file, from a Parquet table row */
        NPY_BYTES
    }

    final Kind kind;
    /** The clip id (CONTRACTS §5): seeds and output names derive from it. */
    final String id;
    /** File, folder or dataset name; null for {@link Kind#NPY_BYTES}. */
    final String path;
    /** Clip index inside a batch file or dataset; −1 otherwise. */
    final long index;
    /** {@link Kind#NPY_BYTES}: the .npy file's bytes. */
    final byte[] bytes;
    /** predict: the .npy file this clip's prediction goes to, or null. */
    String outNpy;
    /** predict: the .gif file this clip's prediction goes to, or null. */
    String outGif;
    /**
     * predict, a clip of a batch file: where the executor leaves its (K, F, C, H, W) floats for the driver, which
     * assembles the batch's single output file (byte-identical to the single-machine verb's) after the job.
     */
    String part;

    ClipRef(Kind kind, String id, String path, long index, byte[] bytes) {
        this.kind = kind;
        this.id = id;
        this.path = path;
        this.index = index;
        this.bytes = bytes;
    }

    ClipRef outputs(String npy, String gif, String partFile) {
        this.outNpy = npy;
        this.outGif = gif;
        this.part = partFile;
        return this;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return "ClipRef(" + kind + ", " + id + ")";
    }
}
