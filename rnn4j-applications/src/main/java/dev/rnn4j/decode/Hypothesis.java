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

    @Override
    public String toString() {
        return "Hypothesis[tokens=" + Arrays.toString(tokens) + ", logProbability=" + logProbability
                + ", score=" + score + (reachedMaxLength ? ", reachedMaxLength" : "") + "]";
    }
}
