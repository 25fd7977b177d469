package dev.rnn4j.explain;

import dev.rnn4j.tensor.Tensor;

/**
 * The differentiable function an {@link Attributions} computation explains: one scalar per input sequence of
 * L positions of D values, such as a class probability of the networks or one forecast value.
 *
 * <p>Implementations read network copies that nothing else uses or whose parameters do not require
 * gradients, so that a backward pass through {@link #evaluate} writes only into the graph the call built.
 */
public interface ScalarOutput {

    /**
     * The outputs of a batch of sequences.
     *
     * @param inputs (N, L, D) with L ≥ 1; gradients reach it when it requires them
     * @return (N) one output per sequence
     */
    Tensor evaluate(Tensor inputs);

    /**
     * True when occlusion removes a position (the sequence gets shorter: a token left out of a text); false when
     * it replaces the position's values by the baseline's (a time step in a fixed-length window).
     */
    boolean occlusionRemoves();
}
