package io.nextframe.core.autograd;

import io.nextframe.core.Shape;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.Test;

class ConvGradTest {

    @Test
    void conv1d() {
        ConvSpec spec = new ConvSpec(new int[] {2}, new int[] {1}, new int[] {1}, 1);
        new GradCheck(1).input(2, 3, 7).input(4, 3, 3).input(4)
                .check("conv1d", x -> F.conv(spec, x.get(0), x.get(1), x.get(2)));
    }

    @Test
    void conv2dStridePadDilationGroups() {
        ConvSpec spec = new ConvSpec(new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 2);
        new GradCheck(2).input(2, 4, 5, 7).input(6, 2, 3, 3).input(6)
                .check("conv2d", x -> F.conv(spec, x.get(0), x.get(1), x.get(2)));
    }

    @Test
    void conv3d() {
        ConvSpec spec = ConvSpec.of(3, 1, 1);
        new GradCheck(3).input(1, 2, 3, 4, 5).input(3, 2, 3, 3, 3).input(3)
                .check("conv3d", x -> F.conv(spec, x.get(0), x.get(1), x.get(2)));
    }

    @Test
    void convTranspose1d2d3dWithOutputPadding() {
        ConvSpec s1 = ConvSpec.of(1, 2, 1);
        new GradCheck(4).input(2, 3, 5).input(3, 2, 3).input(2)
                .check("convTranspose1d", x -> F.convTranspose(s1, x.get(0), x.get(1), x.get(2), 1));
        ConvSpec s2 = new ConvSpec(new int[] {2, 3}, new int[] {1, 0}, new int[] {1, 1}, 2);
        new GradCheck(5).input(1, 4, 3, 3).input(4, 3, 3, 2).input(6)
                .check("convTranspose2d grouped", x -> F.convTranspose(s2, x.get(0), x.get(1), x.get(2), 1, 2));
        ConvSpec s3 = ConvSpec.of(3, 2, 1);
        new GradCheck(6).input(1, 2, 2, 3, 2).input(2, 2, 3, 3, 3).input(2)
                .check("convTranspose3d", x -> F.convTranspose(s3, x.get(0), x.get(1), x.get(2), 0, 1, 1));
    }

    @Test
    void backwardOpsAreThemselvesDifferentiable() {
        ConvSpec spec = new ConvSpec(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        Shape xShape = Shape.of(2, 3, 5, 4);
        new GradCheck(7).input(2, 2, 3, 4).input(2, 3, 3, 3)
                .check("convBackwardData", x -> F.convBackwardData(spec, x.get(0), x.get(1), xShape));
        new GradCheck(8).input(2, 3, 5, 4).input(2, 2, 3, 4)
                .check("convBackwardWeight", x -> F.convBackwardWeight(spec, x.get(0), x.get(1),
                        Shape.of(2, 3, 3, 3)));
    }
}
