package io.nextframe.core.ops;

/** Reductions over the axes where the output has size 1 and the input does not (keep-dims form). */
public enum ReduceOp {
    SUM, MEAN, MAX
}
