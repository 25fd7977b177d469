package dev.rnn4j.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Classification results of one evaluation: accuracy, precision, recall and F1 (averaged as
 * {@code averaging} describes) and the confusion matrix with its class names.
 *
 * <p>{@link #toJson()} writes exactly the keys {@code accuracy}, {@code precision}, {@code recall},
 * {@code f1}, {@code confusion_matrix} (rows = true class, columns = predicted class) and
 * {@code labels}, in that order.
 *
 * @param accuracy fraction of correct predictions, in [0, 1]
 * @param precision precision, in [0, 1]
 * @param recall recall, in [0, 1]
 * @param f1 F1 score, in [0, 1]
 * @param averaging how the three scores were formed, e.g. {@code "macro"} or {@code "binary (positive class 1)"}
 * @param confusionMatrix the counts the scores came from
 * @param labels one name per class of {@code confusionMatrix}
 */
public record MetricsReport(double accuracy, double precision, double recall, double f1, String averaging,
                            ConfusionMatrix confusionMatrix, List<String> labels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @throws IllegalArgumentException if a score is not a finite number in [0, 1], {@code averaging}
     *         or {@code confusionMatrix} is null, or {@code labels} does not name each class once
     */
    public MetricsReport {
        checkScore("accuracy", accuracy);
        checkScore("precision", precision);
        checkScore("recall", recall);
        checkScore("f1", f1);
        if (averaging == null) {
            throw new IllegalArgumentException("averaging: expected a description such as \"macro\", got null");
        }
        if (confusionMatrix == null) {
            throw new IllegalArgumentException("confusionMatrix: expected a confusion matrix, got null");
        }
        confusionMatrix.validateLabelNames(labels);
        labels = List.copyOf(labels);
    }

    /**
     * The report of {@code matrix} with precision, recall and F1 averaged as {@code average} says.
     *
     * @param labelNames one name per class, or null for {@code "0", "1", ...}
     */
    public static MetricsReport of(ConfusionMatrix matrix, Average average, List<String> labelNames) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix: expected a confusion matrix, got null");
        }
        if (average == null) {
            throw new IllegalArgumentException("average: expected MACRO, MICRO or WEIGHTED, got null");
        }
        return new MetricsReport(matrix.accuracy(), matrix.precision(average), matrix.recall(average),
                matrix.f1(average), average.name().toLowerCase(Locale.ROOT), matrix,
                labelNames == null ? ConfusionMatrix.defaultLabelNames(matrix.numClasses()) : labelNames);
    }

    /**
     * The report of {@code matrix} with the binary precision, recall and F1 of {@code positiveClass}.
     *
     * @param labelNames one name per class, or null for {@code "0", "1", ...}
     */
    public static MetricsReport binary(ConfusionMatrix matrix, int positiveClass, List<String> labelNames) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix: expected a confusion matrix, got null");
        }
        if (positiveClass < 0 || positiveClass >= matrix.numClasses()) {
            throw new IllegalArgumentException("positiveClass: expected a class in [0, " + matrix.numClasses()
                    + "), got " + positiveClass);
        }
        return new MetricsReport(matrix.accuracy(), matrix.precision(positiveClass), matrix.recall(positiveClass),
                matrix.f1(positiveClass), "binary (positive class " + positiveClass + ")", matrix,
                labelNames == null ? ConfusionMatrix.defaultLabelNames(matrix.numClasses()) : labelNames);
    }

    /**
     * One-line JSON object:
     * {@code {"accuracy":..,"precision":..,"recall":..,"f1":..,"confusion_matrix":[[..],..],"labels":[..]}}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("accuracy", accuracy);
        root.put("precision", precision);
        root.put("recall", recall);
        root.put("f1", f1);
        ArrayNode rows = root.putArray("confusion_matrix");
        for (long[] row : confusionMatrix.toArray()) {
            ArrayNode jsonRow = rows.addArray();
            for (long count : row) {
                jsonRow.add(count);
            }
        }
        ArrayNode names = root.putArray("labels");
        labels.forEach(names::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // a tree of numbers and strings always serialises; this would be a Jackson bug
            throw new UncheckedIOException("could not write the metrics report as JSON", e);
        }
    }

    /** The scores on one line, then the confusion matrix table. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.4f  precision %.4f  recall %.4f  f1 %.4f  (%s, %d samples)%n",
                accuracy, precision, recall, f1, averaging, confusionMatrix.total())
                + confusionMatrix.toString(labels);
    }

    private static void checkScore(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + ": expected a number in [0, 1], got " + value);
        }
    }
}
