package dev.rnn4j.explain;

/**
 * The attributions of one example: a score per position (token or time step) and per input value.
 *
 * @param method         how the scores were computed
 * @param steps          trapezoid intervals of integrated gradients; 0 for the other methods
 * @param scores         (L) one score per position: the sum of its input values' scores (occlusion: the
 *                       output's fall when the position is left out)
 * @param valueScores    (L, D) row-major, the score of each input value (for text D is the embedding width of
 *                       all networks together; for a series the features); null for occlusion
 * @param output         f(x), the explained output at the input
 * @param baselineOutput f(b), the output at the baseline (integrated gradients and gradient × input)
 */
public record Attribution(Method method, int steps, double[] scores, double[] valueScores, double output,
                          double baselineOutput) {

    /** Copies the arrays. */
    public Attribution {
        scores = scores.clone();
        valueScores = valueScores == null ? null : valueScores.clone();
    }

    /** Number of positions L. */
    public int length() {
        return scores.length;
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] valueScores() {
        return valueScores == null ? null : valueScores.clone();
    }

    /** The sum of the per-position scores. */
    public double total() {
        double sum = 0;
        for (double s : scores) {
            sum += s;
        }
        return sum;
    }

    /**
     * The completeness check of integrated gradients: {@code |Σ scores - (f(x) - f(b))| / |f(x) - f(b)|}, the
     * relative gap between the attributions' sum and the change of the output from the baseline to the input
     * (0 when both are 0, infinite when only the change is 0); NaN for the other methods, whose scores need not
     * add up to anything.
     */
    public double completenessGap() {
        if (method != Method.INTEGRATED_GRADIENTS) {
            return Double.NaN;
        }
        double change = output - baselineOutput;
        double gap = Math.abs(total() - change);
        return gap == 0 ? 0 : gap / Math.abs(change);
    }
}
