package dev.rnn4j.speech.model;

import dev.rnn4j.recurrent.CellType;

/**
 * The shape of an {@link AcousticNetwork}.
 *
 * @param task        isolated or connected digits (fixes the classes and the head)
 * @param cell        {@link CellType#LSTM} or {@link CellType#GRU}
 * @param features    F, feature values per frame
 * @param subsampling how the frame rate is reduced by {@code factor}: k frames stacked into one step of k·F
 *                    values, or every k-th frame kept (F values per step)
 * @param factor      k, frames per network step (1 for none); the network reads ceil(T / k) steps
 * @param hidden      H, hidden size per direction
 * @param layers      stacked bidirectional layers
 * @param dropout     dropout between layers and before the head, in [0, 1)
 */
public record AcousticModelConfig(SpeechTask task, CellType cell, int features, FrameSubsampling subsampling,
                                  int factor, int hidden, int layers, double dropout) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public AcousticModelConfig {
        if (task == null) {
            throw new IllegalArgumentException("task: expected DIGITS or CONNECTED, got null");
        }
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("cell: expected LSTM or GRU, got " + cell);
        }
        if (subsampling == null) {
            throw new IllegalArgumentException("subsampling: expected STACK or STRIDE, got null");
        }
        if (features < 1 || factor < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("features, factor, hidden, layers: expected >= 1, got " + features
                    + ", " + factor + ", " + hidden + ", " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a probability in [0, 1), got " + dropout);
        }
    }

    /** A configuration that stacks {@code stack} frames per step ({@link FrameSubsampling#STACK}). */
    public AcousticModelConfig(SpeechTask task, CellType cell, int features, int stack, int hidden, int layers,
                               double dropout) {
        this(task, cell, features, FrameSubsampling.STACK, stack, hidden, layers, dropout);
    }

    /** Values per network step: k·F when stacking, F when striding. */
    public int stepSize() {
        return subsampling.stepSize(features, factor);
    }
}
