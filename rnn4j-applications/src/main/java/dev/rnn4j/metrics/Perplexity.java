package dev.rnn4j.metrics;

/**
 * Language-model scores from a summed negative log-likelihood.
 *
 * <p>Input is the sum over predicted tokens of {@code -ln p(token)} in nats (what a summed
 * cross-entropy loss gives) and the number of tokens it covers. Then
 * <ul>
 *   <li>mean NLL = sum / count (nats per token),</li>
 *   <li>perplexity = exp(mean NLL),</li>
 *   <li>bits per character = mean NLL / ln 2, when the tokens are characters (bytes for a
 *       byte-level model); for other tokens the same number is bits per token.</li>
 * </ul>
 * A uniform model over V symbols has perplexity V and log2(V) bits per symbol.
 *
 * <p>Perplexity is {@code +Infinity} when the mean NLL exceeds about 709.78 nats (exp overflows a
 * double); the inputs are still valid then.
 */
public final class Perplexity {

    private static final double LN_2 = Math.log(2.0);

    private Perplexity() {
    }

    /**
     * Mean negative log-likelihood in nats per token.
     *
     * @param sumNllNats summed negative log-likelihood in nats, finite and &ge; 0
     * @param tokenCount number of tokens in the sum, &ge; 1
     * @throws IllegalArgumentException if {@code sumNllNats} is NaN, infinite or negative, or {@code tokenCount < 1}
     */
    public static double meanNll(double sumNllNats, long tokenCount) {
        checkNll("sumNllNats", sumNllNats);
        if (tokenCount < 1) {
            throw new IllegalArgumentException("tokenCount: expected >= 1, got " + tokenCount);
        }
        return sumNllNats / tokenCount;
    }

    /** exp(sumNllNats / tokenCount); arguments as {@link #meanNll(double, long)}. */
    public static double perplexity(double sumNllNats, long tokenCount) {
        return Math.exp(meanNll(sumNllNats, tokenCount));
    }

    /** (sumNllNats / charCount) / ln 2; arguments as {@link #meanNll(double, long)}. */
    public static double bitsPerCharacter(double sumNllNats, long charCount) {
        return meanNll(sumNllNats, charCount) / LN_2;
    }

    /** Perplexity from a mean NLL (nats per token) that was already averaged, e.g. a mean cross-entropy loss. */
    public static double perplexityFromMean(double meanNllNats) {
        checkNll("meanNllNats", meanNllNats);
        return Math.exp(meanNllNats);
    }

    private static void checkNll(String name, double nll) {
        if (Double.isNaN(nll) || Double.isInfinite(nll)) {
            throw new IllegalArgumentException(name + ": expected a finite number, got " + nll);
        }
        if (nll < 0) {
            throw new IllegalArgumentException(name + ": expected >= 0 (a negative log-likelihood of "
                    + "probabilities; did you pass the log-likelihood?), got " + nll);
        }
    }
}
