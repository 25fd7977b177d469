package dev.rnn4j.models;

/** How a sequence classifier turns the recurrent outputs (B, T, D·H) into one vector per row (B, D·H). */
public enum Pooling {
    /** The final state: forward direction at each row's last valid step, reverse direction at step 0. */
    LAST,
    /** Element-wise maximum over the valid steps. */
    MAX,
    /** Mean over the valid steps. */
    MEAN,
    /** Additive attention over the valid steps: softmax(v · tanh(W o_t)) weights the outputs. */
    ATTENTION
}
