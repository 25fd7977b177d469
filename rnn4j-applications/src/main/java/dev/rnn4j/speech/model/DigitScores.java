package dev.rnn4j.speech.model;

/**
 * Scores of recognised digit sequences against references: the digit error rate (the Levenshtein edit
 * distance summed over utterances, divided by the total number of reference digits) and the sequence
 * accuracy (the fraction of utterances recognised exactly).
 *
 * @param utterances      scored utterances
 * @param referenceDigits reference digits in all
 * @param edits           substitutions + insertions + deletions in all
 * @param exact           utterances recognised exactly
 */
public record DigitScores(int utterances, long referenceDigits, long edits, int exact) {

    /**
     * @param hypotheses recognised label rows
     * @param references reference label rows, as many
     */
    public static DigitScores of(int[][] hypotheses, int[][] references) {
        if (hypotheses == null || references == null || hypotheses.length != references.length) {
            throw new IllegalArgumentException("hypotheses, references: expected as many rows, got "
                    + (hypotheses == null ? "null" : hypotheses.length) + " and "
                    + (references == null ? "null" : references.length));
        }
        long digits = 0;
        long edits = 0;
        int exact = 0;
        for (int i = 0; i < references.length; i++) {
            int d = editDistance(hypotheses[i], references[i]);
            digits += references[i].length;
            edits += d;
            exact += d == 0 ? 1 : 0;
        }
        return new DigitScores(references.length, digits, edits, exact);
    }

    /** The Levenshtein distance with unit costs. */
    public static int editDistance(int[] a, int[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }

    /** Edits / reference digits (0 when there are no reference digits). */
    public double digitErrorRate() {
        return referenceDigits == 0 ? 0 : (double) edits / referenceDigits;
    }

    /** Exactly recognised utterances / utterances (0 when there are none). */
    public double sequenceAccuracy() {
        return utterances == 0 ? 0 : (double) exact / utterances;
    }
}
