package dev.rnn4j.decode;

/**
 * A partial output as a linked list from its last token back to the start, so hypotheses that
 * share a beginning share its nodes. The empty prefix has {@code parent == null}.
 */
final class Prefix {
    static final Prefix EMPTY = new Prefix(null, -1, null);

    final Prefix parent;
    final int token;
    /** Attention weights of the step that emitted {@link #token}, or null. */
    final float[] attention;
    final int length;

    Prefix(Prefix parent, int token, float[] attention) {
        this.parent = parent;
        this.token = token;
        this.attention = attention;
        this.length = parent == null ? 0 : parent.length + 1;
    }

    /**
     * The finished hypothesis of this prefix, whose last token is {@code <eos>}.
     *
     * @param logProbability the summed log-probability, {@code <eos>} included
     * @param score the ranking score
     */
    Hypothesis finish(double logProbability, double score, boolean reachedMaxLength) {
        int[] tokens = new int[length - 1];
        float[][] attention = this.attention == null ? null : new float[length][];
        int i = length - 1;
        for (Prefix p = this; p.parent != null; p = p.parent, i--) {
            if (i < tokens.length) {
                tokens[i] = p.token;
            }
            if (attention != null) {
                attention[i] = p.attention;
            }
        }
        return new Hypothesis(tokens, logProbability, score, reachedMaxLength, attention);
    }

    /** A copy of row {@code row} of a (rows, C) attention matrix, or null without one. */
    static float[] attentionRow(float[] attention, int rows, int row) {
        if (attention == null) {
            return null;
        }
        int columns = attention.length / rows;
        float[] copy = new float[columns];
        System.arraycopy(attention, row * columns, copy, 0, columns);
        return copy;
    }
}
