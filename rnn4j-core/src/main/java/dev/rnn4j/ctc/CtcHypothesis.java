package dev.rnn4j.ctc;

import java.util.Arrays;

/**
 * One decoded labelling: the labels (blanks removed, repeats merged) and its score, the natural
 * logarithm of the probability the search assigns it (for prefix beam search, the summed
 * probability of the alignments that survived the beam; with a beam wide enough to keep every
 * prefix, exactly {@code log p(labels | x)}, the negative CTC loss).
 */
public record CtcHypothesis(int[] labels, double logProbability) {

    /** Copies {@code labels}. */
    public CtcHypothesis {
        labels = labels.clone();
    }

    /** A copy of the labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CtcHypothesis h && Arrays.equals(labels, h.labels)
                && Double.compare(logProbability, h.logProbability) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Double.hashCode(logProbability);
    }

    @Override
    public String toString() {
        return Arrays.toString(labels) + " " + logProbability;
    }
}
