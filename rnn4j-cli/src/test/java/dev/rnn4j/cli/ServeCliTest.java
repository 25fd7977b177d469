package dev.rnn4j.cli;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.server.ModelServer;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j serve} and {@code rnn4j loadtest} on a tiny classifier trained here. */
class ServeCliTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        List<LabeledText> data = new ArrayList<>();
        String[] good = {"good", "great", "lovely"};
        String[] bad = {"bad", "awful", "dull"};
        for (int i = 0; i < 60; i++) {
            boolean positive = i % 2 == 0;
            data.add(new LabeledText("the film was " + (positive ? good : bad)[i % 3] + " indeed",
                    positive ? "pos" : "neg"));
        }
        ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(8).hiddenSize(8).minFrequency(1)
                .epochs(2).patience(0).batchSize(8).seed(1).ngramOrder(0).ensembleSize(1).build();
        model = dir.resolve("sentiment");
        TextClassifier.train(data, data.subList(0, 20), config).save(model);
    }

    @Test
    void serveStartsOnTheGivenModelsAndAnswers() throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--model", "sentiment=" + model, "--port", "0", "--max-batch", "4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ModelServer server = command.start(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("rnn4j serve: sentiment (text-classification) from " + model), printed);
            assertTrue(printed.contains("listening on http://127.0.0.1:" + server.port() + "/"), printed);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/predictions/sentiment")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("a lovely film")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"label\""), r.body());

            // the smoke run of the load generator against it
            String[] load = CliTest.run("loadtest", "--url", server.url(), "--model", "sentiment", "--clients", "3",
                    "--requests", "30", "--duration", "30s", "--sample-every", "0.2", "--json");
            assertEquals("0", load[0], load[2]);
            assertTrue(load[1].contains("30 requests in"), load[1]);
            assertTrue(load[1].contains("\"errors\":0"), load[1]);
        }
    }

    @Test
    void aFolderThatIsNoModelStopsServeWithAClearMessage() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[] r = CliTest.run("serve", "--model", "x=" + empty, "--port", "0");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("config.json: not found"), r[2]);
        String[] noName = CliTest.run("serve", "--model", model.toString(), "--port", "0");
        assertEquals("2", noName[0], noName[2]);
        assertTrue(noName[2].contains("KEY=VALUE") || noName[2].contains("NAME=DIR"), noName[2]);
    }

    @Test
    void loadtestRefusesRemoteHostsAndReadsDurations() {
        String[] r = CliTest.run("loadtest", "--url", "http://10.1.2.3:8080", "--model", "m", "--bodies",
                dir.resolve("missing.txt").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("loopback only"), r[2]);
        assertEquals(Duration.ofMinutes(10), LoadTestCommand.parseDuration("10m"));
        assertEquals(Duration.ofSeconds(90), LoadTestCommand.parseDuration("PT90S"));
        assertThrows(IllegalArgumentException.class, () -> LoadTestCommand.parseDuration("ten minutes"));
    }
}
