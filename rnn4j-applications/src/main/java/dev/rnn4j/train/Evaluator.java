package dev.rnn4j.train;

import dev.rnn4j.nn.Module;

import java.util.Map;

/**
 * Validation at the end of each epoch: the model (in eval mode, inside a no-grad scope) to metrics
 * by name. The trainer prefixes names with {@code val_} unless they already start with it, so
 * {@code accuracy} is logged and monitored as {@code val_accuracy}.
 *
 * @param <M> the model type
 */
@FunctionalInterface
public interface Evaluator<M extends Module> {
    Map<String, Double> evaluate(M model);
}
