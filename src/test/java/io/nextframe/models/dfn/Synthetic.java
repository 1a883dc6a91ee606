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
}
