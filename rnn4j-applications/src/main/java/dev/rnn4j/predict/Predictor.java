package dev.rnn4j.predict;

import java.util.List;

/**
 * A trained model ready for use: what every application's model offers after training, and what
 * the server and the explanation report stand on.
 *
 * <p>A predictor is loaded from its model folder ({@link Predictors#load}), predicts one input or a
 * batch, and describes itself. <b>Implementations are safe to call from several threads at once</b>
 * and give bit for bit the same results as the same calls made one after another: a prediction
 * reads the model's parameters and writes only to memory of its own call (no dropout, no shared
 * buffers, no training flag set per call, no autograd graph). The test sources' {@code ConcurrencyCheck}
 * checks this for any implementation.
 *
 * <p>{@link #predictBatch} is the fast path (one padded batch through the network where the model
 * allows it); its results are those of {@link #predict} on each input in turn up to float rounding:
 * the kernels may sum in another order for another batch size.
 *
 * @param <I> one input, e.g. a text
 * @param <O> one prediction, e.g. a label with its probabilities
 */
public interface Predictor<I, O> {

    /** What this model is: its task, what it takes and gives, and its settings. */
    ModelInfo describe();

    /**
     * Predicts one input.
     *
     * @throws IllegalArgumentException if the input is not valid for this model (the message says why)
     */
    O predict(I input);

    /**
     * Predicts every input, in order: the results of {@link #predict} on each, up to float rounding.
     *
     * @throws IllegalArgumentException if an input is not valid for this model (the message names its index)
     */
    List<O> predictBatch(List<I> inputs);
}
