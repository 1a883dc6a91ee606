package io.nextframe.models.svg.analysis;

import io.nextframe.data.Clip;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.data.mmnist.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tracker, the collision reader and the generator's continuations, on the SM-MNIST test split. */
class TrackerAndContinuationTest {
    private static final int FRAMES = 30;

    @Test
    void trackerRecoversTheTruePositionsOnGroundTruthClips() throws Exception {
        StochasticMovingMnist src = Sources.smmnist("smmnist-1", 1, FRAMES);
        int frame = 64 * 64;
        for (long i = 0; i < 12; i++) {
            Trajectory tr = src.trajectory(i);
            Clip clip = src.clip(i);
            DigitTracker tracker = new DigitTracker(DigitTracker.cut(clip, 0, tr.top(0, 0), tr.left(0, 0), 32), 32,
                    64);
            for (int t = 0; t < FRAMES; t++) {
                int[] at = tracker.locate(clip.data(), t * frame);
                assertEquals(tr.top(t, 0), at[0], "clip " + i + " frame " + t + " top");
                assertEquals(tr.left(t, 0), at[1], "clip " + i + " frame " + t + " left");
            }
        }
    }

    @Test
    void trackerFindsAShiftedDigitAndRejectsBadInput() {
        float[] patch = new float[4 * 4];
        patch[5] = 1;
        patch[6] = 0.5f;
        patch[9] = 0.25f;
        DigitTracker t = new DigitTracker(patch, 4, 10);
        float[] frame = new float[100];
        // the patch drawn with its box at (top 3, left 5)
        frame[(3 + 1) * 10 + 5 + 1] = 1;
        frame[(3 + 1) * 10 + 5 + 2] = 0.5f;
        frame[(3 + 2) * 10 + 5 + 1] = 0.25f;
        assertArrayEquals(new int[] {3, 5}, t.locate(frame, 0));
        assertThrows(IllegalArgumentException.class, () -> new DigitTracker(new float[16], 4, 10));
        assertThrows(IllegalArgumentException.class, () -> new DigitTracker(new float[15], 4, 10));
        assertThrows(IllegalArgumentException.class, () -> t.locate(frame, 1));
    }

    @Test
    void collisionsAreTheFramesWhereTheBoxWasClamped() throws Exception {
        StochasticMovingMnist src = Sources.smmnist("smmnist", 1, 60);
        int hits = 0;
        for (long i = 0; i < 20; i++) {
            Trajectory tr = src.trajectory(i);
            for (int t = 1; t < tr.frames(); t++) {
                for (int n = 0; n < tr.count(); n++) {
                    boolean atWall = tr.top(t, n) == 0 || tr.top(t, n) == 31 || tr.left(t, n) == 0
                            || tr.left(t, n) == 31;
                    boolean newVelocity = tr.dy(t, n) != tr.dy(t - 1, n) || tr.dx(t, n) != tr.dx(t - 1, n);
                    if (Collisions.at(tr, t, n)) {
                        hits++;
                        assertTrue(atWall, "a bounce leaves the box at a wall");
                    } else {
                        assertFalse(newVelocity, "the velocity changes only at a bounce");
                    }
                }
            }
        }
        assertTrue(hits > 50, hits + " bounces");
    }

    @Test
    void deterministicContinuationIsTheTrajectoryItself() {
        // with deterministic bounces a continuation draws nothing: it must retrace the original exactly, which holds
        // only if continueFrom applies the very rules trajectory() does
        var src = new StochasticMovingMnist(StochasticMovingMnist.Config.svg(2).withFrames(80)
                .withMode(StochasticMovingMnist.Mode.DETERMINISTIC), io.nextframe.data.mnist.Mnist.bundled(
                io.nextframe.data.mnist.Mnist.Split.TEST).digits(32), 5);
        for (long i = 0; i < 5; i++) {
            Trajectory tr = src.trajectory(i);
            for (int f : new int[] {0, 4, 37}) {
                Trajectory c = src.continueFrom(tr, f, 80, 99);
                assertArrayEquals(tr.top(), c.top());
                assertArrayEquals(tr.left(), c.left());
                assertArrayEquals(tr.dy(), c.dy());
                assertArrayEquals(tr.dx(), c.dx());
            }
        }
    }

    @Test
    void continuationsKeepThePastAndDifferOnlyAfterTheFirstBounce() throws Exception {
        int past = 5, steps = 25;
        StochasticMovingMnist src = Sources.smmnist("smmnist-1", 1, past + steps);
        int checked = 0;
        for (long i = 0; i < 10; i++) {
            Trajectory tr = src.trajectory(i);
            List<Trajectory> cs = Continuations.truth(src, i, tr, past, steps, 0, 200);
            int hit = Collisions.firstFrom(cs.getFirst(), 0, past);
            for (Trajectory c : cs) {
                assertEquals(past + steps, c.frames());
                assertEquals(hit, Collisions.firstFrom(c, 0, past), "the first bounce is deterministic");
                for (int t = 0; t < past; t++) {
                    assertEquals(tr.top(t, 0), c.top(t, 0));
                    assertEquals(tr.left(t, 0), c.left(t, 0));
                }
            }
            if (hit < 0 || hit + 1 >= past + steps) {
                continue;
            }
            checked++;
            // displacement into frame t: a delta up to and including the bounce frame, spread right after it
            for (int t = past; t <= hit + 1; t++) {
                Set<List<Integer>> moves = new HashSet<>();
                for (Trajectory c : cs) {
                    moves.add(List.of(c.left(t, 0) - c.left(t - 1, 0), c.top(t, 0) - c.top(t - 1, 0)));
                }
                if (t <= hit) {
                    assertEquals(1, moves.size(), "clip " + i + " frame " + t + " before the bounce: " + moves);
                } else {
                    assertTrue(moves.size() >= 8, "clip " + i + " after the bounce at " + hit + ": " + moves);
                    for (List<Integer> m : moves) {
                        assertTrue(Math.abs(m.get(0)) <= 4 && Math.abs(m.get(1)) <= 4, "moves within ±4: " + m);
                    }
                }
            }
        }
        assertTrue(checked >= 3, checked + " clips with a bounce to check");
        Trajectory tr = src.trajectory(0);
        assertNotEquals(List.of(), Continuations.truth(src, 0, tr, past, steps, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> src.continueFrom(tr, past + steps, past + steps + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> src.continueFrom(tr, 4, 4, 0));
    }
}
