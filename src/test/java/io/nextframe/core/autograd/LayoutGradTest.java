package io.nextframe.core.autograd;

import org.junit.jupiter.api.Test;

import java.util.List;

class LayoutGradTest {

    @Test
    void reshapeAndFlatten() {
        new GradCheck(1).input(3, 4, 5).check("reshape", x -> F.reshape(x.get(0), 5, -1));
        new GradCheck(2).input(3, 4, 5).check("flatten", x -> F.flatten(x.get(0)));
    }

    @Test
    void permuteThenReshapeOfAView() {
        new GradCheck(3).input(3, 4, 5).check("permute", x -> F.permute(x.get(0), 2, 0, 1));
        new GradCheck(4).input(3, 4, 5).check("permute+reshape",
                x -> F.reshape(F.permute(x.get(0), 1, 2, 0), 4, 15));
    }

    @Test
    void sliceAndSelect() {
        new GradCheck(5).input(3, 7, 5).check("slice", x -> F.slice(x.get(0), 1, 2, 6));
        new GradCheck(6).input(3, 7, 5).check("select", x -> F.select(x.get(0), -1, 3));
        new GradCheck(7).input(3, 7, 5).check("product of overlapping slices",
                x -> F.mul(F.slice(F.slice(x.get(0), 0, 1, 3), 2, 0, 2),
                        F.slice(F.slice(x.get(0), 0, 0, 2), 2, 3, 5)));
    }

    @Test
    void concatAndStack() {
        new GradCheck(8).input(2, 3, 4).input(2, 1, 4).input(2, 5, 4)
                .check("concat", x -> F.concat(List.of(x.get(0), x.get(1), x.get(2)), 1));
        new GradCheck(9).input(3, 5).input(3, 5)
                .check("stack", x -> F.stack(List.of(x.get(0), x.get(1), x.get(0)), 1));
    }
}
