package dev.rnn4j.train;

import dev.rnn4j.nn.Module;

/**
 * One training step's forward pass: model and batch in, loss out. The trainer clears gradients
 * before calling it, and does the backward pass, clipping and optimiser step after it.
 *
 * @param <M> the model type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface StepFunction<M extends Module, B> {
    StepResult step(M model, B batch);
}
