package io.nextframe.models.drnet;

import io.nextframe.data.SequenceRandom;

/**
 * The random choices of one training step, in the order train_drnet.py makes them: the discriminator's second
 * frame x[r] and the permutation of the first half of its batch (torch.randperm: any permutation, fixed points
 * included), then the joint update's x_c2, x_p1, x_p2 = x[r] (three independent draws). Every r is uniform in
 * 1 … max_step − 1 and shared by the whole batch, as {@code random.randint} in the script. The draws are a pure
 * function of (run seed, step) — Philox through {@link SequenceRandom} — so a resumed run draws the same frames.
 *
 * @param discFrame  r of the discriminator update (its first frame is x[0])
 * @param permutation the shuffled indices of the batch's first half (different-video pairs)
 * @param c2          r of x_c2 (the similarity target; x_c1 = x[0])
 * @param p1          r of x_p1 (the reconstructed frame and the adversarial pose)
 * @param p2          r of x_p2 (the second, detached pose of the adversarial term)
 */
public record DrnetDraws(int discFrame, int[] permutation, int c2, int p1, int p2) {
    private static final long SALT = 0xD12E7L;

    /** The draws of 0-based step {@code step} of a run with seed {@code seed}. */
    public static DrnetDraws of(long seed, long step, int maxStep, int batch) {
        SequenceRandom rng = new SequenceRandom(SequenceRandom.derive(seed, SALT), step);
        int disc = rng.nextInt(1, maxStep - 1);
        int half = batch / 2;
        int[] perm = new int[half];
        for (int i = 0; i < half; i++) {
            perm[i] = i;
        }
        for (int i = half - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int c2 = rng.nextInt(1, maxStep - 1);
        int p1 = rng.nextInt(1, maxStep - 1);
        int p2 = rng.nextInt(1, maxStep - 1);
        return new DrnetDraws(disc, perm, c2, p1, p2);
    }
}
