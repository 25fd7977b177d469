package dev.rnn4j.metrics.translation;

/**
 * A BLEU score with the statistics it came from, as sacreBLEU's {@code BLEUScore}.
 *
 * @param score BLEU in [0, 100]
 * @param counts matched n-grams per order n = 1..N (clipped by the reference counts); after
 *     {@link Bleu.Smoothing#ADD_K} smoothing, orders 2..N include the added k, as in sacreBLEU
 * @param totals hypothesis n-grams per order (likewise)
 * @param precisions the (smoothed) n-gram precisions in percent, 0 for orders not reached
 * @param brevityPenalty exp(1 - r/c) when the hypothesis length c is below the reference length
 *     r, 1 otherwise, 0 when c = 0
 * @param hypothesisLength c, the number of hypothesis tokens
 * @param referenceLength r, the sum over segments of the reference length closest to the
 *     hypothesis length (the shorter one on a tie)
 * @param signature sacreBLEU's signature of the computation, e.g.
 *     {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:rnn4j-0.1.0}
 */
public record BleuScore(double score, double[] counts, double[] totals, double[] precisions,
        double brevityPenalty, long hypothesisLength, long referenceLength, String signature) {

    /** c / r, or 0 when r = 0. */
    public double ratio() {
        return referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
    }

    /**
     * The line sacreBLEU prints, e.g.
     * {@code BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:rnn4j-0.1.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}.
     *
     * @param decimals decimals of the score (sacreBLEU's {@code --width}, 2 by default)
     * @param withSignature whether to put the signature after the name
     */
    public String format(int decimals, boolean withSignature) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
        StringBuilder sb = new StringBuilder("BLEU");
        if (withSignature) {
            sb.append('|').append(signature);
        }
        sb.append(" = ").append(PythonText.fixed(score, decimals)).append(' ');
        for (int n = 0; n < precisions.length; n++) {
            sb.append(n == 0 ? "" : "/").append(PythonText.fixed(precisions[n], 1));
        }
        sb.append(" (BP = ").append(PythonText.fixed(brevityPenalty, 3))
                .append(" ratio = ").append(PythonText.fixed(ratio(), 3))
                .append(" hyp_len = ").append(hypothesisLength)
                .append(" ref_len = ").append(referenceLength).append(')');
        return sb.toString();
    }

    /** {@link #format(int, boolean) format(2, true)}. */
    @Override
    public String toString() {
        return format(2, true);
    }
}
