package io.nextframe.models.train;

import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;

/**
 * What a model family contributes to {@link TrainLoop}: the scalar loss of one batch, built on the autograd tape.
 * The loop owns everything else (scopes, backward, optimizer, schedule, checkpoints, logging).
 */
@FunctionalInterface
public interface StepLoss {
    /**
     * @param batch the (N, T, C, H, W) batch on the model's backend, freed after the step
     * @param step  the 0-based index of this step; randomness inside the step should derive from (seed, step)
     *              so that a resumed run draws the same numbers
     */
    Var loss(Tensor batch, long step);
}
