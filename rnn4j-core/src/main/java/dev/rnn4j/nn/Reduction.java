package dev.rnn4j.nn;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction=}. */
public enum Reduction {
    /** The average (for weighted cross entropy: divided by the sum of the targets' weights). */
    MEAN,
    /** The sum. */
    SUM,
    /** No reduction: one loss per element (per row for cross entropy), shaped as PyTorch returns them. */
    NONE
}
