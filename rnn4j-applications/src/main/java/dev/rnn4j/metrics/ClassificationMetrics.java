package dev.rnn4j.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Classification scores from integer labels, matching scikit-learn's {@code sklearn.metrics}.
 *
 * <p>Labels are class indices {@code 0 .. numClasses-1}; {@code truth[i]} and {@code predicted[i]}
 * describe sample {@code i}. Every method validates its arguments and throws
 * {@link IllegalArgumentException} for null or empty arrays, unequal lengths or labels out of range.
 *
 * <p><b>Zero division</b> (as scikit-learn with its default {@code zero_division}): precision is
 * <b>0</b> when no sample was predicted positive; recall is <b>0</b> when no sample is truly
 * positive; F1 = 2TP / (2TP + FP + FN) is <b>0</b> when that denominator is 0. No method returns NaN.
 *
 * <p><b>Averages</b> ({@link Average}) run over the classes present in the truth or the
 * predictions (scikit-learn's default {@code labels=None}); see {@link ConfusionMatrix}.
 *
 * <p>All scores here are also available on a {@link ConfusionMatrix}, which is the cheaper route
 * when several scores are needed or when batches are accumulated.
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /**
     * Fraction of samples with {@code predicted[i] == truth[i]}.
     *
     * @throws IllegalArgumentException if an array is null or empty or the lengths differ
     */
    public static double accuracy(int[] truth, int[] predicted) {
        validatePair(truth, predicted);
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /** The confusion matrix: row = true class, column = predicted class. */
    public static ConfusionMatrix confusionMatrix(int[] truth, int[] predicted, int numClasses) {
        return ConfusionMatrix.of(truth, predicted, numClasses);
    }

    /**
     * Binary precision of {@code positiveClass} (all other classes count as negative):
     * TP / (TP + FP), 0 when nothing was predicted positive.
     */
    public static double precision(int[] truth, int[] predicted, int numClasses, int positiveClass) {
        return binaryMatrix(truth, predicted, numClasses, positiveClass).precision(positiveClass);
    }

    /**
     * Binary recall of {@code positiveClass} (all other classes count as negative):
     * TP / (TP + FN), 0 when no sample is truly positive.
     */
    public static double recall(int[] truth, int[] predicted, int numClasses, int positiveClass) {
        return binaryMatrix(truth, predicted, numClasses, positiveClass).recall(positiveClass);
    }

    /**
     * Binary F1 of {@code positiveClass} (all other classes count as negative):
     * 2TP / (2TP + FP + FN), 0 when that denominator is 0.
     */
    public static double f1(int[] truth, int[] predicted, int numClasses, int positiveClass) {
        return binaryMatrix(truth, predicted, numClasses, positiveClass).f1(positiveClass);
    }

    /** Precision averaged over the present classes as {@code average} says. */
    public static double precision(int[] truth, int[] predicted, int numClasses, Average average) {
        return ConfusionMatrix.of(truth, predicted, numClasses).precision(average);
    }

    /** Recall averaged over the present classes as {@code average} says. */
    public static double recall(int[] truth, int[] predicted, int numClasses, Average average) {
        return ConfusionMatrix.of(truth, predicted, numClasses).recall(average);
    }

    /** F1 averaged over the present classes as {@code average} says. */
    public static double f1(int[] truth, int[] predicted, int numClasses, Average average) {
        return ConfusionMatrix.of(truth, predicted, numClasses).f1(average);
    }

    /**
     * Accuracy, averaged precision/recall/F1 and the confusion matrix in one report.
     *
     * @param labelNames one name per class, or null for {@code "0", "1", ...}
     */
    public static MetricsReport report(int[] truth, int[] predicted, int numClasses, Average average,
                                       List<String> labelNames) {
        return MetricsReport.of(ConfusionMatrix.of(truth, predicted, numClasses), average, labelNames);
    }

    /**
     * Accuracy, binary precision/recall/F1 of {@code positiveClass} and the confusion matrix in one report.
     *
     * @param labelNames one name per class, or null for {@code "0", "1", ...}
     */
    public static MetricsReport binaryReport(int[] truth, int[] predicted, int numClasses, int positiveClass,
                                             List<String> labelNames) {
        return MetricsReport.binary(binaryMatrix(truth, predicted, numClasses, positiveClass), positiveClass,
                labelNames);
    }

    /**
     * Area under the ROC curve for a binary problem with labels 0 and 1 (1 = positive).
     *
     * @see #rocAuc(int[], double[], int)
     */
    public static double rocAuc(int[] truth, double[] scores) {
        if (truth != null) {
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] != 0 && truth[i] != 1) {
                    throw new IllegalArgumentException("truth[" + i + "]: expected 0 or 1, got " + truth[i]
                            + " (use rocAuc(truth, scores, positiveClass) for other labels)");
                }
            }
        }
        return rocAuc(truth, scores, 1);
    }

    /**
     * Area under the ROC curve: the probability that a random positive sample scores higher than
     * a random negative one, ties counting one half. This is the Mann–Whitney U statistic with
     * average ranks for ties, divided by (#positives * #negatives), and equals the trapezoidal area
     * under the ROC curve (scikit-learn's {@code roc_auc_score}).
     *
     * <p>Samples with {@code truth[i] == positiveClass} are positive, all others negative. A higher
     * score means "more likely positive". Infinite scores are ordered normally; {@code -0.0} and
     * {@code 0.0} tie.
     *
     * @param truth true label of each sample
     * @param scores score of each sample, same length, no NaN
     * @param positiveClass the label that counts as positive
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, a score is
     *         NaN, or only one of the two classes occurs (the AUC is then undefined)
     */
    public static double rocAuc(int[] truth, double[] scores, int positiveClass) {
        if (truth == null || scores == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : "scores") + ": expected an array, got null");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("truth: expected at least one sample, got an empty array");
        }
        if (scores.length != truth.length) {
            throw new IllegalArgumentException("scores: expected length " + truth.length
                    + " (the length of truth), got " + scores.length);
        }
        int numPositive = 0;
        for (int i = 0; i < truth.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "]: expected a number, got NaN");
            }
            if (truth[i] == positiveClass) {
                numPositive++;
            }
        }
        int numNegative = truth.length - numPositive;
        if (numPositive == 0 || numNegative == 0) {
            throw new IllegalArgumentException("truth: ROC-AUC needs both positive (label " + positiveClass
                    + ") and negative samples, got " + numPositive + " positive and " + numNegative + " negative");
        }
        double[] positive = new double[numPositive];
        double[] negative = new double[numNegative];
        int p = 0;
        int n = 0;
        for (int i = 0; i < truth.length; i++) {
            // + 0.0 turns -0.0 into 0.0: Arrays.sort orders -0.0 before 0.0, but they are equal scores
            double s = scores[i] + 0.0;
            if (truth[i] == positiveClass) {
                positive[p++] = s;
            } else {
                negative[n++] = s;
            }
        }
        Arrays.sort(positive);
        Arrays.sort(negative);
        // For each positive (ascending) count the negatives strictly below it and those equal to it;
        // both pointers only move forward, so the walk is linear after the sorts.
        long twiceU = 0; // 2 * U: a win counts 2, a tie 1, kept integral to avoid rounding
        int below = 0;
        int belowOrEqual = 0;
        for (double s : positive) {
            while (below < numNegative && negative[below] < s) {
                below++;
            }
            if (belowOrEqual < below) {
                belowOrEqual = below;
            }
            while (belowOrEqual < numNegative && negative[belowOrEqual] == s) {
                belowOrEqual++;
            }
            twiceU += 2L * below + (belowOrEqual - below);
        }
        return twiceU / (2.0 * numPositive * (double) numNegative);
    }

    private static ConfusionMatrix binaryMatrix(int[] truth, int[] predicted, int numClasses, int positiveClass) {
        ConfusionMatrix.validateLabels(truth, predicted, numClasses);
        if (positiveClass < 0 || positiveClass >= numClasses) {
            throw new IllegalArgumentException("positiveClass: expected a class in [0, " + numClasses + "), got "
                    + positiveClass);
        }
        return ConfusionMatrix.of(truth, predicted, numClasses);
    }

    private static void validatePair(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : "predicted") + ": expected an array, got null");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("truth: expected at least one sample, got an empty array");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("predicted: expected length " + truth.length
                    + " (the length of truth), got " + predicted.length);
        }
    }
}
