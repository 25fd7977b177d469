package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.text.ReadOptions;
import dev.rnn4j.text.TextDatasets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j classify train|eval|predict} end to end with tiny arguments, and each bad-input error. */
class ClassifyCliTest {

    @TempDir
    static Path dir;

    static Path trainFile;
    static Path model;

    /** The output of one CLI run. */
    record Run(int status, String out, String err) {
    }

    static synchronized Run cli(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    /** Tiny-model flags, one network, so a run takes well under a second. */
    static List<String> tiny(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--embedding-dim", "8", "--hidden", "6", "--epochs", "1", "--batch-size", "4",
                "--min-freq", "1", "--seed", "7", "--threads", "1", "--ensemble", "1"));
        return all;
    }

    static Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @BeforeAll
    static void trainTinyModel() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append(i % 2 == 0 ? "1 a good and fine film number " : "0 a bad and dull film number ").append(i)
                    .append('\n');
        }
        trainFile = write("train.txt", lines.toString());
        Path test = write("test.txt", "1 a fine film\n0 a dull film\n");
        model = dir.resolve("model");
        Path metrics = dir.resolve("metrics.json");
        Run run = cli(null, tiny("classify", "train", "--train", trainFile.toString(), "--test", test.toString(),
                "--dev-split", "0.2", "--out", model.toString(), "--metrics-json", metrics.toString())
                .toArray(String[]::new));
        assertEquals(0, run.status(), run.err() + run.out());
        assertTrue(run.out().contains("epoch 1:"), run.out());
        assertTrue(Files.isRegularFile(model.resolve("training").resolve("metrics.jsonl")), "trainer's metric log");
        assertTrue(run.out().contains("test: accuracy"), run.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        for (String part : List.of("dev", "test")) {
            for (String key : List.of("accuracy", "precision", "recall", "f1")) {
                assertTrue(json.get(part).get(key).isNumber(), part + "." + key + " in " + json);
            }
        }
        assertEquals(1, json.get("best_epoch").asInt());
    }

    @Test
    void evalPrintsMetricsAndConfusionMatrix() throws IOException {
        Path metrics = dir.resolve("eval.json");
        Run run = cli(null, "classify", "eval", "--model", model.toString(), "--data", trainFile.toString(),
                "--metrics-json", metrics.toString());
        assertEquals(0, run.status(), run.err());
        for (String word : List.of("accuracy", "precision", "recall", "f1")) {
            assertTrue(run.out().contains(word), run.out());
        }
        assertTrue(run.out().contains("expected calibration error"), run.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        TextClassifier.Calibration calibration = TextClassifier.load(model).calibration(
                TextDatasets.read(trainFile, ReadOptions.defaults()));
        assertEquals(calibration.negativeLogLikelihood(), json.get("nll").asDouble(), 1e-12);
        assertEquals(calibration.expectedCalibrationError(), json.get("ece").asDouble(), 1e-12);
        assertEquals(calibration.temperature(), json.get("temperature").asDouble(), 0);
        assertEquals(20, json.get("confusion_matrix").get(0).get(0).asLong() + json.get("confusion_matrix").get(0)
                .get(1).asLong() + json.get("confusion_matrix").get(1).get(0).asLong()
                + json.get("confusion_matrix").get(1).get(1).asLong());
    }

    @Test
    void predictArgumentsStdinAndJson() throws IOException {
        Run run = cli(null, "classify", "predict", "--model", model.toString(), "a good film", "a dull film");
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(2, lines.length, run.out());
        assertTrue(lines[0].matches("[01]\t\\d\\.\\d{4}\ta good film"), lines[0]);

        run = cli("a good film\na dull film\nfilm\n", "classify", "predict", "--model", model.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        lines = run.out().strip().split("\n");
        assertEquals(3, lines.length, run.out());
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("a good film", first.get("text").asText());
        assertTrue(first.get("label").asText().matches("[01]"));
        double sum = first.get("probabilities").get("0").asDouble() + first.get("probabilities").get("1").asDouble();
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void trainFitsATemperatureAndPredictJsonUsesTheSavedOne() throws IOException {
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertTrue(config.get("temperature").isNumber() && config.get("temperature").asDouble() > 0, config.toString());
        // the same model with a huge temperature: the same labels, probabilities near 1/2
        Path hot = dir.resolve("hot-model");
        Files.createDirectories(hot);
        try (var files = Files.list(model)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, hot.resolve(file.getFileName()));
            }
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("temperature", 1e6);
        Files.writeString(hot.resolve("config.json"), config.toString(), StandardCharsets.UTF_8);
        String[] texts = {"a good film", "a dull film"};
        Run saved = cli(null, "classify", "predict", "--model", model.toString(), "--json", texts[0], texts[1]);
        Run flat = cli(null, "classify", "predict", "--model", hot.toString(), "--json", texts[0], texts[1]);
        assertEquals(0, saved.status(), saved.err());
        assertEquals(0, flat.status(), flat.err());
        String[] savedLines = saved.out().strip().split("\n");
        String[] flatLines = flat.out().strip().split("\n");
        for (int i = 0; i < texts.length; i++) {
            JsonNode a = new ObjectMapper().readTree(savedLines[i]);
            JsonNode b = new ObjectMapper().readTree(flatLines[i]);
            assertEquals(a.get("label"), b.get("label"));
            double p = b.get("probabilities").get(b.get("label").asText()).asDouble();
            assertEquals(0.5, p, 1e-4, flatLines[i]);
            assertTrue(a.get("probabilities").get(a.get("label").asText()).asDouble() > p, savedLines[i]);
        }
        // a bad value is one clear line naming the file and the key
        Files.writeString(hot.resolve("config.json"), config.toString().replace("1000000.0", "-1"),
                StandardCharsets.UTF_8);
        assertBad(cli(null, "classify", "predict", "--model", hot.toString(), "a good film"),
                hot.resolve("config.json").toString(), "temperature: expected a finite number > 0");
    }

    @Test
    void crossValidationReportsMeanAndStd() throws IOException {
        Path metrics = dir.resolve("cv.json");
        Run run = cli(null, tiny("classify", "train", "--train", trainFile.toString(), "--cv", "2", "--dev-split",
                "0.2", "--metrics-json", metrics.toString()).toArray(String[]::new));
        assertEquals(0, run.status(), run.err() + run.out());
        assertTrue(run.out().contains("2-fold cross-validation: accuracy mean"), run.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals(2, json.get("fold_metrics").size());
        assertTrue(json.get("accuracy_mean").isNumber() && json.get("accuracy_std").isNumber(), json.toString());
    }

    @Test
    void theNaiveBayesExpertsFlagsReachTheSavedConfig() throws IOException {
        Path out = dir.resolve("expert-flags");
        Run run = cli(null, tiny("classify", "train", "--train", trainFile.toString(), "--out", out.toString(),
                "--ngram-order", "2", "--char-ngram-order", "4", "--ngram-smoothing", "0.25", "--no-epoch-averaging",
                "--no-dev-ngrams")
                .toArray(String[]::new));
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(2, config.get("ngram_order").asInt(), config.toString());
        assertEquals(4, config.get("char_ngram_order").asInt(), config.toString());
        assertEquals(0.25, config.get("ngram_smoothing").asDouble(), 0.0, config.toString());
        assertEquals(false, config.get("average_neighbour_epochs").asBoolean(), config.toString());
        assertEquals(false, config.get("count_dev_ngrams").asBoolean(), config.toString());
        JsonNode defaults = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertEquals(true, defaults.get("count_dev_ngrams").asBoolean(), defaults.toString());
        Run bad = cli(null, tiny("classify", "train", "--train", trainFile.toString(), "--out",
                dir.resolve("expert-bad").toString(), "--char-ngram-order", "2").toArray(String[]::new));
        assertNotEquals(0, bad.status(), bad.out());
        assertTrue(bad.err().contains("charNgramOrder"), bad.err());
    }

    @Test
    void theReportedDevMetricsPrecedeTheDevTextsJoiningTheTable() throws IOException {
        // --dev-split without --test: the held-out dev set is what the run reports, so its metrics
        // must be those of the model before the dev texts were counted into the n-gram table
        JsonNode[] dev = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            Path metrics = dir.resolve("dev-ngrams-" + i + ".json");
            List<String> args = tiny("classify", "train", "--train", trainFile.toString(), "--dev-split", "0.2",
                    "--out", dir.resolve("dev-ngrams-" + i).toString(), "--metrics-json", metrics.toString());
            if (i == 1) {
                args.add("--no-dev-ngrams");
            }
            Run run = cli(null, args.toArray(String[]::new));
            assertEquals(0, run.status(), run.err() + run.out());
            assertEquals(i == 0, run.out().contains("counted again over the 16 training and 4 dev texts"), run.out());
            dev[i] = new ObjectMapper().readTree(metrics.toFile()).get("dev");
        }
        assertEquals(dev[1], dev[0]);
    }

    @Test
    void resumesAnInterruptedRunFromItsCheckpoint() {
        Path out = dir.resolve("resumed");
        List<String> args = tiny("classify", "train", "--train", trainFile.toString(), "--out", out.toString(),
                "--patience", "0");
        Run first = cli(null, args.toArray(String[]::new));
        assertEquals(0, first.status(), first.err());
        // the same run asked for 2 epochs continues after epoch 1 instead of starting again
        List<String> more = new ArrayList<>(args);
        more.set(more.indexOf("--epochs") + 1, "2");
        more.add("--resume");
        Run second = cli(null, more.toArray(String[]::new));
        assertEquals(0, second.status(), second.err() + second.out());
        // (epoch 1 is named again only where the resumed run averages it with epoch 2)
        assertTrue(second.out().contains("\nepoch 2:") && !second.out().contains("\nepoch 1:"), second.out());
        // without --resume, an existing run is not overwritten
        Run again = cli(null, args.toArray(String[]::new));
        assertNotEquals(0, again.status(), again.out());
    }

    // ------------------------------------------------------------------ bad input: one clear line naming file and line

    private static void assertBad(Run run, String... fragments) {
        assertNotEquals(0, run.status(), run.out());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "expected \"" + fragment + "\" in: " + err);
        }
    }

    private static Run train(Path file, String... extra) {
        List<String> args = tiny("classify", "train", "--train", file.toString(), "--out",
                dir.resolve("unused").toString());
        args.addAll(List.of(extra));
        return cli(null, args.toArray(String[]::new));
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("empty.txt", "\n\n");
        assertBad(train(file, "--format", "label-text"), file + ":", "empty");
    }

    @Test
    void lineWithNoLabel() throws IOException {
        Path file = write("nolabel.txt", "1 good film\n0 bad film\nnolabel\n");
        assertBad(train(file, "--format", "label-text"), file + ":3:", "no label");
    }

    @Test
    void unknownLabelInDevAndEvalData() throws IOException {
        Path dev = write("dev-unknown.txt", "1 good film\n2 so-so film\n");
        assertBad(train(trainFile, "--dev", dev.toString()), dev + ":2:", "unknown label \"2\"");
        assertBad(cli(null, "classify", "eval", "--model", model.toString(), "--data", dev.toString()), dev + ":2:",
                "unknown label");
    }

    @Test
    void missingTextColumn() throws IOException {
        Path file = write("labels-only.csv", "label,score\npos,3\nneg,1\n");
        assertBad(train(file), file.toString(), "text");
    }

    @Test
    void bytesInvalidInTheEncoding() throws IOException {
        Path file = dir.resolve("latin.txt");
        Files.write(file, "1 good film\n0 caf\u00e9 noir\n".getBytes(StandardCharsets.ISO_8859_1));
        assertBad(train(file, "--format", "label-text", "--encoding", "UTF-8"), file + ":2:");
    }

    @Test
    void emptyText() throws IOException {
        Path file = write("notext.txt", "1 good film\n0   \n");
        assertBad(train(file, "--format", "label-text"), file + ":2:", "empty text");
        Run run = cli("good\n\n", "classify", "predict", "--model", model.toString());
        assertBad(run, "stdin:2:", "empty text");
    }

    @Test
    void modelFolderMissingVocabularyOrConfig() throws IOException {
        Path copy = dir.resolve("model-copy");
        Files.createDirectories(copy);
        for (String name : List.of("config.json", "labels.json", "weights.safetensors")) {
            Files.copy(model.resolve(name), copy.resolve(name));
        }
        assertBad(cli(null, "classify", "predict", "--model", copy.toString(), "good"),
                copy.resolve("vocab.json") + ": missing");
        Files.copy(model.resolve("vocab.json"), copy.resolve("vocab.json"));
        Files.delete(copy.resolve("config.json"));
        assertBad(cli(null, "classify", "eval", "--model", copy.toString(), "--data", trainFile.toString()),
                copy.resolve("config.json") + ": missing");
    }

    @Test
    void modelFolderFromAnotherTask() throws IOException {
        Path other = write("forecast-model/config.json", "{\"task\": \"forecast\", \"format\": 1}");
        assertBad(cli(null, "classify", "predict", "--model", other.getParent().toString(), "good"),
                other + ":", "another task", "\"forecast\"");
    }
}
