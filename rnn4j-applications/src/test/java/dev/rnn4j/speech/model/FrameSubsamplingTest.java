package dev.rnn4j.speech.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.ctc.CtcLoss;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.speech.features.FeatureNormalizer;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strided frame subsampling: every k-th frame, F values per step, next to stacking's k·F. */
class FrameSubsamplingTest {

    /** (frames, dims) with value 100·frame + dim + offset, so every copied value names its source. */
    private static float[][] frames(int count, int dims, int offset) {
        float[][] f = new float[count][dims];
        for (int t = 0; t < count; t++) {
            for (int d = 0; d < dims; d++) {
                f[t][d] = 100 * t + d + offset;
            }
        }
        return f;
    }

    @Test
    void strideKeepsEveryKthFrameAndRoundsLengthsUp() {
        // 7 and 3 frames, k = 3: ceil(7/3) = 3 steps (frames 0, 3, 6), ceil(3/3) = 1 step (frame 0)
        float[][] a = frames(7, 2, 1);
        float[][] b = frames(3, 2, 50);
        FeatureBatch batch = FeatureBatch.of(List.<float[][]>of(a, b), List.of(new int[] {1}, new int[] {2}),
                FrameSubsampling.STRIDE, 3);
        assertArrayEquals(new int[] {3, 2, 2}, batch.x().shape());
        assertArrayEquals(new int[] {3, 1}, batch.lengths());
        // x: (T', B, F); row b is zero after its one step
        assertArrayEquals(new float[] {1, 2, 50, 51, 301, 302, 0, 0, 601, 602, 0, 0}, batch.x().toFloatArray());

        FeatureBatch stacked = FeatureBatch.of(List.<float[][]>of(a, b), List.of(new int[] {1}, new int[] {2}),
                FrameSubsampling.STACK, 3);
        assertArrayEquals(new int[] {3, 2, 6}, stacked.x().shape());
        assertArrayEquals(batch.lengths(), stacked.lengths());

        FeatureBatch none = FeatureBatch.of(List.<float[][]>of(a), List.of(new int[] {1}), FrameSubsampling.STRIDE, 1);
        assertArrayEquals(new int[] {7, 1, 2}, none.x().shape());
        FeatureBatch longer = FeatureBatch.of(List.<float[][]>of(b), List.of(new int[] {1}), FrameSubsampling.STRIDE,
                5);
        assertArrayEquals(new int[] {1}, longer.lengths());
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(List.<float[][]>of(a),
                List.of(new int[] {1}), FrameSubsampling.STRIDE, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(List.<float[][]>of(a),
                List.of(new int[] {1}), null, 2));
    }

    @Test
    void stridedNetworkReadsFValuesPerStepAndCtcUsesTheStepCounts() {
        AcousticModelConfig config = new AcousticModelConfig(SpeechTask.CONNECTED, CellType.GRU, 4,
                FrameSubsampling.STRIDE, 2, 5, 1, 0);
        assertEquals(4, config.stepSize());
        assertEquals(8, new AcousticModelConfig(SpeechTask.CONNECTED, CellType.GRU, 4, 2, 5, 1, 0).stepSize());
        AcousticNetwork network = new AcousticNetwork(config, new Rng(3));
        // 9 frames -> 5 steps, 4 frames -> 2 steps
        FeatureBatch batch = FeatureBatch.of(List.<float[][]>of(frames(9, 4, 0), frames(4, 4, 7)),
                List.of(new int[] {1, 2}, new int[] {3}), config);
        assertArrayEquals(new int[] {5, 2}, batch.lengths());
        Tensor out = network.forward(batch.x(), batch.lengths());
        assertArrayEquals(new int[] {5, 2, 11}, out.shape());
        int[][] targets = {{2, 3}, {4}};
        Tensor perUtterance = CtcLoss.ctcLoss(out, targets, batch.lengths(), new int[] {2, 1}, 0, Reduction.NONE,
                false);
        float[] losses = perUtterance.toFloatArray();
        assertTrue(Float.isFinite(losses[0]) && losses[0] > 0 && Float.isFinite(losses[1]) && losses[1] > 0,
                "CTC losses " + losses[0] + ", " + losses[1]);
        // one step cannot emit two labels: infinite loss, as PyTorch without zero_infinity
        FeatureBatch tooShort = FeatureBatch.of(List.<float[][]>of(frames(2, 4, 0)), List.of(new int[] {1, 2}),
                config);
        assertArrayEquals(new int[] {1}, tooShort.lengths());
        Tensor impossible = CtcLoss.ctcLoss(network.forward(tooShort.x(), tooShort.lengths()), new int[][] {{2, 3}},
                tooShort.lengths(), new int[] {2}, 0, Reduction.NONE, false);
        assertEquals(Float.POSITIVE_INFINITY, impossible.toFloatArray()[0]);
        // a stacked batch (k·F wide) does not fit a strided network
        FeatureBatch stacked = FeatureBatch.of(List.<float[][]>of(frames(9, 4, 0)), List.of(new int[] {1}), 2);
        assertThrows(IllegalArgumentException.class, () -> network.forward(stacked.x(), stacked.lengths()));
    }

