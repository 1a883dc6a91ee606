package io.nextframe.tools;

import io.nextframe.core.Philox;

/**
 * The demo's data: a 4×4 square bouncing inside a size×size frame. Pair i of batch {@code step} depends only on
 * (seed, step, i), so every backend trains on the same frames.
 */
final class BouncingSquares {
    private static final int SIDE = 4;

    private BouncingSquares() {
    }

    /** {frames at t, frames at t+1}, each batch·size·size floats in {0, 1}. */
    static float[][] batch(long seed, int step, int batch, int size) {
        float[] now = new float[batch * size * size], next = new float[batch * size * size];
        int free = size - SIDE;
        for (int i = 0; i < batch; i++) {
            long index = ((long) step * batch + i) * 4;
            int y = (int) (Philox.uniform(seed, 99, index) * (free + 1));
            int x = (int) (Philox.uniform(seed, 99, index + 1) * (free + 1));
            int dy = Philox.uniform(seed, 99, index + 2) < 0.5f ? -1 : 1;
            int dx = Philox.uniform(seed, 99, index + 3) < 0.5f ? -2 : 2;
            draw(now, i, size, y, x);
            int ny = bounce(y + dy, free), nx = bounce(x + dx, free);
            draw(next, i, size, ny, nx);
        }
        return new float[][] {now, next};
    }

    private static int bounce(int p, int free) {
        if (p < 0) {
            return -p;
        }
        return p > free ? 2 * free - p : p;
    }

    private static void draw(float[] frames, int i, int size, int y, int x) {
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                frames[(i * size + y + r) * size + x + c] = 1f;
            }
        }
    }
}
