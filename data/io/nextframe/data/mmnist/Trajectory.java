package io.nextframe.data.mmnist;

/**
 * Where each digit of one generated clip is drawn: the digit's index in the digit set, and the top-left corner
 * of its box at every frame, as the generator placed it (after any bounce). Element (t, n) is at {@code t·count + n}.
 *
 * @param frames frames in the clip
 * @param count  digits per clip
 * @param digit  the digit-set index of digit n (constant over the clip)
 * @param top    row of the box's top edge, per (t, n)
 * @param left   column of the box's left edge, per (t, n)
 * @param dy     for integer-velocity generators, the row velocity applied after drawing frame t; null otherwise
 * @param dx     the same for columns
 */
public record Trajectory(int frames, int count, int[] digit, int[] top, int[] left, int[] dy, int[] dx) {
    public int top(int t, int n) {
        return top[t * count + n];
    }

    public int left(int t, int n) {
        return left[t * count + n];
    }

    public int dy(int t, int n) {
        return dy[t * count + n];
    }

    public int dx(int t, int n) {
        return dx[t * count + n];
    }
}
