package dev.rnn4j.metrics;

/**
 * How per-class precision, recall and F1 are combined into one number (scikit-learn's
 * {@code average} argument). Averages run over the present classes: those occurring in the
 * truth or in the predictions.
 */
public enum Average {
    /** Unweighted mean of the per-class scores over the present classes. */
    MACRO,
    /**
     * Scores from the TP, FP and FN summed over all classes. For single-label data micro
     * precision = micro recall = micro F1 = accuracy.
     */
    MICRO,
    /** Mean of the per-class scores weighted by support (the number of true samples of each class). */
    WEIGHTED
}
