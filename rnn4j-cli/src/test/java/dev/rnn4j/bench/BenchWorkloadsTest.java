package dev.rnn4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.cli.Main;
import dev.rnn4j.recurrent.CellType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every workload at tiny sizes: it runs, and its JSON line parses with a positive finite value. */
class BenchWorkloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode runOne(Workload w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<BenchResult> results = BenchRunner.run(List.of(w), "rnn4j-test", 2, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        assertEquals(1, lines.length, text);
        JsonNode line = JSON.readTree(lines[0]);
        assertEquals("rnn4j-test", line.get("system").asText());
        assertEquals(w.name(), line.get("workload").asText());
        assertEquals(2, line.get("threads").asInt());
        assertEquals(w.unit(), line.get("unit").asText());
        double value = line.get("value").asDouble();
        // the printed value is rounded to 0.1 as the reference prints it; the measured one must be positive
        assertTrue(results.get(0).value() > 0 && Double.isFinite(value), "value " + results.get(0).value()
                + " in " + lines[0]);
        assertEquals(results.get(0).value(), value, 0.05 + 1e-12 * value);
        return line;
    }

    @Test
    void trainClassifiersRun() throws Exception {
        runOne(new TrainClassifier(CellType.LSTM, 50, 8, 16, 4, 6, 1, 2));
        runOne(new TrainClassifier(CellType.GRU, 50, 8, 16, 4, 6, 1, 2));
    }

    @Test
    void dropoutOverheadIsAFinitePercentage() {
        double percent = new DropoutOverhead(50, 8, 16, 4, 6, 1, 3).measure();
        assertTrue(Double.isFinite(percent) && percent > -100, "overhead " + percent + " %");
    }

    @Test
    void trainCharLmRuns() throws Exception {
        JsonNode line = runOne(new TrainCharLm(16, 2, 3, 7, 11, 1, 2));
        assertEquals("tokens/s", line.get("unit").asText());
    }

    @Test
    void layerNormCharLmRuns() throws Exception {
        JsonNode line = runOne(new TrainCharLm("LSTM_LN", 16, 2, 3, 7, 11, 1, 2));
        assertEquals("train_lstm_ln_charlm", line.get("workload").asText());
        assertThrows(IllegalArgumentException.class, () -> new TrainCharLm("GRU", 16, 2, 3, 7, 11, 1, 2));
    }

    @Test
    void seq2seqWorkloadsRun() throws Exception {
        assertEquals("target tokens/s", runOne(new TrainSeq2Seq(20, 17, 6, 8, 3, 5, 4, 1, 2)).get("unit").asText());
        assertEquals("tokens/s", runOne(new TranslateGreedy(20, 17, 6, 8, 5, 4, 1, 2)).get("unit").asText());
        assertThrows(IllegalArgumentException.class, () -> new TrainSeq2Seq(20, 17, 6, 8, 3, 5, 1, 1, 2));
    }

    @Test
    void generateCharLmRuns() throws Exception {
        assertEquals("chars/s", runOne(new GenerateCharLm(16, 2, 11, 20, 1, 3)).get("unit").asText());
    }

    @Test
    void samplingFollowsTheTemperedSoftmax() {
        // logits 0 and 0.8·ln 3 at temperature 0.8: probabilities 1/4 and 3/4
        float[] logits = {0f, (float) (0.8 * Math.log(3))};
        float[] bias = {0f, 0f};
        double[] probs = new double[2];
        dev.rnn4j.tensor.Rng rng = new dev.rnn4j.tensor.Rng(7);
        int ones = 0;
        int draws = 20000;
        for (int i = 0; i < draws; i++) {
            ones += GenerateCharLm.sample(logits, bias, probs, rng);
        }
        assertEquals(0.75, (double) ones / draws, 0.015);
        float[] certain = {0f, 0f, 100f};
        assertEquals(2, GenerateCharLm.sample(certain, new float[3], new double[3], rng));
    }

    @Test
    void inferenceWorkloadsRun() throws Exception {
        runOne(new InferBatch("infer_lstm_batch", CellType.LSTM, 8, 16, 4, 5, 1, 3, InferBatch.Per.SEQUENCE));
        runOne(new InferBatch("sweep_seq_T5", CellType.GRU, 8, 16, 4, 5, 0, 2, InferBatch.Per.TOKEN));
        runOne(new InferBatch("infer_gru_batch_mixed", CellType.GRU, 8, 16, 4, 5, 1, 3, InferBatch.Per.SEQUENCE, false,
                true));
        runOne(new InferStream(CellType.LSTM, 8, 16, 20, 1, 3));
        runOne(new InferStream(CellType.GRU, 8, 16, 20, 1, 3));
    }

    @Test
    void batchInferenceIsNamedAfterItsCell() {
        assertEquals("infer_lstm_batch", new InferBatch(CellType.LSTM).name());
        assertEquals("infer_gru_batch", new InferBatch(CellType.GRU).name());
        assertEquals("infer_lstm_batch", new InferBatch().name());
        assertEquals("infer_lstm_batch_mixed", InferBatch.mixedLengths(CellType.LSTM).name());
        assertEquals("infer_gru_batch_mixed", InferBatch.mixedLengths(CellType.GRU).name());
        assertEquals(List.of("infer_lstm_batch_mixed", "infer_gru_batch_mixed"),
                Workloads.resolve(List.of("infer_lstm_batch_mixed", "infer_gru_batch_mixed")).stream()
                        .map(Workload::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InferBatch(CellType.RNN_TANH));
        assertTrue(e.getMessage().contains("cell must be LSTM or GRU"), e.getMessage());
    }

    @Test
    void int8InferenceWorkloadsRunAndStayOutOfTheDefaultRun() throws Exception {
        JsonNode batch = runOne(new InferBatch("infer_lstm_batch_int8", CellType.LSTM, 8, 16, 4, 5, 1, 3,
                InferBatch.Per.SEQUENCE, true));
        assertEquals("sequences/s", batch.get("unit").asText());
        JsonNode stream = runOne(new InferStream(CellType.LSTM, 8, 16, 20, 1, 3, true));
        assertEquals("infer_lstm_stream_int8", stream.get("workload").asText());
        assertEquals(List.of("infer_lstm_batch_int8", "infer_lstm_stream_int8"),
                Workloads.resolve(List.of("infer_lstm_batch_int8", "infer_lstm_stream_int8")).stream()
                        .map(Workload::name).toList());
        assertTrue(Workloads.defaults().stream().noneMatch(w -> w.name().endsWith("_int8")));
    }

    @Test
    void gemmRunsAndReportsGflops() throws Exception {
        JsonNode line = runOne(new Gemm(96, 1, 3));
        assertEquals("gemm_n96", line.get("workload").asText());
        assertEquals("GFLOPS", line.get("unit").asText());
    }

    @Test
    void referenceNamesAndSizesMatchTheScript() {
        assertEquals(List.of("train_lstm_classifier", "train_gru_classifier", "train_lstm_charlm", "infer_lstm_batch",
                "infer_lstm_stream", "infer_gru_stream", "train_seq2seq_attention", "translate_greedy",
                "generate_charlm"), Workloads.REFERENCE);
        List<Workload> all = Workloads.defaults();
        assertEquals(14, all.size());
        assertEquals(Workloads.REFERENCE, all.subList(0, 9).stream().map(Workload::name).toList());
        assertEquals("infer_gru_batch", all.get(9).name());
        assertEquals("sequences/s", all.get(9).unit());
        assertEquals(List.of("gemm_n256", "gemm_n512", "gemm_n1024", "gemm_n2048"),
                all.subList(10, 14).stream().map(Workload::name).toList());
        assertEquals("train_lstm_ln_charlm", Workloads.resolve(List.of("train_lstm_ln_charlm")).get(0).name());
        assertEquals(6, Workloads.resolve(List.of("sweep_seq")).size());
        assertEquals("sweep_batch_B256", Workloads.resolve(List.of("sweep_batch")).get(8).name());
        List<Workload> steady = Workloads.resolve(List.of("steady"));
        assertEquals(List.of("train_lstm_classifier_steady", "train_gru_classifier_steady", "train_lstm_charlm_steady"),
                steady.stream().map(Workload::name).toList());
        assertEquals("tokens/s", steady.get(2).unit());
    }

    @Test
    void unknownWorkloadListsTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workloads.resolve(List.of("infer_lstm_batch", "infer_rnn_batch")));
        assertTrue(e.getMessage().contains("'infer_rnn_batch'"), e.getMessage());
        assertTrue(e.getMessage().contains("train_lstm_charlm") && e.getMessage().contains("gemm_n1024"), e.getMessage());
    }

    @Test
    void commandRejectsBadArgumentsWithExitStatus2() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("bench", "nope"));
            assertEquals(2, Main.run("bench", "--threads", "0", "gemm_n256"));
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown workload 'nope'; valid names: train_lstm_classifier"), text);
        assertTrue(text.contains("--threads must be between 1 and 1024, got 0"), text);
    }

    @Test
    void jsonLineMatchesThePythonFormat() {
        BenchResult r = new BenchResult("rnn4j-0.1.0", "infer_lstm_stream", 1, "steps/s", 14304.849);
        assertEquals("{\"system\": \"rnn4j-0.1.0\", \"workload\": \"infer_lstm_stream\", \"threads\": 1, "
                + "\"unit\": \"steps/s\", \"value\": 14304.8}", r.jsonLine());
        assertEquals("1560.0", new BenchResult("s", "w", 1, "u", 1560.0).roundedValue());
        assertThrows(IllegalArgumentException.class, () -> new BenchResult("s", "w", 1, "u", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new BenchResult("s", "w", 1, "u", 0.0));
    }

    @Test
    void medianIsPythonsMedian() {
        assertEquals(2.0, Timing.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timing.median(new double[] {4, 1, 3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Timing.medianSeconds(() -> { }, 0, 0));
    }
}
