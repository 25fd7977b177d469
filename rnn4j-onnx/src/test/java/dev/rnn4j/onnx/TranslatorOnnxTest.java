package dev.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.DecoderState;
import dev.rnn4j.models.seq2seq.DecoderStyle;
import dev.rnn4j.models.seq2seq.EncodedSource;
import dev.rnn4j.models.seq2seq.SearchStep;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.models.seq2seq.TeacherForced;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.quantize.ModelQuantizer;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.translate.EncodedCorpus;
import dev.rnn4j.translate.PairBatch;
import dev.rnn4j.translate.PairBatcher;
import dev.rnn4j.translate.PairEncoder;
import dev.rnn4j.translate.ParallelCorpus;
import dev.rnn4j.translate.ParallelCorpusReader;
import dev.rnn4j.translate.SubwordVocabulary;
import dev.rnn4j.translate.TranslationModel;
import dev.rnn4j.translate.TranslationOptions;
import dev.rnn4j.translate.TranslationTraining;
import dev.rnn4j.translate.Translation;
import dev.rnn4j.translate.Translator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny German-to-English translators trained on real Multi30k pairs, exported as an encoder graph
 * and a decoder step graph and run in ONNX Runtime on a padded batch of sentences of different
 * lengths: the encoder's outputs and every decoder step's log-probabilities and attention agree with
 * rnn4j's within 1e-5, and a greedy search that runs the decoder graph step by step gives the tokens
 * of rnn4j's own greedy translations. Every attention score, layout and cell of the model is
 * covered, with one- and two-layer bidirectional encoders.
 */
class TranslatorOnnxTest {

    static final double TOLERANCE = 1e-5;
    static final Set<String> STATE = Set.of("hidden", "cell", "attentional");

    @TempDir
    static Path shared;
    static TranslationModel trained;
    static EncodedCorpus trainPairs;
    /** Six held-out German sentences of different lengths, translated as one padded batch. */
    static List<String> sentences;

    @TempDir
    Path dir;

    static List<String> lines(String name) throws IOException {
        try (InputStream in = TranslatorOnnxTest.class.getResourceAsStream(name)) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    static ParallelCorpus pairs(String name, int from, int to) throws IOException {
        Path de = Files.write(shared.resolve(name + ".de"), lines("multi30k-val-200.de").subList(from, to));
        Path en = Files.write(shared.resolve(name + ".en"), lines("multi30k-val-200.en").subList(from, to));
        return ParallelCorpusReader.read(de, en);
    }

    @BeforeAll
    static void trainATinyTranslator() throws IOException {
        ParallelCorpus train = pairs("train", 0, 150);
        ParallelCorpus dev = pairs("dev", 150, 190);
        TranslationOptions options = new TranslationOptions(120, true, 150, 16, 12, 24, CellType.GRU, 0.1, 0.1, 400,
                5e-3, 0.5, 1.0, 3, 2, false, 0, 7);
        trained = TranslationTraining.train(train, dev, options,
                new TranslationTraining.Run(shared.resolve("run"), false, true, null));
        trainPairs = new PairEncoder(trained.sourceVocabulary(), trained.targetVocabulary(), trained.maxTokens())
                .encodeTraining(train);
        sentences = lines("multi30k-val-200.de").subList(190, 196);
    }

    @Test
    void theTrainedTranslatorsFolderExportsToTwoFilesThatOnnxRuntimeRunsAsRnn4jDoes() throws Exception {
        Path folder = dir.resolve("de-en");
        trained.save(folder);
        Path file = dir.resolve("de-en.onnx");
        List<OnnxExport.Result> written = OnnxExport.export(folder, file, false);
        assertEquals(List.of(dir.resolve("de-en.encoder.onnx").toAbsolutePath(),
                dir.resolve("de-en.decoder.onnx").toAbsolutePath()), written.stream().map(OnnxExport.Result::file)
                .toList());
        assertFalse(Files.exists(file), "the two files replace the one named");
        checkAgainstRnn4j(trained, written.get(0).file(), written.get(1).file());
    }

    @ParameterizedTest(name = "encoder {0} x {1}, decoder {2}, {3} {4}, input feeding {5}")
    @CsvSource({
            "LSTM, 2, LSTM, BAHDANAU, ADDITIVE, false",
            "GRU, 1, LSTM, BAHDANAU, GENERAL, false",
            "LSTM, 1, GRU, BAHDANAU, DOT, false",
            "GRU, 2, GRU, LUONG, ADDITIVE, false",
            "LSTM, 1, LSTM, LUONG, GENERAL, true",
            "GRU, 1, GRU, LUONG, DOT, true",
            "LSTM, 1, LSTM, LUONG, DOT, false"})
    void everyAttentionScoreLayoutAndCellRunsInOnnxRuntimeAsInRnn4j(CellType encoderCell, int encoderLayers,
                                                                   CellType decoderCell, DecoderStyle style,
                                                                   AttentionScore score, boolean inputFeeding)
            throws Exception {
        Seq2SeqConfig trainedConfig = trained.network().config();
        // decoder hidden = 2 · encoder hidden, as dot scores need
        Seq2SeqConfig config = new Seq2SeqConfig(trainedConfig.srcVocab(), trainedConfig.trgVocab(), 12, 10, 20,
                encoderLayers, encoderCell, decoderCell, style, score, inputFeeding, 0.0, SubwordVocabulary.PAD_ID,
                SubwordVocabulary.SOS_ID, SubwordVocabulary.EOS_ID);
        Seq2Seq network = brieflyTrained(config);
        TranslationModel model = new TranslationModel(network, trained.tokens(), trained.maxTokens(), null);
        List<OnnxExport.Result> written = OnnxExport.exportTranslator(model, dir.resolve("variant.onnx"));
        checkAgainstRnn4j(model, written.get(0).file(), written.get(1).file());
    }

    /**
     * A network of {@code config} after two epochs of teacher-forced Adam on the training pairs, so
     * that its greedy choices are clear rather than near ties of random weights.
     */
    static Seq2Seq brieflyTrained(Seq2SeqConfig config) {
        Seq2Seq network = new Seq2Seq(config, new Rng(11));
        Adam adam = new Adam(network.parameters(), 1e-2);
        network.train(true);
        PairBatcher batcher = PairBatcher.byTokens(400, 7);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (PairBatch b : batcher.batches(trainPairs.pairs(), epoch)) {
                adam.zeroGrad();
                TeacherForced out = network.forward(b.source(), b.sourceLengths(), b.target());
                network.loss(out, b.target(), 0).backward();
                adam.step();
            }
        }
        network.eval();
        return network;
    }

