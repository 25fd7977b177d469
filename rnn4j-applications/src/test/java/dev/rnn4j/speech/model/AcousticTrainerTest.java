package dev.rnn4j.speech.model;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.audio.WavReader;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureNormalizer;
import dev.rnn4j.speech.features.FeatureSettings;
import dev.rnn4j.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcousticTrainerTest {

    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureSettings.defaults(8000));

    private static Waveform recording(String name) throws Exception {
        Path file = Path.of(AcousticTrainerTest.class.getResource("/dev/rnn4j/speech/fsdd/" + name).toURI());
        return WavReader.read(file).waveform();
    }

    private static List<Waveform> recordings() throws Exception {
        return List.of(recording("7_nicolas_1.wav"), recording("3_jackson_0.wav"), recording("5_theo_2.wav"));
    }

    private static LabeledFeatures utterance(int[] digits, Waveform... parts) {
        int total = 0;
        for (Waveform w : parts) {
            total += w.length() + 400;
        }
        float[] samples = new float[total];
        int at = 0;
        for (Waveform w : parts) {
            System.arraycopy(w.samples(), 0, samples, at, w.length());
            at += w.length() + 400; // 50 ms of silence after each digit
        }
        float[][] features = FeatureNormalizer.perUtterance(EXTRACTOR.logMel(new Waveform(samples, 8000)));
        return new LabeledFeatures(features, digits);
    }

    private static AcousticTraining training(int epochs, Path runDir, boolean resume) {
        return new AcousticTraining(7, epochs, 3, 0.01, 1.0, 5.0, false, runDir, resume, true, null);
    }

    @Test
    void editDistanceCountsSubstitutionsInsertionsAndDeletions() {
        assertEquals(0, DigitScores.editDistance(new int[] {1, 2, 3}, new int[] {1, 2, 3}));
        assertEquals(1, DigitScores.editDistance(new int[] {1, 9, 3}, new int[] {1, 2, 3}));
        assertEquals(1, DigitScores.editDistance(new int[] {1, 3}, new int[] {1, 2, 3}));
        assertEquals(2, DigitScores.editDistance(new int[] {1, 2, 3, 4, 5}, new int[] {1, 2, 3}));
        assertEquals(3, DigitScores.editDistance(new int[0], new int[] {4, 5, 6}));
        DigitScores scores = DigitScores.of(new int[][] {{1, 2}, {3}, {}}, new int[][] {{1, 2}, {4}, {5, 6}});
        assertEquals(3.0 / 5, scores.digitErrorRate(), 1e-12);
        assertEquals(1.0 / 3, scores.sequenceAccuracy(), 1e-12);
    }

    @Test
    void batchStacksFramesTimeMajorAndPadsWithZeros() {
        float[][] a = {{1, 2}, {3, 4}, {5, 6}};
        float[][] b = {{7, 8}};
        FeatureBatch batch = FeatureBatch.of(List.<float[][]>of(a, b), List.of(new int[] {1}, new int[] {2}), 2);
        assertArrayEquals(new int[] {2, 2, 4}, batch.x().shape());
        assertArrayEquals(new int[] {2, 1}, batch.lengths());
        // step 0: row a = frames 0,1; row b = frame 0 and a zero frame; step 1: row a = frame 2 and zeros
        assertArrayEquals(new float[] {1, 2, 3, 4, 7, 8, 0, 0, 5, 6, 0, 0, 0, 0, 0, 0}, batch.x().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(List.<float[][]>of(a), List.of(), 1));
    }

    @Test
    void isolatedDigitsLearnThreeRecordings() throws Exception {
        List<Waveform> w = recordings();
        List<LabeledFeatures> data = List.of(utterance(new int[] {7}, w.get(0)), utterance(new int[] {3}, w.get(1)),
                utterance(new int[] {5}, w.get(2)));
        AcousticModelConfig config = new AcousticModelConfig(SpeechTask.DIGITS, CellType.GRU, 40, 2, 12, 1, 0);
        AcousticTrainer.Trained trained = AcousticTrainer.train(config, data, data, training(25, null, false), null);
        int[][] recognised = AcousticDecoding.recognise(trained.network(),
                data.stream().map(LabeledFeatures::features).toList(), 2);
        assertArrayEquals(new int[][] {{7}, {3}, {5}}, recognised);
        assertEquals(1.0, trained.result().bestValue(), 1e-12);
    }

    @Test
    void connectedDigitsLearnWithCtcAndResumeExactly(@TempDir Path dir) throws Exception {
        List<Waveform> w = recordings();
        List<LabeledFeatures> data = List.of(utterance(new int[] {7, 3}, w.get(0), w.get(1)),
                utterance(new int[] {3, 5, 7}, w.get(1), w.get(2), w.get(0)),
                utterance(new int[] {5}, w.get(2)));
        AcousticModelConfig config = new AcousticModelConfig(SpeechTask.CONNECTED, CellType.LSTM, 40, 3, 16, 1, 0);
        AcousticTrainer.Trained full = AcousticTrainer.train(config, data, data, training(300, null, false), null);
        int[][] recognised = AcousticDecoding.recognise(full.network(),
                data.stream().map(LabeledFeatures::features).toList(), 3);
        assertEquals(0.0, DigitScores.of(recognised, new int[][] {{7, 3}, {3, 5, 7}, {5}}).digitErrorRate(), 1e-12);

        Path run = dir.resolve("run");
        AcousticTrainer.train(config, data, data, training(2, run, false), null);
        TrainResult resumed = AcousticTrainer.train(config, data, data, training(4, run, true), null).result();
        TrainResult straight = AcousticTrainer.train(config, data, data, training(4, null, false), null).result();
        List<Double> resumedLosses = new ArrayList<>();
        List<Double> straightLosses = new ArrayList<>();
        resumed.history().forEach(row -> resumedLosses.add(row.get("loss")));
        straight.history().forEach(row -> straightLosses.add(row.get("loss")));
        assertEquals(straightLosses, resumedLosses);
        assertTrue(straightLosses.get(3) < straightLosses.get(0), "CTC loss falls: " + straightLosses);
    }

    @Test
    void ctcTargetLongerThanItsInputContributesZeroLossAsPyTorchWithZeroInfinity() throws Exception {
        List<Waveform> w = recordings();
        // 4 frames stacked by 3: 2 steps, too few for 3 digits, so its CTC loss is infinite and zeroed
        float[][] shortFeatures = java.util.Arrays.copyOf(utterance(new int[] {1}, w.get(0)).features(), 4);
        LabeledFeatures impossible = new LabeledFeatures(shortFeatures, new int[] {1, 2, 3});
        LabeledFeatures possible = utterance(new int[] {7, 3}, w.get(0), w.get(1));
        AcousticModelConfig config = new AcousticModelConfig(SpeechTask.CONNECTED, CellType.GRU, 40, 3, 8, 1, 0);
        AcousticTraining o = new AcousticTraining(5, 3, 2, 0.01, 1, 5, false, null, false, true, null);
        TrainResult result = AcousticTrainer.train(config, List.of(impossible, possible), List.of(possible), o, null)
                .result();
        for (var row : result.history()) {
            assertTrue(Double.isFinite(row.get("loss")) && row.get("loss") > 0, "loss: " + row);
        }
        TrainResult alone = AcousticTrainer.train(config, List.of(impossible), List.of(possible), o, null).result();
        assertEquals(0.0, alone.history().get(0).get("loss"), 0.0);
    }
}
