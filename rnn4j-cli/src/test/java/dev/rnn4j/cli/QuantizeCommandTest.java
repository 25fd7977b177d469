package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.server.ModelServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j quantize} on a tiny classifier and forecaster trained here; the int8 classifier then predicts,
 * serves and explains through the unchanged commands, and bad arguments end with one clear line.
 */
class QuantizeCommandTest {

    @TempDir
    static Path dir;

    static Path classifier;
    static Path int8Classifier;
    static Path forecaster;

    @BeforeAll
    static void trainAndQuantize() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append(i % 2 == 0 ? "1 a good and fine film number " : "0 a bad and dull film number ").append(i)
                    .append('\n');
        }
        Path train = dir.resolve("train.txt");
        Files.writeString(train, lines.toString(), StandardCharsets.UTF_8);
        classifier = dir.resolve("classifier");
        ClassifyCliTest.Run run = ClassifyCliTest.cli(null, "classify", "train", "--train", train.toString(),
                "--dev-split", "0.2", "--out", classifier.toString(), "--embedding-dim", "8", "--hidden", "6",
                "--epochs", "1", "--batch-size", "4", "--min-freq", "1", "--seed", "7", "--threads", "1",
                "--ensemble", "1");
        assertEquals(0, run.status(), run.err() + run.out());
        forecaster = dir.resolve("forecaster");
        run = ClassifyCliTest.cli(null, "forecast", "train", "--csv", ForecastCommandTest.sineCsv(dir, 90, 1).toString(),
                "--target", "Value", "--time", "Month", "--horizon", "3", "--test-size", "6", "--out",
                forecaster.toString(), "--epochs", "2", "--hidden", "4", "--ensemble", "1", "--quiet");
        assertEquals(0, run.status(), run.err() + run.out());
        int8Classifier = dir.resolve("classifier-int8");
        String[] r = CliTest.run("quantize", "--model", classifier.toString(), "--out", int8Classifier.toString());
        assertEquals("0", r[0], r[2]);
        // embedding, both directions' weight_ih and weight_hh, fc
        assertTrue(r[1].startsWith("rnn4j quantize: text-classification model, 6 weight matrices in int8"), r[1]);
        assertTrue(r[1].matches("(?s).*weights: [\\d,]+ bytes -> [\\d,]+ bytes \\(\\d+\\.\\d %\\).*"), r[1]);
        assertTrue(r[1].contains("wrote " + int8Classifier), r[1]);
    }

    @Test
    void theInt8ClassifierPredictsThroughClassifyPredict() {
        ClassifyCliTest.Run floats = ClassifyCliTest.cli(null, "classify", "predict", "--model", classifier.toString(),
                "a good film", "a dull film");
        ClassifyCliTest.Run int8 = ClassifyCliTest.cli(null, "classify", "predict", "--model",
                int8Classifier.toString(), "a good film", "a dull film");
        assertEquals(0, int8.status(), int8.err());
        assertEquals(floats.out().lines().map(l -> l.split("\t")[0]).toList(),
                int8.out().lines().map(l -> l.split("\t")[0]).toList(), int8.out());
    }

    @Test
    void aForecasterQuantizesAndABadOutputPathIsOneClearLine() {
        String[] r = CliTest.run("quantize", "--model", forecaster.toString(), "--out",
                dir.resolve("forecaster-int8").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].matches("(?s)rnn4j quantize: forecast model, \\d+ weight matrices in int8\n.*"), r[1]);
        r = CliTest.run("quantize", "--model", forecaster.toString(), "--out",
                dir.resolve("missing").resolve("out").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("rnn4j quantize: out: the folder ") && r[2].contains("does not exist"), r[2]);
        r = CliTest.run("quantize", "--model", int8Classifier.toString(), "--out", dir.resolve("twice").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("quantized already"), r[2]);
    }

    @Test
    void serveAnswersFromTheInt8Classifier() throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--model", "sentiment=" + int8Classifier, "--port", "0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ModelServer server = command.start(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/predictions/sentiment")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("a good film")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"label\""), r.body());
        }
    }

    @Test
    void explainRunsOnTheInt8Classifier() throws IOException {
        Path html = dir.resolve("int8.html");
        Path json = dir.resolve("int8.json");
        ClassifyCliTest.Run run = ClassifyCliTest.cli(null, "explain", "--threads", "1", "--model",
                int8Classifier.toString(), "--input", "a good film", "--html", html.toString(), "--json",
                json.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode first = new ObjectMapper().readTree(json.toFile()).get("examples").get(0);
        assertEquals(3, first.get("tokens").size());
        assertTrue(first.get("completeness").get("relative_gap").asDouble() < 0.01, first.toString());
    }
}
