package io.nextframe.spark;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipConversion;
import io.nextframe.data.ClipSource;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.Datasets;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.NpyClips;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the clip a {@link ClipRef} points to, on the executor, exactly as the single-machine verbs read it
 * (the same readers, conversions and error messages), so that a clip gives the same numbers wherever it runs.
 */
final class ClipReader implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Dataset sources by (name, seed, options): generators are set up once per executor JVM. */
    private static final Map<String, ClipSource> DATASETS = new ConcurrentHashMap<>();
    /**
     * Open batch .npy files (memory-mapped, read-only, so shared by task threads), the most recent 16: a batch
     * file's clips are read by many tasks in a row; mapping it once per clip would map the whole array each time.
     */
    private static final Map<String, NpyClips> BATCH_FILES = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, NpyClips> eldest) {
                    return size() > 16;
                }
            });

    private final int channels;
    private final boolean convert;
    private final int height;
    private final int width;
    private final boolean resize;
    private final String layout;
    private final long dataSeed;
    /** Dataset options (frames, layout) for {@link ClipRef.Kind#DATASET_ITEM}. */
    private final HashMap<String, String> datasetOptions;

    ClipReader(FrameOptions frames, String layout, long dataSeed, Map<String, String> datasetOptions) {
        this.channels = frames.channels();
        this.convert = frames.convert();
        this.height = frames.height();
        this.width = frames.width();
        this.resize = frames.resize();
        this.layout = layout;
        this.dataSeed = dataSeed;
        this.datasetOptions = new HashMap<>(datasetOptions);
    }

    FrameOptions frames() {
        return new FrameOptions(channels, convert, height, width, resize);
    }

    Clip read(ClipRef ref) throws IOException {
        FrameOptions o = frames();
        return switch (ref.kind) {
            case GIF -> FrameReader.readGif(Path.of(ref.path), o);
            case FRAMES -> FrameReader.readDirectory(Path.of(ref.path), o);
            case NPY -> {
                NpyClips npy = NpyClips.open(Path.of(ref.path), layout);
                yield ClipConversion.apply(npy.clip(0), o, ref.path);
            }
            case NPY_ITEM -> ClipConversion.apply(batchFile(ref.path).clip(ref.index), o, ref.path + "#" + ref.index);
            case DATASET_ITEM -> {
                String key = ref.path + "\u0000" + dataSeed + "\u0000" + datasetOptions;
                ClipSource src = DATASETS.get(key);
                if (src == null) {
                    src = Datasets.open(ref.path, Datasets.Split.TEST, dataSeed, datasetOptions);
                    DATASETS.putIfAbsent(key, src);
                }
                yield ClipConversion.apply(src.clip(ref.index), o, ref.path + "#" + ref.index);
            }
            case NPY_BYTES -> readBytes(ref, o);
        };
    }

    private NpyClips batchFile(String path) throws IOException {
        Path p = Path.of(path);
        // keyed by modification time and size too: a file replaced between two jobs of one JVM is opened afresh
        String key = path + "\u0000" + layout + "\u0000" + Files.getLastModifiedTime(p).toMillis() + "\u0000"
                + Files.size(p);
        NpyClips f = BATCH_FILES.get(key);
        if (f == null) {
            f = NpyClips.open(p, layout);
            BATCH_FILES.put(key, f);
        }
        return f;
    }

    /** A table row's .npy bytes: one clip, (T,H,W) or (T,C,H,W) (or as {@code --layout} says). */
    private Clip readBytes(ClipRef ref, FrameOptions o) throws IOException {
        if (ref.bytes == null) {
            throw new DataFormatException("table row " + ref.id, "column npy is null");
        }
        Path tmp = Files.createTempFile("nextframe-row", ".npy");
        try {
            Files.write(tmp, ref.bytes);
            NpyClips npy;
            try {
                npy = NpyClips.open(tmp, layout);
            } catch (DataFormatException e) {
                throw new DataFormatException("table row " + ref.id, e.getMessage().replace(tmp.toString(), "npy"));
            }
            if (npy.size() != 1) {
                throw new DataFormatException("table row " + ref.id, "its npy holds a batch of " + npy.size()
                        + " clips; a table row holds one clip, (T,H,W) or (T,C,H,W)");
            }
            return ClipConversion.apply(npy.clip(0), o, "table row " + ref.id);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
