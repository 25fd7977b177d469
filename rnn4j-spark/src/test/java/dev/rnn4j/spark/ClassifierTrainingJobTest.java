package dev.rnn4j.spark;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.EpochResult;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data-parallel training on {@code local[2]}: two workers in a barrier stage against one process, and a
 * worker that fails mid-training.
 */
class ClassifierTrainingJobTest {

    @TempDir
    Path tmp;

    private static final List<LabeledText> TRAIN = SparkTests.sentences(96, 11);
    private static final List<LabeledText> DEV = SparkTests.sentences(40, 12);

    /** A small classifier: one network, no n-gram expert, 12 batches of 8 per epoch, 2 epochs. */
    private static ClassifierConfig.Builder small() {
        return ClassifierConfig.defaults().toBuilder().embeddingDim(16).hiddenSize(12).minFrequency(1).epochs(2)
                .patience(0).batchSize(8).learningRate(0.01).seed(5).ngramOrder(0).ensembleSize(1)
                .averageNeighbourEpochs(false);
    }

    /**
     * Two workers over the ring against one process: within float rounding (one process sums a batch's
     * gradient inside its matrix products, two workers sum two halves), and against two workers over
     * {@code allGather}: bit for bit (the ring adds a + b where allGather adds b + a, equal in floats).
     */
    @Test
    void twoWorkersTrainWhatOneProcessTrainsWithinFloatRoundingAndTheTwoExchangesAgreeBitForBit() throws Exception {
        // without dropout the two runs compute the same sums in another order
        ClassifierConfig config = small().dropout(0).embeddingDropout(0).wordDropout(0).build();
        TextClassifier single = TextClassifier.train(TRAIN, DEV, config);
        Path singleFolder = tmp.resolve("single");
        single.save(singleFolder);

        Path out = tmp.resolve("parallel");
        List<ClassifierTrainingJob.TaskReport> reports = ClassifierTrainingJob.run(SparkTests.spark().sparkContext(),
                TRAIN, DEV, config, out, 2, Exchange.defaults());

        assertEquals(2, reports.size());
        assertEquals(reports.get(0).fingerprint(), reports.get(1).fingerprint(),
                "both workers end with the same classifier, bit for bit");
        List<Double> singleLosses = single.summary().epochs().stream().map(EpochResult::trainLoss).toList();
        List<Double> parallelLosses = reports.get(0).epochLosses();
        assertEquals(singleLosses.size(), parallelLosses.size(), "epochs trained");
        for (int e = 0; e < singleLosses.size(); e++) {
            assertEquals(singleLosses.get(e), parallelLosses.get(e), 1e-5 * Math.abs(singleLosses.get(e)),
                    "epoch " + (e + 1) + " loss: one process " + singleLosses + ", two workers " + parallelLosses);
        }
        Map<String, float[]> expected = weights(singleFolder);
        Map<String, float[]> actual = weights(out.resolve(ClassifierTrainingJob.MODEL));
        assertEquals(expected.keySet(), actual.keySet());
        double worst = 0;
        for (String name : expected.keySet()) {
            float[] a = expected.get(name);
            float[] b = actual.get(name);
            assertEquals(a.length, b.length, name);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(worst < 1e-4, "largest weight difference from one process: " + worst);
        assertEquals(24, reports.get(0).stats().steps(), "2 epochs of 12 steps: " + reports.get(0).stats().line());
        assertEquals("ring", reports.get(0).stats().exchange());

        Path gathered = tmp.resolve("allgather");
        List<ClassifierTrainingJob.TaskReport> gatheredReports = ClassifierTrainingJob.run(
                SparkTests.spark().sparkContext(), TRAIN, DEV, config, gathered, 2,
                new Exchange(Exchange.Kind.ALLGATHER, 60, GradientFault.NONE));
        assertEquals("allgather", gatheredReports.get(0).stats().exchange());
        assertEquals(parallelLosses, gatheredReports.get(0).epochLosses());
        Map<String, float[]> overAllGather = weights(gathered.resolve(ClassifierTrainingJob.MODEL));
        for (String name : actual.keySet()) {
            assertArrayEquals(bits(actual.get(name)), bits(overAllGather.get(name)), name + ": ring and allGather");
        }
    }

    @Test
    void aWorkerThatFailsMidTrainingIsRetriedFromTheLastCheckpointAndEndsTheSame() throws Exception {
        ClassifierConfig config = small().dropout(0.2).embeddingDropout(0.1).wordDropout(0.05).build();
        Path straight = tmp.resolve("straight");
        ClassifierTrainingJob.run(SparkTests.spark().sparkContext(), TRAIN, DEV, config, straight, 2,
                Exchange.defaults());

        Path interrupted = tmp.resolve("interrupted");
        // rank 1 fails in epoch 2 (steps 12 to 23), after the checkpoint of epoch 1
        List<ClassifierTrainingJob.TaskReport> reports = ClassifierTrainingJob.run(SparkTests.spark().sparkContext(),
                TRAIN, DEV, config, interrupted, 2, Exchange.defaults().withFault(new GradientFault(1, 15)));

        assertTrue(reports.get(0).log().stream().anyMatch(line -> line.contains("resuming from")),
                "the retried stage resumes: " + reports.get(0).log());
        assertEquals(12, reports.get(0).stats().steps(), "the retry trains epoch 2 only");
        Map<String, float[]> expected = weights(straight.resolve(ClassifierTrainingJob.MODEL));
        Map<String, float[]> actual = weights(interrupted.resolve(ClassifierTrainingJob.MODEL));
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(bits(expected.get(name)), bits(actual.get(name)), name + " differs");
        }
        assertTrue(Files.isDirectory(interrupted.resolve(ClassifierTrainingJob.RUN).resolve("checkpoints")));
    }

    private static Map<String, float[]> weights(Path folder) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : SafeTensors.read(folder.resolve("weights.safetensors")).tensors().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }
}
