package dev.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelNetwork;
import dev.rnn4j.lm.LanguageModelTraining;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.NodeProto;
import dev.rnn4j.quantize.ModelQuantizer;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny character language models trained on Shakespeare, exported from their folders and run in
 * ONNX Runtime: over windows of real text read as parallel streams, the second window starting
 * from the first one's final states, ONNX Runtime's logits and states agree with the network's own
 * within 1e-5 (the LSTM cell state relative to its magnitude above 1); windows of other lengths and
 * batch sizes run on the same file.
 */
class LanguageModelOnnxTest {

    static final double TOLERANCE = 1e-5;
    static final int TRAIN_CHARACTERS = 6000;

    @TempDir
    Path dir;

    static String shakespeare() throws IOException {
        try (InputStream in = LanguageModelOnnxTest.class.getResourceAsStream("tiny-shakespeare-300.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static LanguageModel train(String cell, int layers, int embedding, int hidden, boolean tied) throws IOException {
        String text = shakespeare();
        String train = text.substring(0, TRAIN_CHARACTERS);
        String validation = text.substring(TRAIN_CHARACTERS);
        CharVocabulary vocabulary = CharVocabulary.of(train);
        LanguageModelConfig config = new LanguageModelConfig(cell, vocabulary.size(), embedding, hidden, layers, 0.1,
                0.1, 0.05, tied);
        LanguageModelTraining training = new LanguageModelTraining(5, 1, 4, 32, false, 3e-3, 1.0, 1.0, 0, 0, 0, null,
                false, true, null);
        return LanguageModel.train(vocabulary, train, validation, config, training);
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), embedding {2}, hidden {3}, tied {4}")
    @CsvSource({"LSTM, 2, 16, 24, false", "GRU, 2, 24, 24, true", "RNN_TANH, 1, 16, 20, false",
            "LSTM, 1, 20, 20, true"})
    void onnxRuntimeReproducesTheLogitsAndStatesOverConsecutiveWindows(String cell, int layers, int embedding,
                                                                       int hidden, boolean tied) throws Exception {
        LanguageModel model = train(cell, layers, embedding, hidden, tied);
        Path folder = dir.resolve("lm");
        model.save(folder);
        Path file = dir.resolve("lm.onnx");
        List<OnnxExport.Result> written = OnnxExport.export(folder, file, false);
        assertEquals(List.of(file.toAbsolutePath()), written.stream().map(OnnxExport.Result::file).toList());
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        String opType = cell.startsWith("RNN") ? "RNN" : cell;
        assertEquals(layers, proto.getGraph().getNodeList().stream().map(NodeProto::getOpType)
                .filter(opType::equals).count());
        assertEquals(tied ? 1 : 2, proto.getGraph().getInitializerList().stream()
                .filter(t -> t.getDimsCount() == 2 && t.getDims(0) == model.vocabulary().size()).count(),
                "the embedding and, untied, the decoder: each stored once");

        // three streams of the held-out text, 40 then 25 characters each, the state carried over
        int[] text = model.vocabulary().encode(shakespeare().substring(TRAIN_CHARACTERS));
        int streams = 3;
        int segment = text.length / streams;
        LanguageModelNetwork network = model.network();
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(),
                new OrtSession.SessionOptions())) {
            Window first = compare(session, network, window(text, streams, segment, 0, 40), 40, streams, null, null);
            compare(session, network, window(text, streams, segment, 40, 25), 25, streams, first.hN(), first.cN());
            // other shapes on the same file: 5 streams of 7 characters, one stream of 60
            compare(session, network, window(text, 5, text.length / 5, 100, 7), 7, 5, null, null);
            compare(session, network, window(text, 1, text.length, 200, 60), 60, 1, null, null);
        }
    }

