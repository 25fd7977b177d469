package dev.rnn4j.train;

import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * Called by the {@link Trainer} in every step after backward and before the gradients are checked,
 * clipped and applied: the seam for synchronous data parallelism, where each worker computes the
 * gradients of its shard of the global batch and the hook replaces them by their sum over all
 * workers (an all-reduce), so that every worker then clips and steps identically.
 *
 * <p>The hook runs in every step, also when this process's loss is not finite (backward is then
 * skipped and the gradients are those left by {@code zeroGrad()}: null or zero), so that every
 * worker takes part in every exchange; the trainer checks the returned loss and the gradients as
 * they are after the hook, so all workers skip or stop on the same steps.
 */
@FunctionalInterface
public interface GradientHook {

    /**
     * Reduces (or otherwise rewrites) the gradients of this step.
     *
     * @param parameters the optimiser's parameters, in the optimiser's order; a parameter's
     *                   {@link Tensor#grad()} is null when no gradient reached it, and a hook that
     *                   needs one there accumulates a zero gradient first
     *                   ({@code p.backward(Tensor.zeros(p.dtype(), p.shape()))})
     * @param loss       this process's loss of the step (NaN or infinite when not finite)
     * @param step       the 0-based global step
     * @return the loss the trainer records for the step (the global batch's loss when reducing)
     */
    double afterBackward(List<Tensor> parameters, double loss, long step);
}