    /**
     * Runs the batch of {@link #sentences} through both files and through rnn4j side by side,
     * comparing the encoder's outputs and every step's outputs, with ONNX Runtime's greedy choices
     * fed back to both; then compares those choices with rnn4j's greedy translations.
     */
    static void checkAgainstRnn4j(TranslationModel model, Path encoderFile, Path decoderFile) throws OrtException {
        Seq2Seq network = model.network();
        Seq2SeqConfig c = network.config();
        SubwordVocabulary source = model.sourceVocabulary();
        int batch = sentences.size();
        int[][] ids = new int[batch][];
        int[] lengths = new int[batch];
        int steps = 0;
        for (int b = 0; b < batch; b++) {
            ids[b] = source.encode(sentences.get(b).strip());
            lengths[b] = ids[b].length + 1; // + <eos>
            steps = Math.max(steps, lengths[b]);
        }
        assertTrue(Arrays.stream(lengths).distinct().count() >= 4, "source lengths " + Arrays.toString(lengths));
        int[] src = new int[steps * batch]; // (S, B) time-major, <pad> = 0 past each length
        long[][] srcLong = new long[steps][batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int id = t < ids[b].length ? ids[b][t] : SubwordVocabulary.EOS_ID;
                src[t * batch + b] = id;
                srcLong[t][b] = id;
            }
        }
        List<Translation> expected = Translator.of(model).withSearch(1, 1).predictBatch(sentences);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Autograd.Scope ignored = Autograd.noGrad();
             OrtSession encoder = env.createSession(encoderFile.toString(), new OrtSession.SessionOptions());
             OrtSession decoder = env.createSession(decoderFile.toString(), new OrtSession.SessionOptions());
             OnnxTensor sourceIds = OnnxTensor.createTensor(env, srcLong);
             OnnxTensor sourceLengths = OnnxTensor.createTensor(env,
                     Arrays.stream(lengths).asLongStream().toArray());
             OrtSession.Result encoded = encoder.run(Map.of("source_ids", sourceIds,
                     "source_lengths", sourceLengths))) {
            EncodedSource reference = network.encode(src, lengths);
            assertClose("encoder_outputs", reference.memory().values().toFloatArray(),
                    flatten(encoded.get("encoder_outputs").orElseThrow().getValue()));
            if (c.score() != AttentionScore.DOT) {
                assertClose("attention_keys", reference.memory().keys().toFloatArray(),
                        flatten(encoded.get("attention_keys").orElseThrow().getValue()));
            }
            assertClose("hidden", reference.initialHidden().toFloatArray(),
                    flatten(encoded.get("hidden").orElseThrow().getValue()));
            boolean[][] mask = (boolean[][]) encoded.get("source_mask").orElseThrow().getValue();
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    assertEquals(t < lengths[b], mask[b][t], "source_mask[" + b + "][" + t + "]");
                }
            }

            DecoderState state = network.initialState(reference);
            Map<String, OnnxTensor> carried = new HashMap<>();
            for (String name : decoder.getInputNames()) {
                if (!name.equals("previous")) {
                    carried.put(name, (OnnxTensor) encoded.get(name).orElseThrow());
                }
            }
            long[] previous = new long[batch];
            Arrays.fill(previous, c.sos());
            List<List<Integer>> tokens = new ArrayList<>();
            boolean[] finished = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                tokens.add(new ArrayList<>());
            }
            OrtSession.Result last = null;
            int running = batch;
            try {
                for (int step = 0; running > 0; step++) {
                    OrtSession.Result result;
                    try (OnnxTensor previousTensor = OnnxTensor.createTensor(env, previous)) {
                        Map<String, OnnxTensor> inputs = new HashMap<>(carried);
                        inputs.put("previous", previousTensor);
                        result = decoder.run(inputs);
                    }
                    SearchStep s = network.step(state, Arrays.stream(previous).mapToInt(p -> (int) p).toArray());
                    float[][] logProbs = (float[][]) result.get("log_probs").orElseThrow().getValue();
                    assertClose("log_probs at step " + step, s.logProbs().toFloatArray(), flatten(logProbs));
                    assertClose("attention at step " + step, s.attention().toFloatArray(),
                            flatten(result.get("attention").orElseThrow().getValue()));
                    for (int b = 0; b < batch; b++) {
                        if (finished[b]) {
                            previous[b] = c.eos();
                            continue;
                        }
                        // rnn4j's greedy search: <eos> forced at the maximum length, <pad> <sos> <unk> never chosen
                        boolean forced = tokens.get(b).size() >= Math.floor(1.5 * lengths[b]) + 10;
                        int token = forced ? c.eos() : argmaxAllowed(logProbs[b]);
                        previous[b] = token;
                        if (token == c.eos()) {
                            finished[b] = true;
                            running--;
                        } else {
                            tokens.get(b).add(token);
                        }
                    }
                    state = s.next();
                    for (String name : STATE) {
                        if (carried.containsKey(name)) {
                            carried.put(name, (OnnxTensor) result.get("next_" + name).orElseThrow());
                        }
                    }
                    if (last != null) {
                        last.close();
                    }
                    last = result;
                }
            } finally {
                if (last != null) {
                    last.close();
                }
            }
            SubwordVocabulary target = model.targetVocabulary();
            for (int b = 0; b < batch; b++) {
                int[] chosen = tokens.get(b).stream().mapToInt(Integer::intValue).toArray();
                List<String> subwords = new ArrayList<>(target.subwords(chosen));
                subwords.add(SubwordVocabulary.EOS);
                assertEquals(expected.get(b).candidates().get(0).tokens(), subwords, "sentence " + b);
                assertEquals(expected.get(b).text(), target.decode(chosen), "sentence " + b);
            }
        }
    }

    /** The first index of the largest log-probability, skipping <pad>, <sos> and <unk>. */
    static int argmaxAllowed(float[] logProbs) {
        int best = -1;
        for (int v = 0; v < logProbs.length; v++) {
            boolean blocked = v == SubwordVocabulary.PAD_ID || v == SubwordVocabulary.SOS_ID
                    || v == SubwordVocabulary.UNK_ID;
            if (!blocked && (best < 0 || logProbs[v] > logProbs[best])) {
                best = v;
            }
        }
        return best;
    }

    /** A float array of any rank, row-major. */
    static float[] flatten(Object value) {
        if (value instanceof float[] row) {
            return row;
        }
        Object[] parts = (Object[]) value;
        List<float[]> flat = new ArrayList<>();
        int total = 0;
        for (Object part : parts) {
            float[] f = flatten(part);
            flat.add(f);
            total += f.length;
        }
        float[] out = new float[total];
        int k = 0;
        for (float[] f : flat) {
            System.arraycopy(f, 0, out, k, f.length);
            k += f.length;
        }
        return out;
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max |rnn4j - ONNX Runtime| = " + worst);
    }

    @Test
    void anInt8FolderIsRefusedNamingTheLayerAndNothingIsWritten() throws IOException {
        Path folder = dir.resolve("float");
        Path int8 = dir.resolve("int8");
        trained.save(folder);
        ModelQuantizer.quantize(folder, int8, null);
        Path file = dir.resolve("int8.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.export(int8, file, false));
        assertTrue(e.getMessage().contains("layer 'encoder.rnn'") && e.getMessage().contains("int8"), e.getMessage());
        for (Path written : OnnxExport.translatorFiles(file)) {
            assertFalse(Files.exists(written), written.toString());
        }
    }

    @Test
    void anOutputInAMissingFolderIsRefusedBeforeAnythingIsWritten() {
        Path target = dir.resolve("missing").resolve("de-en.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.exportTranslator(trained, target));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