    /** The (T, B) time-major ids of {@code streams} streams {@code segment} apart, from offset {@code from}. */
    static int[] window(int[] text, int streams, int segment, int from, int steps) {
        int[] ids = new int[steps * streams];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < streams; b++) {
                ids[t * streams + b] = text[b * segment + from + t];
            }
        }
        return ids;
    }

    /** rnn4j's final states of a window, for the next one. */
    record Window(Tensor hN, Tensor cN) {
    }

    /** Runs one window in rnn4j and in ONNX Runtime from the same states and compares every output. */
    static Window compare(OrtSession session, LanguageModelNetwork network, int[] ids, int steps, int streams,
                          Tensor h0, Tensor c0) throws OrtException {
        LanguageModelConfig c = network.config();
        boolean hasCell = network.rnn().cell().hasCellState();
        LanguageModelNetwork.Output expected;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            expected = network.forward(ids, steps, streams, h0, c0);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[][] idsLong = new long[steps][streams];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < streams; b++) {
                idsLong[t][b] = ids[t * streams + b];
            }
        }
        long[] stateShape = {c.layers(), streams, c.hidden()};
        float[] zeros = new float[c.layers() * streams * c.hidden()];
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("ids", OnnxTensor.createTensor(env, idsLong));
            inputs.put("h0", OnnxTensor.createTensor(env, FloatBuffer.wrap(h0 == null ? zeros : h0.toFloatArray()),
                    stateShape));
            if (hasCell) {
                inputs.put("c0", OnnxTensor.createTensor(env, FloatBuffer.wrap(c0 == null ? zeros
                        : c0.toFloatArray()), stateShape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] logits = (float[][][]) result.get("logits").orElseThrow().getValue();
                assertEquals(steps, logits.length);
                assertEquals(streams, logits[0].length);
                float[] flat = new float[steps * streams * c.vocabulary()];
                for (int t = 0; t < steps; t++) {
                    for (int b = 0; b < streams; b++) {
                        System.arraycopy(logits[t][b], 0, flat, (t * streams + b) * c.vocabulary(), c.vocabulary());
                    }
                }
                assertClose("logits", expected.logits().toFloatArray(), flat);
                assertClose("hN", expected.hN().toFloatArray(), flatten(result.get("hN").orElseThrow().getValue()));
                if (hasCell) {
                    assertCellStatesClose(expected.cN().toFloatArray(),
                            flatten(result.get("cN").orElseThrow().getValue()));
                }
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
        return new Window(expected.hN(), expected.cN());
    }

    static float[] flatten(Object value) {
        float[][][] v = (float[][][]) value;
        float[] out = new float[v.length * v[0].length * v[0][0].length];
        int k = 0;
        for (float[][] a : v) {
            for (float[] row : a) {
                System.arraycopy(row, 0, out, k, row.length);
                k += row.length;
            }
        }
        return out;
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        double worst = 0;
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max |rnn4j - ONNX Runtime| = " + worst + " (max |value| "
                + largest + ")");
    }

    /**
     * The LSTM cell state is not squashed and grows along a window (to about 20 here, where floats
     * are 2e-6 apart), so it is held to 1e-5 relative to its magnitude where that exceeds 1, and to
     * 1e-5 absolute elsewhere.
     */
    static void assertCellStatesClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "cN: number of values");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i])));
        }
        assertTrue(worst <= TOLERANCE, "cN: max |rnn4j - ONNX Runtime| / max(1, |rnn4j|) = " + worst);
    }

    @Test
    void aLayerNormalisedCellIsRefusedNamingTheLayer() {
        LanguageModelNetwork network = new LanguageModelNetwork(new LanguageModelConfig("LSTM_LN", 12, 8, 8, 1, 0, 0,
                0, false), new Rng(1));
        List<String> symbols = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> LanguageModelExport.export(network, symbols));
        assertTrue(e.getMessage().contains("layer 'rnn'") && e.getMessage().contains("LSTM_LN"), e.getMessage());
    }

    @Test
    void anInt8FolderIsRefusedNamingTheLayerAndNothingIsWritten() throws Exception {
        Path floats = dir.resolve("float");
        train("LSTM", 1, 12, 16, false).save(floats);
        Path int8 = dir.resolve("int8");
        ModelQuantizer.quantize(floats, int8, null);
        Path file = dir.resolve("int8.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.export(int8, file, false));
        assertTrue(e.getMessage().contains("layer 'rnn'") && e.getMessage().contains("int8"), e.getMessage());
        assertFalse(Files.exists(file));
    }
}
