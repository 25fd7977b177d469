package dev.rnn4j.ctc;

import java.util.Arrays;

/**
 * The forward-backward recursions of CTC (Graves et al. 2006, section 4.1) for one batch row, in
 * log space over plain arrays: no tensors, no checks (callers validate).
 *
 * <p>Layout: {@code logProbs} is the (T, B, C) array flattened time-major, so the row's frame t
 * starts at {@code rowOffset + t·timeStride} with {@code timeStride = B·C}. The extended label
 * sequence {@code l'} of a target {@code l} of length L puts a blank before, between and after
 * the labels: {@code l' = (blank, l_1, blank, l_2, …, l_L, blank)}, S' = 2L + 1 states.
 * {@code alpha} and {@code beta} are (T_b, S') for the row's input length T_b, and both include
 * the emission at their own frame (as in PyTorch's kernel), so {@code α_t(s) + β_t(s) − log y_t(l'_s)}
 * is the log-probability of the paths through state s at frame t.
 */
final class CtcAlignment {

    private CtcAlignment() {
    }

    /** {@code log(e^a + e^b)}, exact for infinite arguments. */
    static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** The extended labels {@code l'} (2L + 1) of {@code targets[offset, offset + length)}. */
    static int[] extendedLabels(int[] targets, int offset, int length, int blank) {
        int[] extended = new int[2 * length + 1];
        for (int s = 0; s < extended.length; s++) {
            extended[s] = (s & 1) == 0 ? blank : targets[offset + s / 2];
        }
        return extended;
    }

    /**
     * Fills {@code alpha} (inputLength × S') with the forward variables and returns
     * {@code log p(l | x)}: {@code log(α_{T−1}(S'−1) + α_{T−1}(S'−2))}, or {@code α_{T−1}(0)} for an
     * empty target. Negative infinity when no path fits (the target needs more frames than the
     * row has); for {@code inputLength} 0, 0 when the target is empty and negative infinity otherwise.
     */
    static double forward(double[] logProbs, int rowOffset, int timeStride, int inputLength, int[] extended,
                          double[] alpha) {
        int states = extended.length;
        if (inputLength == 0) {
            return states == 1 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        Arrays.fill(alpha, 0, inputLength * states, Double.NEGATIVE_INFINITY);
        alpha[0] = logProbs[rowOffset + extended[0]];
        if (states > 1) {
            alpha[1] = logProbs[rowOffset + extended[1]];
        }
        for (int t = 1; t < inputLength; t++) {
            int frame = rowOffset + t * timeStride;
            int previous = (t - 1) * states;
            int current = t * states;
            for (int s = 0; s < states; s++) {
                double sum = alpha[previous + s];
                if (s > 0) {
                    sum = logAddExp(sum, alpha[previous + s - 1]);
                }
                // skipping the blank between two labels is allowed unless they are equal
                if (s > 1 && extended[s] != extended[s - 2]) {
                    sum = logAddExp(sum, alpha[previous + s - 2]);
                }
                alpha[current + s] = sum + logProbs[frame + extended[s]];
            }
        }
        int last = (inputLength - 1) * states;
        return states == 1 ? alpha[last] : logAddExp(alpha[last + states - 1], alpha[last + states - 2]);
    }

    /**
     * Adds PyTorch's gradient of {@code −log p(l | x)} with respect to the row's log-probabilities,
     * times {@code scale}, into {@code grad} (laid out as {@code logProbs}):
     * {@code scale·(y_t(c) − γ_t(c))} for every frame t below the input length and class c, where
     * {@code y_t(c) = exp(logProbs)} and {@code γ_t(c)} is the posterior probability of emitting c at
     * frame t. That is the gradient with respect to the logits of a log-softmax, passed through
     * unchanged (its backward leaves it as is when the inputs are normalised); frames at or past the
     * input length receive nothing. Fills {@code beta} (inputLength × S') on the way.
     *
     * @param logLikelihood {@code log p(l | x)} from {@link #forward}; negative infinity gives NaN, as PyTorch
     * @param classLogSums  scratch of C entries
     */
    static void addGradient(double[] logProbs, int rowOffset, int timeStride, int inputLength, int[] extended,
                            double[] alpha, double logLikelihood, double[] beta, double[] classLogSums,
                            double scale, double[] grad) {
        int states = extended.length;
        int classes = classLogSums.length;
        if (inputLength == 0) {
            return;
        }
        Arrays.fill(beta, 0, inputLength * states, Double.NEGATIVE_INFINITY);
        int lastFrame = rowOffset + (inputLength - 1) * timeStride;
        int last = (inputLength - 1) * states;
        beta[last + states - 1] = logProbs[lastFrame + extended[states - 1]];
        if (states > 1) {
            beta[last + states - 2] = logProbs[lastFrame + extended[states - 2]];
        }
        for (int t = inputLength - 2; t >= 0; t--) {
            int frame = rowOffset + t * timeStride;
            int next = (t + 1) * states;
            int current = t * states;
            for (int s = 0; s < states; s++) {
                double sum = beta[next + s];
                if (s < states - 1) {
                    sum = logAddExp(sum, beta[next + s + 1]);
                }
                if (s < states - 2 && extended[s] != extended[s + 2]) {
                    sum = logAddExp(sum, beta[next + s + 2]);
                }
                beta[current + s] = sum + logProbs[frame + extended[s]];
            }
        }
        for (int t = 0; t < inputLength; t++) {
            int frame = rowOffset + t * timeStride;
            Arrays.fill(classLogSums, Double.NEGATIVE_INFINITY);
            for (int s = 0; s < states; s++) {
                int c = extended[s];
                classLogSums[c] = logAddExp(classLogSums[c], alpha[t * states + s] + beta[t * states + s]);
            }
            for (int c = 0; c < classes; c++) {
                double lp = logProbs[frame + c];
                // α·β counts the emission y_t(c) twice: divide once by it and once by p(l | x)
                double posterior = Math.exp(classLogSums[c] - logLikelihood - lp);
                grad[frame + c] += scale * (Math.exp(lp) - posterior);
            }
        }
    }
}
