package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trajectory-distribution test against the generator itself and against an untrained model. */
class TrajectoryDistributionTest {
    private static final TrajectoryDistribution.Options OPTIONS = TrajectoryDistribution.Options.defaults()
            .withSizes(6, 40, 20, 40);

    @Test
    void theGeneratorItselfIsAtDistanceZero(@TempDir Path dir) throws Exception {
        int past = 5;
        var src = Sources.smmnist("smmnist-1", OPTIONS.dataSeed(), past + OPTIONS.steps());
        // the same streams as the reference, drawn as frames and tracked: exactly the reference's histograms
        var r = TrajectoryDistribution.run(Continuations.groundTruth(src, 0), past, OPTIONS);
        assertEquals(6, r.clips().size());
        int collided = 0;
        for (var c : r.clips()) {
            for (int s = 0; s < OPTIONS.steps(); s++) {
                assertEquals(0.0, c.tv()[s], "clip " + c.clip() + " step " + (s + 1));
                assertEquals(c.truthPeak()[s], c.modelPeak()[s]);
                assertTrue(Math.abs(c.kl()[s]) < 1e-3, "smoothed KL of equal histograms ≈ 0: " + c.kl()[s]);
            }
            collided += c.firstCollision() > 0 ? 1 : 0;
        }
        assertTrue(collided >= 3, collided + " clips collide within the horizon");
        assertEquals(1.0, r.truthDeltaBefore(), "the reference is a delta up to the first collision");
        assertTrue(r.truthPeakAfter() < 0.6, "and spreads after it: peak mass " + r.truthPeakAfter());
        assertEquals(0.0, r.tvBefore());
        assertEquals(0.0, r.tvAfter());
        // an independent sample of 40 is not the reference: the floor is 0 before the collision only
        assertEquals(0.0, r.floorBefore());
        assertTrue(r.floorAfter() > 0.1, "finite-sample floor after the collision: " + r.floorAfter());
        TrajectoryDistribution.write(r, "ground truth", dir);
        assertTrue(Files.size(dir.resolve("trajectory-distribution.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("trajectory-distribution.json")).contains("\"per_clip\":["));
    }

    @Test
    void anUntrainedModelIsFarFromTheTruth() throws Exception {
        Backend be = Backends.get("reference");
        var o = TrajectoryDistribution.Options.defaults().withSizes(2, 6, 3, 50);
        try (SvgModel model = new SvgModel(be, PriorSigmaTest.tiny(SvgKind.LP), 9)) {
            var r = TrajectoryDistribution.run(model, o);
            double mean = 0;
            for (double v : r.tv().mean()) {
                mean += v / r.tv().mean().length;
            }
            assertTrue(mean > 0.5, "untrained TV " + mean);
        }
    }

    @Test
    void twoDigitDataIsRefused() {
        var o = new TrajectoryDistribution.Options("smmnist", 1, 1, 1, 1, 1, 1, 1, SvgModel.BatchStats.RUNNING);
        assertThrows(IllegalArgumentException.class, () -> TrajectoryDistribution.run(Continuations.groundTruth(
                Sources.smmnist("smmnist", 1, 6), 0), 5, o));
    }
}
