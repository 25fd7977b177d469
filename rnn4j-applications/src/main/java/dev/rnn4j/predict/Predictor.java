package dev.rnn4j.predict;

import java.util.List;

/**
 * A trained model ready for use: what every application's model offers after training, and what
 * the server and the explanation report stand on.
 *
 * <p>A predictor is loaded from its model folder ({@link Predictors#load}), predicts one input or a
 * batch, and describes itself. <b>Implementations are safe to call from several threads at once</b>
 * and give the same results as sequential calls: a prediction reads the model's parameters and
 * writes only to memory of its own call (no dropout, no shared buffers, no autograd graph).
 *
 * <p>{@link #predictBatch} is the fast path (one padded batch through the network where the model
 * allows it); its results equal those of {@link #predict} on each input in turn.
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
     * Predicts every input, in order: the same results as {@link #predict} on each.
     *
     * @throws IllegalArgumentException if an input is not valid for this model (the message names its index)
     */
    List<O> predictBatch(List<I> inputs);
}
