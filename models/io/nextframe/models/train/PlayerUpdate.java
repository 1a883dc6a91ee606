package io.nextframe.models.train;

import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Optimizer;

/**
 * One update of an auxiliary player that a family steps inside its {@link StepLoss} (a GAN's discriminator or
 * critic, registered with {@link TrainLoop#auxiliaryOptimizer}), with the checks the loop applies to its own update:
 * a NaN/Inf loss or gradient stops the run naming the step (and the first bad parameter) before the optimizer
 * spreads it into the weights.
 */
public final class PlayerUpdate {
    private PlayerUpdate() {
    }

    /**
     * Zeroes the optimizer's gradients, runs {@code loss}'s backward pass, checks the loss and the gradients of the
     * optimizer's parameters, steps and zeroes again; returns the loss value.
     *
     * @param step the 1-based step the update belongs to (named by the exceptions)
     * @throws NonFiniteLossException     when the loss is NaN or infinite (nothing was updated)
     * @throws NonFiniteGradientException when a gradient holds a NaN/Inf (nothing was updated)
     */
    public static double apply(Optimizer optimizer, Var loss, long step) {
        double value = loss.item();
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException(step, value);
        }
        optimizer.zeroGrad();
        loss.backward();
        try {
            GradientCheck.check(loss.value().backend(), optimizer.parameters(), step);
        } catch (NonFiniteGradientException e) {
            optimizer.zeroGrad();
            throw e;
        }
        optimizer.step();
        optimizer.zeroGrad();
        return value;
    }
}
