package dev.rnn4j.train;

import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tiny, fast classification task for the trainer tests: sequences of 8 tokens over a vocabulary
 * of 20, label 1 when most tokens are below 10. The data are fixed (their own seed); the model's
 * initialisation and dropout come from the training seed.
 */
final class ToyTask {

    static final int VOCAB = 20;
    static final int STEPS = 8;
    static final int EXAMPLES = 64;
    static final int VALIDATION = 32;

    /** One batch: ids (B, T) row-major and labels (B). */
    record Batch(int[] ids, int[] labels, int size) {
    }

    final SequenceClassifier.Config config;
    final SequenceClassifier model;
    final Rng rng;
    final Adam optimizer;
    private final int[][] sequences;
    private final int[] labels;
    private final Batch validation;

    ToyTask(long seed, int hidden, double lr, double embeddingDropout) {
        this.config = new SequenceClassifier.Config(VOCAB, 8, CellType.LSTM, hidden, 1, false, 0.0, embeddingDropout,
                Pooling.MEAN, 2, -1);
        this.rng = new Rng(seed);
        this.model = new SequenceClassifier(config, rng);
        this.optimizer = new Adam(model.parameters(), lr);
        Rng data = new Rng(7);
        int total = EXAMPLES + VALIDATION;
        sequences = new int[total][STEPS];
        labels = new int[total];
        for (int i = 0; i < total; i++) {
            int low = 0;
            for (int t = 0; t < STEPS; t++) {
                sequences[i][t] = data.nextInt(VOCAB);
                low += sequences[i][t] < 10 ? 1 : 0;
            }
            labels[i] = low * 2 > STEPS ? 1 : 0;
        }
        int[] valIdx = new int[VALIDATION];
        for (int i = 0; i < VALIDATION; i++) {
            valIdx[i] = EXAMPLES + i;
        }
        validation = batchOf(valIdx);
    }

    ToyTask(long seed) {
        this(seed, 16, 0.01, 0.1);
    }

    Batch batchOf(int[] indices) {
        int[] ids = new int[indices.length * STEPS];
        int[] y = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(sequences[indices[b]], 0, ids, b * STEPS, STEPS);
            y[b] = labels[indices[b]];
        }
        return new Batch(ids, y, indices.length);
    }

    BatchSource<Batch> source(int batchSize) {
        return BatchSource.ofIndices(EXAMPLES, batchSize, true, false, this::batchOf);
    }

    static StepResult step(SequenceClassifier model, Batch batch) {
        Tensor logits = model.forward(batch.ids(), batch.size(), STEPS, null); // (B, 2)
        Tensor loss = Losses.crossEntropy(logits, batch.labels());
        return StepResult.of(loss, batch.size(), Map.of("accuracy", accuracy(logits, batch.labels())));
    }

    Map<String, Double> evaluate(SequenceClassifier m) {
        Tensor logits = m.forward(validation.ids(), validation.size(), STEPS, null);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", Losses.crossEntropy(logits, validation.labels()).item());
        out.put("accuracy", accuracy(logits, validation.labels()));
        return out;
    }

    static double accuracy(Tensor logits, int[] labels) {
        int correct = 0;
        for (int b = 0; b < labels.length; b++) {
            int predicted = logits.get(b, 1) > logits.get(b, 0) ? 1 : 0;
            correct += predicted == labels[b] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** A builder with the usual test settings: quiet, no bar, silent output, generator registered. */
    Trainer.Builder<SequenceClassifier, Batch> builder(int batchSize) {
        return Trainer.builder(model, optimizer, source(batchSize), ToyTask::step)
                .evaluator(this::evaluate)
                .registerRng("model", rng)
                .modelConfig(config)
                .quiet(true)
                .progressBar(false)
                .output(SILENT);
    }

    /** Trains and returns the trainer's result (wraps IOException for lambdas). */
    static TrainResult fit(Trainer<?, ?> trainer) {
        try {
            return trainer.fit();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies of every parameter's float data by name. */
    static Map<String, float[]> weights(dev.rnn4j.nn.Module model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    /** Asserts the two weight sets are equal bit for bit (raw float bits, so NaN and -0 count). */
    static void assertBitIdentical(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(bits(expected.get(k)), bits(actual.get(k)), "parameter " + k + " differs");
        }
    }

    static boolean bitIdentical(Map<String, float[]> a, Map<String, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            if (!Arrays.equals(bits(a.get(k)), bits(b.get(k)))) {
                return false;
            }
        }
        return true;
    }

    static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }

    /** Weights read from a safetensors file. */
    static Map<String, float[]> weights(Path safetensors) throws java.io.IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : dev.rnn4j.io.SafeTensors.read(safetensors).tensors().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

}
