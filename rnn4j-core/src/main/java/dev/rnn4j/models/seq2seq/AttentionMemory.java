package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * What attention reads for a batch of sources, prepared once per source by
 * {@link Attention#prepare}: the encoder outputs, their projections (the keys), the part of the
 * additive score's weight that multiplies the query, and each source's length. Immutable; shared by
 * every {@link DecoderState} made from it, including reordered ones.
 */
public final class AttentionMemory {

    private final Tensor values;
    private final Tensor keys;
    private final Tensor queryWeight;
    private final int[] lengths;

    AttentionMemory(Tensor values, Tensor keys, Tensor queryWeight, int[] lengths) {
        this.values = values;
        this.keys = keys;
        this.queryWeight = queryWeight;
        this.lengths = lengths;
    }

    /** The encoder outputs, batch-major: (M, S, V). */
    public Tensor values() {
        return values;
    }

    /** The projected encoder outputs the scores read: (M, S, A); the values themselves for DOT. */
    public Tensor keys() {
        return keys;
    }

    /** ADDITIVE only: the (A, Q) block of {@code attn.weight} applied to the query; null otherwise. */
    Tensor queryWeight() {
        return queryWeight;
    }

    /** M: the number of sources. */
    public int rows() {
        return values.size(0);
    }

    /** S: the padded source length. */
    public int steps() {
        return values.size(1);
    }

    /** The valid length of source {@code row}; positions from it on get attention weight 0. */
    public int length(int row) {
        return lengths[row];
    }

    int[] lengthsView() {
        return lengths;
    }
}
