package dev.rnn4j.classify;

import dev.rnn4j.metrics.Average;
import dev.rnn4j.metrics.ConfusionMatrix;
import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled texts turned into what the classifier computes with: tokens, token ids and label
 * indices, with errors that name the file and line of a bad example; and the scores of predicted
 * label indices against true ones. Stateless.
 */
final class TextEncoding {

    private TextEncoding() {
    }

    /**
     * The tokens of every example's text, in order.
     *
     * @throws IllegalArgumentException for a null example or text, or a text without tokens (a
     *     {@link DataFormatException} naming its file and line when it has one)
     */
    static List<List<String>> tokenizeAll(List<LabeledText> examples, Tokenizer tokenizer) {
        List<List<String>> out = new ArrayList<>(examples.size());
        for (LabeledText example : examples) {
            if (example == null || example.text() == null) {
                throw new IllegalArgumentException("examples must not hold null examples or texts");
            }
            List<String> tokens = tokenizer.tokenize(example.text());
            if (tokens.isEmpty()) {
                String problem = "empty text: no tokens in \"" + example.text() + "\"";
                throw example.source() != null
                        ? new DataFormatException(example.source(), example.line(), problem)
                        : new IllegalArgumentException(example.location() + ": " + problem);
            }
            out.add(tokens);
        }
        return out;
    }

    /** The token ids of tokenized texts, in order. */
    static List<int[]> encodeAll(List<List<String>> tokens, Vocabulary vocabulary) {
        List<int[]> out = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) {
            out.add(vocabulary.encode(t));
        }
        return out;
    }

    /**
     * The index in {@code labels} of every example's label.
     *
     * @throws IllegalArgumentException for a label the set does not hold (a {@link DataFormatException}
     *     naming the file and line when the example has one)
     */
    static int[] labelIndices(List<LabeledText> examples, LabelSet labels) {
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            LabeledText example = examples.get(i);
            if (example == null || example.label() == null || !labels.contains(example.label())) {
                String problem = "unknown label \"" + (example == null ? null : example.label())
                        + "\"; the model knows " + labels.labels();
                throw example != null && example.source() != null
                        ? new DataFormatException(example.source(), example.line(), problem)
                        : new IllegalArgumentException((example == null ? "example " + i : example.location()) + ": "
                        + problem);
            }
            out[i] = labels.index(example.label());
        }
        return out;
    }

    /** The fraction of rows whose predicted index equals the true one. */
    static double accuracy(int[] predicted, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /** The index of each row's largest value (the first on ties) of a (rows, classes) row-major array. */
    static int[] argmaxRows(float[] values, int rows, int classes) {
        int[] out = new int[rows];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (values[i * classes + c] > values[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Accuracy, precision, recall, F1 and the confusion matrix of the argmax of combined logits
     * (N, C) row-major against the true label indices. With two classes, precision, recall and F1
     * are those of the second label (the positive class); with more, their macro averages.
     */
    static MetricsReport metrics(double[] logits, int[] truth, LabelSet labels) {
        int[] predicted = new int[truth.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = TemperatureScaling.argmax(logits, i, labels.size());
        }
        ConfusionMatrix matrix = ConfusionMatrix.of(truth, predicted, labels.size());
        return labels.size() == 2
                ? MetricsReport.binary(matrix, 1, labels.labels())
                : MetricsReport.of(matrix, Average.MACRO, labels.labels());
    }
}
