package dev.rnn4j.classify;

/**
 * Temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks"): one number
 * T &gt; 0 that divides a classifier's logits before the softmax, {@code p = softmax(z / T)}, fitted
 * by minimising the negative log-likelihood of held-out labels. T &gt; 1 softens over-confident
 * probabilities, T &lt; 1 sharpens under-confident ones; the argmax, and so every label and the
 * accuracy, stays the same.
 *
 * <p>The fit is a deterministic golden-section search over {@code log T} in
 * [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}]. The mean NLL is a convex function of
 * {@code 1 / T}, hence unimodal in {@code log T}, so the search finds its minimum on that interval
 * (an end of it when the labels are perfectly separated or all wrong).
 *
 * <p>Logits are (N, C) row-major arrays: row i holds the C class logits of example i.
 */
public final class TemperatureScaling {

    /** Smallest temperature the fit returns (logits multiplied by 100 at most). */
    public static final double MIN_TEMPERATURE = 0.01;

    /** Largest temperature the fit returns (logits divided by 100 at most). */
    public static final double MAX_TEMPERATURE = 100;

    /** Number of equal-width confidence bins of the usual expected calibration error. */
    public static final int ECE_BINS = 10;

    /** The search stops when the bracket on log T is narrower than this. */
    private static final double LOG_TOLERANCE = 1e-7;

    /** Relative NLL gain below which the fit keeps T = 1 (rounding noise of a flat NLL). */
    private static final double NO_GAIN = 1e-12;

    /** (3 - √5) / 2: the golden-section step as a fraction of the bracket. */
    private static final double GOLDEN_STEP = (3 - Math.sqrt(5)) / 2;

    private TemperatureScaling() {
    }

    /**
     * The temperature T in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}] that minimises the
     * mean negative log-likelihood of {@code labels} under {@code softmax(logits / T)}. Returns
     * exactly 1 when no temperature lowers the NLL below its value at T = 1 by more than rounding
     * noise (a relative 1e-12; for example when every row's logits are equal, which makes the NLL
     * independent of T).
     *
     * @param logits (N, C) row-major, finite
     * @param labels N class indices in [0, classes)
     * @param classes C, at least 2
     * @throws IllegalArgumentException for null or empty arrays, sizes that disagree, a label out of
     *     range or a logit that is not finite (naming the row)
     */
    public static double fit(double[] logits, int[] labels, int classes) {
        check(logits, labels, classes);
        double low = Math.log(MIN_TEMPERATURE);
        double high = Math.log(MAX_TEMPERATURE);
        double left = low + GOLDEN_STEP * (high - low);
        double right = high - GOLDEN_STEP * (high - low);
        double leftValue = nll(logits, labels, classes, Math.exp(left));
        double rightValue = nll(logits, labels, classes, Math.exp(right));
        while (high - low > LOG_TOLERANCE) {
            if (leftValue <= rightValue) {
                // the minimum is in [low, right]
                high = right;
                right = left;
                rightValue = leftValue;
                left = low + GOLDEN_STEP * (high - low);
                leftValue = nll(logits, labels, classes, Math.exp(left));
            } else {
                // the minimum is in [left, high]
                low = left;
                left = right;
                leftValue = rightValue;
                right = high - GOLDEN_STEP * (high - low);
                rightValue = nll(logits, labels, classes, Math.exp(right));
            }
        }
        // the ends of the interval are candidates too (separated or all-wrong labels)
        double best = Math.exp(0.5 * (low + high));
        double bestValue = nll(logits, labels, classes, best);
        for (double candidate : new double[] {MIN_TEMPERATURE, MAX_TEMPERATURE}) {
            double value = nll(logits, labels, classes, candidate);
            if (value < bestValue) {
                bestValue = value;
                best = candidate;
            }
        }
        // no scaling unless it lowers the NLL by more than rounding noise
        double atOne = nll(logits, labels, classes, 1);
        return atOne - bestValue > NO_GAIN * Math.max(1, atOne) ? best : 1;
    }

