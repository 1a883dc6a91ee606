package io.nextframe.models.api;

import java.nio.charset.StandardCharsets;

/**
 * The seed of one clip, derived from the run seed and the clip's id (CONTRACTS §3, §5) so that a clip gets the
 * same samples whether it is predicted alone, inside a directory or a batch file, on any backend:
 * {@code clipSeed = splitmix64(runSeed ^ fnv1a64(utf8(clipId)))}. FNV-1a is fixed here forever: changing it would
 * change every user's samples for a given seed.
 */
public final class ClipSeeds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ClipSeeds() {
    }

    public static long of(long runSeed, String clipId) {
        long h = FNV_OFFSET;
        for (byte b : clipId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return splitmix64(runSeed ^ h);
    }

    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
