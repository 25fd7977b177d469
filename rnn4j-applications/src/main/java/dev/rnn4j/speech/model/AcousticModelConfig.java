package dev.rnn4j.speech.model;

import dev.rnn4j.recurrent.CellType;

/**
 * The shape of an {@link AcousticNetwork}.
 *
 * @param task     isolated or connected digits (fixes the classes and the head)
 * @param cell     {@link CellType#LSTM} or {@link CellType#GRU}
 * @param features F, feature values per frame
 * @param stack    k, frames stacked into one step (1 for none); the network reads ceil(T / k) steps of k·F values
 * @param hidden   H, hidden size per direction
 * @param layers   stacked bidirectional layers
 * @param dropout  dropout between layers and before the head, in [0, 1)
 */
public record AcousticModelConfig(SpeechTask task, CellType cell, int features, int stack, int hidden, int layers,
                                  double dropout) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public AcousticModelConfig {
        if (task == null) {
            throw new IllegalArgumentException("task: expected DIGITS or CONNECTED, got null");
        }
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("cell: expected LSTM or GRU, got " + cell);
        }
        if (features < 1 || stack < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("features, stack, hidden, layers: expected >= 1, got " + features
                    + ", " + stack + ", " + hidden + ", " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a probability in [0, 1), got " + dropout);
        }
    }

    /** Values per network step, k·F. */
    public int stepSize() {
        return features * stack;
    }
}