    /**
     * The mean negative log-likelihood (natural log) of {@code labels} under
     * {@code softmax(logits / temperature)}: PyTorch's {@code F.cross_entropy(logits / T, labels)}.
     *
     * @throws IllegalArgumentException as {@link #fit}, or for a temperature that is not a finite
     *     number &gt; 0
     */
    public static double negativeLogLikelihood(double[] logits, int[] labels, int classes, double temperature) {
        check(logits, labels, classes);
        checkTemperature(temperature);
        return nll(logits, labels, classes, temperature);
    }

    /**
     * The expected calibration error of {@code softmax(logits / temperature)}: the examples are put
     * in {@code bins} equal-width bins by their confidence (the largest probability; bin b holds
     * confidences in (b / bins, (b + 1) / bins], the first bin also 0), and the result is
     * {@code Σ_b (n_b / N) × |accuracy_b − mean confidence_b|}. A prediction is correct when the
     * label has the largest logit (ties: the first such class).
     *
     * @param bins number of bins, at least 1 ({@link #ECE_BINS} is the usual choice)
     * @throws IllegalArgumentException as {@link #negativeLogLikelihood}, or for bins below 1
     */
    public static double expectedCalibrationError(double[] logits, int[] labels, int classes, double temperature,
                                                  int bins) {
        check(logits, labels, classes);
        checkTemperature(temperature);
        if (bins < 1) {
            throw new IllegalArgumentException("bins: expected at least 1, got " + bins);
        }
        int[] count = new int[bins];
        double[] confidenceSum = new double[bins];
        double[] correctSum = new double[bins];
        double[] probabilities = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            softmax(logits, i, classes, temperature, probabilities);
            int predicted = argmax(logits, i, classes);
            double confidence = probabilities[predicted];
            int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(confidence * bins) - 1));
            count[bin]++;
            confidenceSum[bin] += confidence;
            correctSum[bin] += predicted == labels[i] ? 1 : 0;
        }
        double error = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                error += Math.abs(correctSum[b] - confidenceSum[b]) / labels.length;
            }
        }
        return error;
    }

    /**
     * The class with the largest logit in row {@code row} of (N, C) {@code logits} (ties: the
     * first); the same for every temperature.
     */
    static int argmax(double[] logits, int row, int classes) {
        int offset = row * classes;
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[offset + c] > logits[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Writes {@code softmax(logits[row, :] / temperature)} into {@code out} (length C). */
    static void softmax(double[] logits, int row, int classes, double temperature, double[] out) {
        int offset = row * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            out[c] = logits[offset + c] / temperature;
            max = Math.max(max, out[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }

    /** Mean NLL without argument checks: mean over rows of logsumexp(z / T) − z_label / T. */
    private static double nll(double[] logits, int[] labels, int classes, double temperature) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int offset = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[offset + c] / temperature);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[offset + c] / temperature - max);
            }
            total += max + Math.log(sum) - logits[offset + labels[i]] / temperature;
        }
        return total / labels.length;
    }

    private static void check(double[] logits, int[] labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("labels: expected at least 1 label, got "
                    + (labels == null ? "null" : "none"));
        }
        if (logits == null || (long) labels.length * classes != logits.length) {
            throw new IllegalArgumentException("logits: expected " + labels.length + " rows × " + classes
                    + " classes = " + (long) labels.length * classes + " values, got "
                    + (logits == null ? "null" : logits.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in [0, " + classes
                        + "), got " + labels[i]);
            }
            for (int c = 0; c < classes; c++) {
                if (!Double.isFinite(logits[i * classes + c])) {
                    throw new IllegalArgumentException("logits row " + i + ", class " + c
                            + ": expected a finite number, got " + logits[i * classes + c]);
                }
            }
        }
    }

    /**
     * @throws IllegalArgumentException unless {@code temperature} is a finite number &gt; 0
     */
    static void checkTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature: expected a finite number > 0, got " + temperature);
        }
    }
}
