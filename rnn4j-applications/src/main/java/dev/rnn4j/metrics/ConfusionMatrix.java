package dev.rnn4j.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs for single-label classification with classes
 * {@code 0 .. numClasses-1}. Row = true class, column = predicted class, as in scikit-learn's
 * {@code confusion_matrix}. Immutable; combine the matrices of several batches with
 * {@link #plus(ConfusionMatrix)}.
 *
 * <p>The per-class and averaged scores follow scikit-learn's {@code precision_recall_fscore_support}
 * with its default {@code zero_division} (which yields 0):
 * <ul>
 *   <li>precision(c) = TP / (TP + FP), and <b>0</b> when nothing was predicted as c;</li>
 *   <li>recall(c) = TP / (TP + FN), and <b>0</b> when c never occurs in the truth;</li>
 *   <li>F1(c) = 2 TP / (2 TP + FP + FN), and <b>0</b> when that denominator is 0.</li>
 * </ul>
 * Averages run over the <em>present</em> classes: those that occur in the truth or in the
 * predictions (scikit-learn's default {@code labels=None}). A class that never occurs anywhere
 * has no meaningful score and does not pull a macro average down.
 */
public final class ConfusionMatrix {

    /**
     * Largest supported number of classes: the matrix holds numClasses^2 longs, 128 MiB at this
     * size, and a larger one would be an out-of-memory error rather than a report.
     */
    public static final int MAX_CLASSES = 4096;

    // counts: (numClasses, numClasses), row-major; counts[t * numClasses + p] = #samples with truth t, prediction p
    private final long[] counts;
    private final int numClasses;

    private ConfusionMatrix(long[] counts, int numClasses) {
        this.counts = counts;
        this.numClasses = numClasses;
    }

    /**
     * Tallies the pairs {@code (truth[i], predicted[i])}.
     *
     * @param truth true class of each sample, each in {@code [0, numClasses)}
     * @param predicted predicted class of each sample, same length as {@code truth}, each in {@code [0, numClasses)}
     * @param numClasses number of classes, at least 1
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a label is out of range
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int numClasses) {
        validateLabels(truth, predicted, numClasses);
        long[] counts = new long[numClasses * numClasses];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i] * numClasses + predicted[i]]++;
        }
        return new ConfusionMatrix(counts, numClasses);
    }

    /**
     * Builds a matrix from explicit counts.
     *
     * @param counts square matrix, {@code counts[trueClass][predictedClass]}, all entries &ge; 0
     * @throws IllegalArgumentException if {@code counts} is null, empty, not square, or has a negative entry
     */
    public static ConfusionMatrix ofCounts(long[][] counts) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("counts: expected a non-empty square matrix, got "
                    + (counts == null ? "null" : "0 rows"));
        }
        int n = counts.length;
        if (n > MAX_CLASSES) {
            throw new IllegalArgumentException("counts: expected <= " + MAX_CLASSES + " classes, got " + n);
        }
        long[] flat = new long[n * n];
        for (int t = 0; t < n; t++) {
            if (counts[t] == null || counts[t].length != n) {
                throw new IllegalArgumentException("counts: expected row " + t + " of length " + n + ", got "
                        + (counts[t] == null ? "null" : String.valueOf(counts[t].length)));
            }
            for (int p = 0; p < n; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("counts[" + t + "][" + p + "]: expected >= 0, got " + counts[t][p]);
                }
                flat[t * n + p] = counts[t][p];
            }
        }
        return new ConfusionMatrix(flat, n);
    }

    /**
     * The element-wise sum of this matrix and {@code other}, e.g. to combine evaluation batches.
     *
     * @throws IllegalArgumentException if {@code other} is null or has a different number of classes
     */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        if (other == null) {
            throw new IllegalArgumentException("other: expected a confusion matrix, got null");
        }
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException("other: expected " + numClasses + " classes, got " + other.numClasses);
        }
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new ConfusionMatrix(sum, numClasses);
    }

    /** Number of classes (rows = columns). */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Number of samples whose true class is {@code trueClass} and predicted class is {@code predictedClass}.
     *
     * @throws IllegalArgumentException if a class index is out of range
     */
    public long count(int trueClass, int predictedClass) {
        checkClass("trueClass", trueClass);
        checkClass("predictedClass", predictedClass);
        return counts[trueClass * numClasses + predictedClass];
    }

    /** A copy of the counts, {@code [trueClass][predictedClass]}. */
    public long[][] toArray() {
        long[][] out = new long[numClasses][numClasses];
        for (int t = 0; t < numClasses; t++) {
            System.arraycopy(counts, t * numClasses, out[t], 0, numClasses);
        }
        return out;
    }

    /** Total number of samples. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Samples of class {@code c} predicted as {@code c}. */
    public long truePositives(int c) {
        checkClass("c", c);
        return counts[c * numClasses + c];
    }

    /** Samples of another class predicted as {@code c}. */
    public long falsePositives(int c) {
        return predictedCount(c) - truePositives(c);
    }

    /** Samples of class {@code c} predicted as another class. */
    public long falseNegatives(int c) {
        return support(c) - truePositives(c);
    }

    /** Number of samples whose true class is {@code c} (row sum). */
    public long support(int c) {
        checkClass("c", c);
        long sum = 0;
        for (int p = 0; p < numClasses; p++) {
            sum += counts[c * numClasses + p];
        }
        return sum;
    }

    /** Number of samples predicted as {@code c} (column sum). */
    public long predictedCount(int c) {
        checkClass("c", c);
        long sum = 0;
        for (int t = 0; t < numClasses; t++) {
            sum += counts[t * numClasses + c];
        }
        return sum;
    }

    /** Whether class {@code c} occurs in the truth or in the predictions. */
    public boolean isPresent(int c) {
        return support(c) > 0 || predictedCount(c) > 0;
    }

    /** Fraction of samples on the diagonal; 0 for an empty matrix. */
    public double accuracy() {
        long total = total();
        if (total == 0) {
            return 0.0;
        }
        long correct = 0;
        for (int c = 0; c < numClasses; c++) {
            correct += counts[c * numClasses + c];
        }
        return (double) correct / total;
    }

    /** Precision of class {@code c} (one-vs-rest): TP / (TP + FP), 0 when nothing was predicted as {@code c}. */
    public double precision(int c) {
        return safeRatio(truePositives(c), predictedCount(c));
    }

    /** Recall of class {@code c} (one-vs-rest): TP / (TP + FN), 0 when {@code c} never occurs in the truth. */
    public double recall(int c) {
        return safeRatio(truePositives(c), support(c));
    }

    /** F1 of class {@code c} (one-vs-rest): 2TP / (2TP + FP + FN), 0 when the denominator is 0. */
    public double f1(int c) {
        long tp = truePositives(c);
        return safeRatio(2 * tp, 2 * tp + falsePositives(c) + falseNegatives(c));
    }

    /** Precision averaged as {@code average} says (see the class Javadoc for the conventions). */
    public double precision(Average average) {
        return averaged(average, Score.PRECISION);
    }

    /** Recall averaged as {@code average} says (see the class Javadoc for the conventions). */
    public double recall(Average average) {
        return averaged(average, Score.RECALL);
    }

    /** F1 averaged as {@code average} says (see the class Javadoc for the conventions). */
    public double f1(Average average) {
        return averaged(average, Score.F1);
    }

    private enum Score { PRECISION, RECALL, F1 }

    private double averaged(Average average, Score score) {
        if (average == null) {
            throw new IllegalArgumentException("average: expected MACRO, MICRO or WEIGHTED, got null");
        }
        switch (average) {
            case MICRO: {
                long tp = 0, fp = 0, fn = 0;
                for (int c = 0; c < numClasses; c++) {
                    tp += truePositives(c);
                    fp += falsePositives(c);
                    fn += falseNegatives(c);
                }
                switch (score) {
                    case PRECISION: return safeRatio(tp, tp + fp);
                    case RECALL: return safeRatio(tp, tp + fn);
                    default: return safeRatio(2 * tp, 2 * tp + fp + fn);
                }
            }
            case MACRO: {
                double sum = 0;
                int present = 0;
                for (int c = 0; c < numClasses; c++) {
                    if (isPresent(c)) {
                        sum += score(score, c);
                        present++;
                    }
                }
                return present == 0 ? 0.0 : sum / present;
            }
            default: { // WEIGHTED
                double sum = 0;
                long totalSupport = 0;
                for (int c = 0; c < numClasses; c++) {
                    long support = support(c);
                    if (support > 0) {
                        sum += support * score(score, c);
                        totalSupport += support;
                    }
                }
                return totalSupport == 0 ? 0.0 : sum / totalSupport;
            }
        }
    }

    private double score(Score score, int c) {
        switch (score) {
            case PRECISION: return precision(c);
            case RECALL: return recall(c);
            default: return f1(c);
        }
    }

    /**
     * A text table with one row per true class and one column per predicted class, headed by the
     * label names, e.g.
     * <pre>
     * true \ pred  cat  dog
     * cat            5    1
     * dog            2    7
     * </pre>
     *
     * @param labelNames one name per class, in class order
     * @throws IllegalArgumentException if {@code labelNames} is null, has the wrong size or a null entry
     */
    public String toString(List<String> labelNames) {
        validateLabelNames(labelNames);
        String corner = "true \\ pred";
        int firstWidth = corner.length();
        for (String name : labelNames) {
            firstWidth = Math.max(firstWidth, name.length());
        }
        int[] widths = new int[numClasses];
        for (int p = 0; p < numClasses; p++) {
            widths[p] = labelNames.get(p).length();
            for (int t = 0; t < numClasses; t++) {
                widths[p] = Math.max(widths[p], Long.toString(counts[t * numClasses + p]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(padRight(corner, firstWidth));
        for (int p = 0; p < numClasses; p++) {
            sb.append("  ").append(padLeft(labelNames.get(p), widths[p]));
        }
        sb.append('\n');
        for (int t = 0; t < numClasses; t++) {
            sb.append(padRight(labelNames.get(t), firstWidth));
            for (int p = 0; p < numClasses; p++) {
                sb.append("  ").append(padLeft(Long.toString(counts[t * numClasses + p]), widths[p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The table of {@link #toString(List)} with the class indices as names. */
    @Override
    public String toString() {
        return toString(defaultLabelNames(numClasses));
    }

    /** The names {@code "0", "1", ..., numClasses-1}. */
    static List<String> defaultLabelNames(int numClasses) {
        List<String> names = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    void validateLabelNames(List<String> labelNames) {
        if (labelNames == null) {
            throw new IllegalArgumentException("labelNames: expected " + numClasses + " names, got null");
        }
        if (labelNames.size() != numClasses) {
            throw new IllegalArgumentException("labelNames: expected " + numClasses + " names (one per class), got "
                    + labelNames.size());
        }
        for (int c = 0; c < numClasses; c++) {
            if (labelNames.get(c) == null) {
                throw new IllegalArgumentException("labelNames[" + c + "]: expected a name, got null");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && other.numClasses == numClasses
                && java.util.Arrays.equals(other.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * numClasses + java.util.Arrays.hashCode(counts);
    }

    /**
     * Checks that {@code truth} and {@code predicted} are non-empty, of equal length and in
     * {@code [0, numClasses)}.
     */
    static void validateLabels(int[] truth, int[] predicted, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses: expected >= 1, got " + numClasses);
        }
        if (numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("numClasses: expected <= " + MAX_CLASSES
                    + " for a confusion matrix, got " + numClasses);
        }
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
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= numClasses) {
                throw new IllegalArgumentException("truth[" + i + "]: expected a class in [0, " + numClasses
                        + "), got " + truth[i]);
            }
            if (predicted[i] < 0 || predicted[i] >= numClasses) {
                throw new IllegalArgumentException("predicted[" + i + "]: expected a class in [0, " + numClasses
                        + "), got " + predicted[i]);
            }
        }
    }

    private void checkClass(String name, int c) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException(name + ": expected a class in [0, " + numClasses + "), got " + c);
        }
    }

    private static double safeRatio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
