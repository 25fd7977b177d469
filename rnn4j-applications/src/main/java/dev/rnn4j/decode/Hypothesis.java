package dev.rnn4j.decode;

import java.util.Arrays;

/**
 * One finished output of a search.
 *
 * @param tokens the emitted tokens, without {@code <sos>} and without the final {@code <eos>}
 * @param logProbability the model's log-probability of {@code tokens} followed by {@code <eos>}:
 *     the sum over the steps, {@code <eos>} included
 * @param score what the search ranked by: {@code logProbability} divided by the length penalty's
 *     denominator of {@code tokens.length + 1}
 * @param reachedMaxLength whether the output reached the maximum length, where the search
 *     forces {@code <eos>} (its log-probability still counted) whatever the model ranks first
 * @param attention per step (tokens.length + 1 rows, the last one for {@code <eos>}) the
 *     attention weights over the source positions, or null when the decoder gives none
 */
public record Hypothesis(int[] tokens, double logProbability, double score, boolean reachedMaxLength,
        float[][] attention) {

    /** Number of emitted tokens, {@code <eos>} excluded. */
    public int length() {
        return tokens.length;
    }

    /**
     * The attention weights as a (tokens + 1, sourceLength) matrix, the padded source positions a
     * batched decoder adds cut off: row t for the t-th emitted token, the last row for
     * {@code <eos>}; ready for {@link dev.rnn4j.chart.AttentionHeatmap}.
     *
     * @param sourceLength the number of real source positions, at least 1 and at most the columns
     *     the decoder gave
     * @throws IllegalStateException if the decoder gave no attention
     * @throws IllegalArgumentException if {@code sourceLength} is out of range
     */
    public float[][] attentionMatrix(int sourceLength) {
        if (attention == null) {
            throw new IllegalStateException("no attention weights: the decoder gave none");
        }
        int columns = attention.length == 0 ? 0 : attention[0].length;
        if (sourceLength < 1 || sourceLength > columns) {
            throw new IllegalArgumentException("sourceLength must be in [1, " + columns + "] (the attention columns), got "
                    + sourceLength);
        }
        float[][] matrix = new float[attention.length][];
        for (int t = 0; t < attention.length; t++) {
            matrix[t] = Arrays.copyOf(attention[t], sourceLength);
        }
        return matrix;
    }

    @Override
    public String toString() {
        return "Hypothesis[tokens=" + Arrays.toString(tokens) + ", logProbability=" + logProbability
                + ", score=" + score + (reachedMaxLength ? ", reachedMaxLength" : "") + "]";
    }
}
