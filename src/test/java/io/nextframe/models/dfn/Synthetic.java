package io.nextframe.models.dfn;

/** Tiny synthetic clips for DFN tests: bright squares moving one pixel per frame, (N, T, 1, S, S) floats. */
final class Synthetic {

    private Synthetic() {
    }

    static float[] movingSquares(int n, int t, int side, int seed) {
        float[] d = new float[n * t * side * side];
        for (int i = 0; i < n; i++) {
            int y0 = (3 * i + seed) % (side - 4), x0 = (5 * i + 2 * seed) % (side - 4);
            int dy = (i + seed) % 2 == 0 ? 1 : -1, dx = 1;
            for (int f = 0; f < t; f++) {
                int y = Math.floorMod(y0 + dy * f, side - 3), x = Math.floorMod(x0 + dx * f, side - 3);
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        d[((i * t + f) * side + y + a) * side + x + b] = 1f;
                    }
                }
            }
        }
        return d;
    }

    /** {@code count} clips of moving squares, clip i drawn with seed i. */
    static io.nextframe.data.ClipSource source(int count, int frames, int side) {
        return new io.nextframe.data.ClipSource() {
            public long size() { return count; }
            public io.nextframe.data.Clip clip(long i) {
                return new io.nextframe.data.Clip(frames, 1, side, side, movingSquares(1, frames, side, (int) i));
            }
            public int frames() { return frames; }
            public int channels() { return 1; }
            public int height() { return side; }
            public int width() { return side; }
        };
    }
}
