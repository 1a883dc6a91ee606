package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Resamplers;
import io.nextframe.layers.losses.GradientPenalty;
import io.nextframe.models.lapgan.Lapgan;
import io.nextframe.models.lapgan.LapganConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same weights give the same outputs on reference and simd (float32 rounding apart). */
class BackendParityTest {
    private final Backend ref = Backends.get("reference");
    private final Backend simd = Backends.get("simd");

    private static void close(float[] a, float[] b, double tol, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], tol * Math.max(1, Math.abs(a[i])), what + "[" + i + "]");
        }
    }

    @Test
    void twoStreamGeneratorCriticAndPenalty(@TempDir Path dir) throws Exception {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        Path g = dir.resolve("g.safetensors"), d = dir.resolve("d.safetensors");
        try (TwoStreamGenerator g0 = new TwoStreamGenerator(ref, cfg, new Rng(1));
             VideoCritic d0 = new VideoCritic(ref, cfg, new Rng(2))) {
            Checkpoint.save(g, g0, Map.of());
            Checkpoint.save(d, d0, Map.of());
        }
        float[][] out = new float[2][], score = new float[2][];
        double[] gp = new double[2];
        Backend[] bes = {ref, simd};
        for (int k = 0; k < 2; k++) {
            Backend be = bes[k];
            try (TwoStreamGenerator gen = new TwoStreamGenerator(be, cfg, new Rng(9));
                 VideoCritic critic = new VideoCritic(be, cfg, new Rng(9)); Scope s = be.scope()) {
                Checkpoint.load(g, gen, true);
                Checkpoint.load(d, critic, true);
                Tensor z = be.zeros(2, cfg.noise());
                be.fillRandom(io.nextframe.core.ops.Distribution.NORMAL, 4, 0, 0, 0f, 1f, z);
                Var video = gen.generate(Var.constant(z)).video();
                out[k] = video.value().toFloatArray();
                score[k] = critic.forward(video).value().toFloatArray();
                Var real = Var.constant(VideoGanTest.movingSquares(be, DType.F32, 2, 1, 8, 16, 1));
                gp[k] = GradientPenalty.of(critic::forward, real, video, 10f, 1, 1, 0).item();
            }
        }
        close(out[0], out[1], 1e-4, "video");
        close(score[0], score[1], 1e-3, "score");
        assertEquals(gp[0], gp[1], 1e-3 * Math.max(1, Math.abs(gp[0])), "penalty");
    }

    @Test
    void lapganSamples(@TempDir Path dir) throws Exception {
        LapganConfig cfg = LapganConfig.tiny(2);
        Path f = dir.resolve("l.safetensors");
        try (Lapgan m = new Lapgan(ref, cfg, Resamplers.binomial5(), new Rng(1))) {
            Checkpoint.save(f, m, Map.of());
        }
        float[][] out = new float[2][];
        Backend[] bes = {ref, simd};
        for (int k = 0; k < 2; k++) {
            try (Lapgan m = new Lapgan(bes[k], cfg, Resamplers.binomial5(), new Rng(5)); Scope s = bes[k].scope()) {
                Checkpoint.load(f, m, true);
                out[k] = m.sample(3, new int[] {0, 1, 0}, 2).toFloatArray();
            }
        }
        close(out[0], out[1], 1e-4, "samples");
    }
}