    @Test
    void stridedTrainingStepsRunAndLowerTheCtcLoss() throws Exception {
        AcousticModelConfig config = new AcousticModelConfig(SpeechTask.CONNECTED, CellType.LSTM, 4,
                FrameSubsampling.STRIDE, 2, 8, 1, 0);
        Rng rng = new Rng(5);
        List<LabeledFeatures> data = List.of(new LabeledFeatures(noise(rng, 21, 4), new int[] {1, 2}),
                new LabeledFeatures(noise(rng, 16, 4), new int[] {3}),
                new LabeledFeatures(noise(rng, 11, 4), new int[] {4, 4}));
        AcousticTraining o = new AcousticTraining(9, 8, 3, 0.02, 1, 5, false, null, false, true, null);
        TrainResult result = AcousticTrainer.train(config, data, data, o, null).result();
        double first = result.history().get(0).get("loss");
        double last = result.history().get(result.history().size() - 1).get("loss");
        assertTrue(Double.isFinite(first) && last < first, "CTC loss " + first + " -> " + last);
    }

    @Test
    void subsamplingRoundTripsThroughTheModelFolderAndOldFoldersMeanStacking(@TempDir Path dir) throws Exception {
        Rng rng = new Rng(11);
        FeatureNormalizer normalizer = FeatureNormalizer.fit(List.<float[][]>of(noise(rng, 30, 40)));
        AcousticModelConfig strided = new AcousticModelConfig(SpeechTask.DIGITS, CellType.GRU, 40,
                FrameSubsampling.STRIDE, 3, 6, 1, 0);
        AcousticNetwork network = new AcousticNetwork(strided, new Rng(2));
        network.eval();
        Path folder = dir.resolve("strided");
        SpeechModelFolder.save(folder, network, normalizer, 8000);
        Transcriber loaded = SpeechModelFolder.load(folder);
        assertEquals(strided, loaded.network().config());
        assertEquals(null, SpeechModelFolder.heldOutSpeaker(folder));
        float[][] features = noise(rng, 25, 40);
        assertArrayEquals(AcousticDecoding.recognise(network, List.<float[][]>of(features), 1),
                AcousticDecoding.recognise(loaded.network(), List.<float[][]>of(features), 1));
        assertEquals("stride", loaded.describe().settings().get("subsampling"));

        // a folder written before the subsampling field: "stack": k and no "subsampling"
        AcousticNetwork stackedNetwork = new AcousticNetwork(new AcousticModelConfig(SpeechTask.DIGITS, CellType.GRU,
                40, 2, 6, 1, 0), new Rng(2));
        Path old = dir.resolve("old");
        SpeechModelFolder.save(old, stackedNetwork, normalizer, 8000, "lucas");
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(old.resolve(SpeechModelFolder.CONFIG).toFile());
        ObjectNode model = (ObjectNode) config.get("model");
        assertEquals("stack", model.get("subsampling").asText());
        model.remove("subsampling");
        model.set("stack", model.remove("factor"));
        Files.write(old.resolve(SpeechModelFolder.CONFIG), json.writeValueAsBytes(config));
        AcousticModelConfig read = SpeechModelFolder.load(old).network().config();
        assertEquals(FrameSubsampling.STACK, read.subsampling());
        assertEquals(2, read.factor());
        assertEquals("lucas", SpeechModelFolder.heldOutSpeaker(old));

        model.put("subsampling", "skip");
        Files.write(old.resolve(SpeechModelFolder.CONFIG), json.writeValueAsBytes(config));
        String message = assertThrows(IllegalArgumentException.class, () -> SpeechModelFolder.load(old))
                .getMessage();
        assertTrue(message.contains("expected stack or stride, got skip"), message);
    }

    private static float[][] noise(Rng rng, int frames, int dims) {
        float[][] f = new float[frames][dims];
        for (float[] row : f) {
            for (int d = 0; d < dims; d++) {
                row[d] = (float) rng.nextGaussian();
            }
        }
        return f;
    }
}
