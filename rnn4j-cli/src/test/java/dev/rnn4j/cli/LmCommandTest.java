package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j lm train|eval|generate} end to end with tiny arguments, and every bad input the issue lists. */
class LmCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A small corpus: short sentences from a tiny grammar, the same every time (a few KB). */
    static Path corpus(Path dir, String name, int sentences, long seed) throws IOException {
        String[] subjects = {"the cat", "a dog", "the old king", "my friend", "the bird"};
        String[] verbs = {"sees", "likes", "follows", "sings to", "waits for"};
        String[] objects = {"the moon", "a red ball", "the river", "her sister", "the queen"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(subjects[random.nextInt(subjects.length)]).append(' ')
                    .append(verbs[random.nextInt(verbs.length)]).append(' ')
                    .append(objects[random.nextInt(objects.length)]).append(".\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static List<String> tinyTrain(Path text, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("lm", "train", "--text", text.toString(), "--out", out.toString(),
                "--embedding-dim", "8", "--hidden", "16", "--layers", "1", "--epochs", "2", "--batch-size", "4",
                "--window", "16", "--lr", "0.01", "--sample-length", "20", "--threads", "1", "--quiet"));
        a.addAll(Arrays.asList(extra));
        return a;
    }

    private Path trained() throws IOException {
        Path model = dir.resolve("model");
        Run t = cli(tinyTrain(corpus(dir, "corpus.txt", 150, 1), model).toArray(String[]::new));
        assertEquals(0, t.status(), t.err());
        return model;
    }

    @Test
    void trainEvalGenerateEndToEnd() throws IOException {
        Path text = corpus(dir, "corpus.txt", 150, 1);
        Path model = dir.resolve("model");
        Run t = cli(tinyTrain(text, model, "--test-fraction", "0.1").toArray(String[]::new));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("validation: loss "), t.out());
        assertTrue(t.out().contains("test: loss "), t.out());
        assertTrue(t.out().contains("sample (temperature 0.8):"), t.out());
        assertTrue(t.err().contains("training ") && t.err().contains("validation "), t.err());
        assertTrue(t.err().matches("(?s).*epoch 2 of 2 done at step [0-9,]+: [0-9,]+ tokens/s, 0s left.*"), t.err());
        for (String file : List.of("config.json", "weights.safetensors", "loss.png", "training/metrics.jsonl")) {
            assertTrue(Files.isRegularFile(model.resolve(file)), file);
        }
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertEquals("language-model", config.path("task").asText());
        assertEquals(2, config.path("training").path("history").size());

        Run e = cli("lm", "eval", "--model", model.toString(), "--text", text.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().matches("(?s).*loss [0-9.]+ nats/char, [0-9.]+ bits/char, perplexity [0-9.]+ on .*"),
                e.out());

        Run g = cli("lm", "generate", "--model", model.toString(), "--prime", "the ", "--length", "30",
                "--temperature", "0.7", "--top-k", "5", "--top-p", "0.9", "--seed", "3");
        assertEquals(0, g.status(), g.err());
        String line = g.out().strip();
        assertTrue(line.startsWith("the "), line);
        assertEquals(g.out(), cli("lm", "generate", "--model", model.toString(), "--prime", "the ", "--length", "30",
                "--temperature", "0.7", "--top-k", "5", "--top-p", "0.9", "--seed", "3").out(), "same seed");

        Run many = cli("lm", "generate", "--model", model.toString(), "--prime", "a", "--length", "12",
                "--samples", "3", "--probabilities");
        assertEquals(0, many.status(), many.err());
        assertTrue(many.out().contains("--- sample 3 of 3 ---"), many.out());
        assertTrue(many.out().contains("character\tprobability"), many.out());
        Run greedy = cli("lm", "generate", "--model", model.toString(), "--prime", "a", "--length", "12",
                "--greedy");
        assertEquals(0, greedy.status(), greedy.err());
    }

    @Test
    void aBpeModelTrainsEvaluatesAndGeneratesSubwords() throws IOException {
        Path text = corpus(dir, "corpus.txt", 150, 1);
        Path model = dir.resolve("bpe-model");
        Run t = cli(tinyTrain(text, model, "--tokens", "bpe", "--merges", "40").toArray(String[]::new));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.err().contains("subwords: BPE learned on the training part, 40 merges"), t.err());
        assertTrue(t.out().matches("(?s).*validation: loss [0-9.]+ nats/token, [0-9.]+ bits/char, perplexity"
                + " [0-9.]+ per token on [0-9,]+ tokens \\([0-9,]+ characters\\).*"), t.out());
        assertTrue(t.out().contains("BPE subwords (40 merges)"), t.out());
        assertTrue(Files.isRegularFile(model.resolve("bpe.json")));
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertEquals("bpe", config.path("tokens").asText());

        Run e = cli("lm", "eval", "--model", model.toString(), "--text", text.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().matches("(?s).*loss [0-9.]+ nats/token, [0-9.]+ bits/char, perplexity [0-9.]+ per token"
                + " on [0-9,]+ tokens \\([0-9,]+ characters\\).*"), e.out());

        // a prime with characters the training text lacks: the model's BPE reads it as byte tokens
        Run g = cli("lm", "generate", "--model", model.toString(), "--prime", "Zoë and the ", "--length", "15",
                "--seed", "2");
        assertEquals(0, g.status(), g.err());
        assertTrue(g.out().startsWith("Zoë and the "), g.out());
        Run p = cli("lm", "generate", "--model", model.toString(), "--prime", "the", "--length", "6",
                "--probabilities");
        assertEquals(0, p.status(), p.err());
        assertTrue(p.out().contains("subword\tprobability"), p.out());
        String table = p.out().substring(p.out().indexOf("subword\tprobability"));
        assertEquals(1 + 6, table.strip().split("\\R").length, "a header and one line per subword: " + p.out());
    }

    @Test
    void badTokenFlagsAreRejected() throws IOException {
        Path text = corpus(dir, "corpus.txt", 150, 1);
        assertBadInput(cli(tinyTrain(text, dir.resolve("m1"), "--tokens", "bpe", "--merges", "0")
                .toArray(String[]::new)), "--merges: expected at least 1, got 0");
        assertBadInput(cli(tinyTrain(text, dir.resolve("m2"), "--tokens", "bpe", "--merges", "-5")
                .toArray(String[]::new)), "--merges: expected at least 1, got -5");
        assertBadInput(cli(tinyTrain(text, dir.resolve("m3"), "--tokens", "words").toArray(String[]::new)),
                "--tokens: expected char or bpe, got words");
        assertBadInput(cli(tinyTrain(text, dir.resolve("m4"), "--merges", "10").toArray(String[]::new)),
                "--merges: applies to --tokens bpe only");
        assertFalse(Files.exists(dir.resolve("m1")), "nothing is written for bad flags");
    }

    private static void assertBadInput(Run r, String message) {
        assertEquals(2, r.status(), "exit status; out " + r.out() + " err " + r.err());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void anEmptyOrOneCharacterCorpusIsRejected() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertBadInput(cli(tinyTrain(empty, dir.resolve("m1")).toArray(String[]::new)),
                "expected at least 2 characters");
        Path one = Files.writeString(dir.resolve("one.txt"), "x");
        assertBadInput(cli(tinyTrain(one, dir.resolve("m2"), "--val", one.toString()).toArray(String[]::new)),
                "got 1 character");
    }

    @Test
    void aCorpusShorterThanOneWindowIsRejected() throws IOException {
        Path small = Files.writeString(dir.resolve("small.txt"), "the cat sees the moon.\n".repeat(3));
        assertBadInput(cli(tinyTrain(small, dir.resolve("m")).toArray(String[]::new)),
                "shorter than one window per stream: 4 streams x (window 16 + 1) = 68 characters needed");
    }

    @Test
    void badGenerationFlagsAreRejected() throws IOException {
        Path model = trained();
        String m = model.toString();
        assertBadInput(cli("lm", "generate", "--model", m, "--prime", "The Cat"),
                "prime: 2 character(s) not in the model's vocabulary");
        assertBadInput(cli("lm", "generate", "--model", m, "--temperature", "0"),
                "temperature: expected a finite number > 0, got 0.0");
        assertBadInput(cli("lm", "generate", "--model", m, "--temperature", "-0.5"),
                "temperature: expected a finite number > 0");
        assertBadInput(cli("lm", "generate", "--model", m, "--top-p", "0"), "top-p: expected a probability in (0, 1]");
        assertBadInput(cli("lm", "generate", "--model", m, "--top-p", "1.2"),
                "top-p: expected a probability in (0, 1]");
        assertBadInput(cli("lm", "generate", "--model", m, "--length", "0"),
                "length: expected at least 1 character to generate, got 0");
    }

    @Test
    void aModelFolderOfAnotherApplicationIsRejected() throws IOException {
        Path other = Files.createDirectories(dir.resolve("forecaster"));
        Files.writeString(other.resolve("config.json"), "{\"task\": \"forecast\", \"format\": 1}");
        Path text = corpus(dir, "corpus.txt", 20, 1);
        assertBadInput(cli("lm", "generate", "--model", other.toString()),
                "holds a model for task 'forecast', not a language model");
        assertBadInput(cli("lm", "eval", "--model", other.toString(), "--text", text.toString()),
                "holds a model for task 'forecast', not a language model");
    }

    @Test
    void tiedEmbeddingsNeedEqualSizes() throws IOException {
        Path text = corpus(dir, "corpus.txt", 150, 1);
        assertBadInput(cli(tinyTrain(text, dir.resolve("m"), "--tie-weights").toArray(String[]::new)),
                "the embedding size must equal the hidden size; got embedding 8 and hidden 16");
    }
}
