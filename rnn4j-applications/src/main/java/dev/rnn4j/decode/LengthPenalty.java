package dev.rnn4j.decode;

/**
 * How a finished hypothesis's summed log-probability is normalised for length before hypotheses of
 * different lengths are compared. Without it (alpha 0) beam search prefers short outputs, since
 * every token adds a negative log-probability.
 *
 * <p>{@code length} counts the emitted tokens including the final {@code <eos>}, as fairseq counts
 * them; the ranking score is {@code logProbability / denominator(length, alpha)}.
 */
public enum LengthPenalty {
    /**
     * fairseq's {@code --lenpen}: {@code length^alpha}. Alpha 1 is the average log-probability per
     * token (fairseq's default), alpha 0 the plain sum; PyTorch/fairseq users expect this one.
     */
    FAIRSEQ {
        @Override
        public double denominator(int length, double alpha) {
            return Math.pow(length, alpha);
        }
    },
    /**
     * Google's NMT system (Wu et al., 2016, eq. 14): {@code ((5 + length) / 6)^alpha}, usually
     * with alpha between 0.6 and 1; OpenNMT's {@code -length_penalty wu}.
     */
    GNMT {
        @Override
        public double denominator(int length, double alpha) {
            return Math.pow((5.0 + length) / 6.0, alpha);
        }
    };

    /**
     * The divisor of a hypothesis's log-probability.
     *
     * @param length emitted tokens including {@code <eos>}, at least 1
     * @param alpha the strength, at least 0; 0 gives 1 (no normalisation)
     */
    public abstract double denominator(int length, double alpha);
}
