package dev.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.Prediction;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.WordTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny classifiers exported to ONNX and run in ONNX Runtime: on a padded batch of texts of
 * different lengths, ONNX Runtime's probabilities agree with the classifier's own within 1e-5.
 */
class ClassifierOnnxTest {

    static final double TOLERANCE = 1e-5;
    static final String[] WORDS = {"good", "bad", "fine", "dull", "the", "film", "was", "a", "plot", "and", "it"};
    static final String[] LABELS = {"neg", "pos", "mixed"};

    @TempDir
    Path folder;

    static ClassifierConfig config(CellType cell, boolean bidirectional, int layers, Pooling pooling, int ngramOrder,
                                   int members) {
        return ClassifierConfig.defaults().toBuilder().embeddingDim(6).hiddenSize(5).numLayers(layers).cell(cell)
                .bidirectional(bidirectional).pooling(pooling).dropout(0.1).embeddingDropout(0.1).minFrequency(1)
                .maxLength(0).epochs(1).patience(0).batchSize(8).learningRate(0.01).seed(7).ngramOrder(ngramOrder)
                .ensembleSize(members).build();
    }

    /** Random texts of 1 to 9 words, labelled in turn (the weights, not the accuracy, matter here). */
    static List<LabeledText> texts(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> words = new ArrayList<>();
            int length = 1 + random.nextInt(9);
            for (int j = 0; j < length; j++) {
                words.add(WORDS[random.nextInt(WORDS.length)]);
            }
            out.add(new LabeledText(String.join(" ", words), LABELS[i % LABELS.length]));
        }
        return out;
    }

    /** Random texts labelled "pos" when they hold "good", else "neg" when they hold "bad", else "mixed". */
    static List<LabeledText> cued(int n, long seed) {
        List<LabeledText> out = new ArrayList<>();
        for (LabeledText t : texts(n, seed)) {
            String label = t.text().contains("good") ? "pos" : t.text().contains("bad") ? "neg" : "mixed";
            out.add(new LabeledText(t.text(), label));
        }
        return out;
    }

    static TextClassifier train(ClassifierConfig config) {
        return TextClassifier.train(cued(30, 1), cued(9, 2), config);
    }

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(CellType.LSTM, true, 2, Pooling.MAX, 1),
                Arguments.of(CellType.GRU, true, 2, Pooling.MAX, 1),
                Arguments.of(CellType.LSTM, true, 2, Pooling.LAST, 1),
                Arguments.of(CellType.GRU, true, 2, Pooling.MEAN, 1),
                Arguments.of(CellType.LSTM, false, 1, Pooling.ATTENTION, 1),
                Arguments.of(CellType.GRU, true, 1, Pooling.ATTENTION, 1),
                Arguments.of(CellType.RNN_TANH, true, 2, Pooling.LAST, 1),
                Arguments.of(CellType.RNN_RELU, false, 2, Pooling.MEAN, 1),
                Arguments.of(CellType.LSTM, true, 1, Pooling.MAX, 2));
    }

    @ParameterizedTest(name = "{0} bidirectional={1} layers={2} {3} members={4}")
    @MethodSource("architectures")
    void onnxRuntimeReproducesTheProbabilitiesOnAPaddedBatch(CellType cell, boolean bidirectional, int layers,
                                                             Pooling pooling, int members) throws OrtException {
        TextClassifier classifier = train(config(cell, bidirectional, layers, pooling, 0, members));
        Path file = folder.resolve("model.onnx");
        OnnxExport.exportClassifier(classifier, file, false);

        List<String> batch = texts(12, 3).stream().map(LabeledText::text).toList();
        Encoded encoded = encode(classifier, batch);
        float[][] onnxLogits = run(file, encoded, "logits");
        float[][] onnxProbabilities = run(file, encoded, "probabilities");
        float[] logits = ensembleLogits(classifier, encoded);
        List<Prediction> expected = classifier.predictAll(batch);
        int classes = classifier.labels().size();
        double worstLogit = 0;
        double worstProbability = 0;
        for (int b = 0; b < batch.size(); b++) {
            Map<String, Double> probabilities = expected.get(b).probabilities();
            for (int c = 0; c < classes; c++) {
                worstLogit = Math.max(worstLogit, Math.abs(logits[b * classes + c] - onnxLogits[b][c]));
                worstProbability = Math.max(worstProbability,
                        Math.abs(probabilities.get(classifier.labels().label(c)) - onnxProbabilities[b][c]));
            }
        }
        assertTrue(worstLogit <= TOLERANCE, "logits: max |rnn4j - ONNX Runtime| = " + worstLogit);
        assertTrue(worstProbability <= TOLERANCE, "probabilities: max |rnn4j - ONNX Runtime| = " + worstProbability);
    }

    @Test
    void onnxRuntimeReproducesABidirectionalStackOnRealSentences() throws Exception {
        List<LabeledText> sentences = new ArrayList<>();
        try (var in = ClassifierOnnxTest.class.getResourceAsStream("sst2-dev-100.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                sentences.add(new LabeledText(line.substring(2), line.substring(0, 1)));
            }
        }
        TextClassifier classifier = TextClassifier.train(sentences.subList(0, 70), sentences.subList(70, 85),
                config(CellType.LSTM, true, 2, Pooling.MAX, 0, 1));
        Path file = folder.resolve("sst2.onnx");
        OnnxExport.exportClassifier(classifier, file, false);
        // 15 held-out sentences of different lengths (the longest 29 tokens) in one padded batch
        List<String> batch = sentences.subList(85, 100).stream().map(LabeledText::text).toList();
        Encoded encoded = encode(classifier, batch);
        float[][] onnx = run(file, encoded, "probabilities");
        List<Prediction> expected = classifier.predictAll(batch);
        double worst = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int c = 0; c < 2; c++) {
                double p = expected.get(b).probabilities().get(classifier.labels().label(c));
                worst = Math.max(worst, Math.abs(p - onnx[b][c]));
            }
        }
        assertTrue(encoded.steps() >= 20, "longest sentence " + encoded.steps());
        assertTrue(worst <= TOLERANCE, "max |rnn4j - ONNX Runtime| = " + worst);
    }

    /** The mean of the members' logits (B, C) row-major, summed then scaled as the classifier does. */
    static float[] ensembleLogits(TextClassifier classifier, Encoded encoded) {
        float[] sum = null;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (SequenceClassifier network : classifier.members()) {
                network.eval();
                float[] z = network.forward(encoded.flatIds(), encoded.ids().length, encoded.steps(),
                        encoded.lengths()).toFloatArray();
                if (sum == null) {
                    sum = z;
                } else {
                    for (int i = 0; i < z.length; i++) {
                        sum[i] += z[i];
                    }
                }
            }
        }
        if (classifier.members().size() > 1) {
            float scale = 1f / classifier.members().size();
            for (int i = 0; i < sum.length; i++) {
                sum[i] *= scale;
            }
        }
        return sum;
    }

    @Test
    void aClassifierWithAnNgramExpertIsRefusedUnlessTheNetworksAloneAreAskedFor() throws OrtException {
        // labels that follow one word: the table learns them at once, one epoch of the network hardly
        TextClassifier classifier = TextClassifier.train(cued(60, 1), cued(20, 2),
                config(CellType.LSTM, true, 2, Pooling.MAX, 1, 1));
        assertTrue(classifier.ngramExpert().weight() > 0, "expert weight " + classifier.ngramExpert().weight());
        Path file = folder.resolve("mixture.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.exportClassifier(classifier, file, false));
        assertTrue(e.getMessage().contains("n-gram expert"), e.getMessage());
        OnnxExport.exportClassifier(classifier, file, true);
        List<String> batch = texts(7, 4).stream().map(LabeledText::text).toList();
        Encoded encoded = encode(classifier, batch);
        float[][] logits = run(file, encoded, "logits");
        float[][] probabilities = run(file, encoded, "probabilities");
        SequenceClassifier network = classifier.model();
        network.eval();
        float[] expected;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            expected = network.forward(encoded.flatIds(), batch.size(), encoded.steps(), encoded.lengths())
                    .toFloatArray();
        }
        int classes = classifier.labels().size();
        for (int b = 0; b < batch.size(); b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                assertEquals(expected[b * classes + c], logits[b][c], TOLERANCE, "logit " + b + "," + c);
                max = Math.max(max, expected[b * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(expected[b * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                assertEquals(Math.exp(expected[b * classes + c] - max) / sum, probabilities[b][c], TOLERANCE);
            }
        }
    }

    /** Token ids (B, T) padded with 0 past each length, and the lengths. */
    record Encoded(long[][] ids, long[] lengthsLong, int[] lengths, int steps) {
        int[] flatIds() {
            int[] flat = new int[ids.length * steps];
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < steps; t++) {
                    flat[b * steps + t] = (int) ids[b][t];
                }
            }
            return flat;
        }
    }

    static Encoded encode(TextClassifier classifier, List<String> texts) {
        WordTokenizer tokenizer = new WordTokenizer(classifier.config().lowerCase(),
                classifier.config().splitPunctuation());
        List<int[]> rows = new ArrayList<>();
        int steps = 0;
        for (String text : texts) {
            int[] row = classifier.vocabulary().encode(tokenizer.tokenize(text));
            rows.add(row);
            steps = Math.max(steps, row.length);
        }
        long[][] ids = new long[texts.size()][steps];
        long[] lengthsLong = new long[texts.size()];
        int[] lengths = new int[texts.size()];
        for (int b = 0; b < rows.size(); b++) {
            for (int t = 0; t < rows.get(b).length; t++) {
                ids[b][t] = rows.get(b)[t];
            }
            lengths[b] = rows.get(b).length;
            lengthsLong[b] = lengths[b];
        }
        return new Encoded(ids, lengthsLong, lengths, steps);
    }

    static float[][] run(Path file, Encoded encoded, String output) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor ids = OnnxTensor.createTensor(env, encoded.ids());
             OnnxTensor lengths = OnnxTensor.createTensor(env, encoded.lengthsLong());
             OrtSession.Result result = session.run(Map.of("ids", ids, "lengths", lengths))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        }
    }
}
