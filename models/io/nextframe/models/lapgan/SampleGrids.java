package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.media.PngGrid;

import java.util.List;

/** PNG grids of LAPGAN samples (each row a strip of images, drawn as the frames of a clip). */
public final class SampleGrids {

    private SampleGrids() {
    }

    /** {@code rows} × {@code cols} samples; with a conditional model row r uses class r mod classes. */
    public static PngGrid samples(Lapgan model, int rows, int cols, long seed) {
        LapganConfig cfg = model.config();
        PngGrid grid = new PngGrid();
        Backend be = model.backend();
        for (int r = 0; r < rows; r++) {
            int[] labels = null;
            if (cfg.classes() > 0) {
                labels = new int[cols];
                java.util.Arrays.fill(labels, r % cfg.classes());
            }
            try (Scope s = be.scope()) {
                Tensor t = model.sample(cols, labels, seed + r);
                grid.row(labels == null ? "" : "class " + labels[0], Clip.of(clamp(t)));
            }
        }
        return grid;
    }

    /**
     * The "vary the coarsest input with fixed noise" demo: one row per coarse image, showing that coarse image
     * upsampled to full size and then the sample refined from it with the same noise ({@code seed}) in every row.
     */
    public static PngGrid coarseVariation(Lapgan model, List<float[]> coarseImages, long seed) {
        LapganConfig cfg = model.config();
        int cs = cfg.coarseSide();
        int dim = cfg.channels() * cs * cs;
        PngGrid grid = new PngGrid();
        Backend be = model.backend();
        for (float[] c : coarseImages) {
            if (c.length != dim) {
                throw new IllegalArgumentException("SampleGrids.coarseVariation: a coarse image of " + c.length
                        + " values, expected " + cfg.channels() + "×" + cs + "×" + cs + " = " + dim);
            }
            try (Scope s = be.scope()) {
                Var coarse = Var.constant(be.fromFloats(Shape.of(1, cfg.channels(), cs, cs), c));
                Tensor up = model.resampler().up(coarse, cfg.side(), cfg.side()).value();
                Tensor refined = model.refine(coarse, null, seed);
                float[] both = new float[2 * cfg.channels() * cfg.side() * cfg.side()];
                float[] a = clamp(up).toFloatArray();
                System.arraycopy(a, 0, both, 0, a.length);
                System.arraycopy(clamp(refined).toFloatArray(), 0, both, a.length, a.length);
                grid.row("", new Clip(2, cfg.channels(), cfg.side(), cfg.side(), both));
            }
        }
        return grid;
    }

    /** Images in [0, 1] for display (samples may overshoot). */
    private static Tensor clamp(Tensor t) {
        return t.backend().unary(io.nextframe.core.ops.UnaryOp.CLAMP, 0f, 1f, t);
    }
}
