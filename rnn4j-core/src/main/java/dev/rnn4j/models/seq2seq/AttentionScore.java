package dev.rnn4j.models.seq2seq;

/**
 * How {@link Attention} scores a query q (the decoder's state, (B, Q)) against each encoder output
 * h_j (the memory, (B, S, V)).
 */
public enum AttentionScore {
    /**
     * Additive attention of Bahdanau et al. (2015): {@code e_j = v · tanh(W [q; h_j] + b)}, with
     * {@code attn} = Linear(Q + V, Q) and {@code v} = Linear(Q, 1, bias=False). The part of W that
     * multiplies h_j and the bias are applied once per source ({@link Attention#prepare}).
     */
    ADDITIVE,
    /** Luong et al. (2015) "dot": {@code e_j = q · h_j}; needs Q = V. No parameters. */
    DOT,
    /**
     * Luong et al. (2015) "general": {@code e_j = q · (W h_j)}, with {@code attn} = Linear(V, Q,
     * bias=False); {@code W h_j} is computed once per source.
     */
    GENERAL
}
