package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j translate train|eval|run} end to end on 200 real Multi30k pairs with a tiny model, and every
 * bad input: parallel files of different lengths, invalid UTF-8, empty and over-long sentences, a model
 * folder of another application, {@code --beam 0}.
 */
class TranslateCommandTest {

    @TempDir
    static Path dir;
    static Path model;

    /** Lines {@code skip .. skip + count} of the shipped Multi30k sample as {@code name.de} and {@code name.en}. */
    static Path[] sample(Path folder, String name, int skip, int count) throws IOException {
        Path resources = Path.of("..", "rnn4j-applications", "src", "test", "resources", "translation", "multi30k");
        Path de = folder.resolve(name + ".de");
        Path en = folder.resolve(name + ".en");
        Files.write(de, Files.readAllLines(resources.resolve("val.de")).subList(skip, skip + count));
        Files.write(en, Files.readAllLines(resources.resolve("val.en")).subList(skip, skip + count));
        return new Path[] {de, en};
    }

    /** {@code translate train} with a tiny model on the given files. */
    static List<String> train(Path[] train, Path[] dev, Path out, String... extra) {
        return train(train, dev, out, 2, extra);
    }

    /** {@code translate train} with a tiny model for {@code epochs} epochs. */
    static List<String> train(Path[] train, Path[] dev, Path out, int epochs, String... extra) {
        List<String> args = new ArrayList<>(List.of("translate", "train", "--src", train[0].toString(), "--tgt",
                train[1].toString(), "--dev-src", dev[0].toString(), "--dev-tgt", dev[1].toString(), "--merges",
                "120", "--max-tokens", "150", "--embedding-dim", "16", "--encoder-hidden", "16", "--decoder-hidden",
                "24", "--batch-tokens", "400", "--epochs", Integer.toString(epochs), "--lr", "0.005", "--max-minutes", "0", "--seed", "5",
                "--threads", "1", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @BeforeAll
    static void trainATinyModel() throws IOException {
        Path[] train = sample(dir, "train", 0, 150);
        Path[] dev = sample(dir, "dev", 150, 50);
        model = dir.resolve("model");
        String[] r = CliTest.run(train(train, dev, model).toArray(String[]::new));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("saved to " + model), r[1]);
        assertTrue(r[2].contains("subwords: joint BPE, 120 merges"), r[2]);
        assertTrue(Files.exists(model.resolve("config.json")));
    }

    @Test
    void runTranslatesArgumentsWithNBestListsAndDrawsTheAttention() throws IOException {
        Path png = dir.resolve("attention.png");
        String[] r = CliTest.run("translate", "run", "--model", model.toString(), "--beam", "3", "--nbest", "2",
                "--attention-png", png.toString(), "Ein Hund läuft.", "Zwei Männer stehen.");
        assertEquals("0", r[0], r[2]);
        String[] blocks = r[1].strip().split("\\R\\R");
        assertEquals(2, blocks.length, r[1]);
        for (String block : blocks) {
            String[] lines = block.split("\\R");
            assertEquals(2, lines.length, block);
            for (String line : lines) {
                String[] fields = line.split("\t");
                assertEquals(3, fields.length, line);
                assertTrue(Double.parseDouble(fields[0]) <= 0 && Double.parseDouble(fields[1]) <= 0, line);
            }
        }
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void runReadsAFileOrStandardInputAndGivesOneLinePerSentence() throws IOException {
        Path input = dir.resolve("input.de");
        Files.writeString(input, "Ein Hund läuft.\nEine Frau singt.\n", StandardCharsets.UTF_8);
        String[] fromFile = CliTest.run("translate", "run", "--model", model.toString(), "--beam", "2", "--input",
                input.toString());
        assertEquals("0", fromFile[0], fromFile[2]);
        assertEquals(2, fromFile[1].strip().split("\\R").length, fromFile[1]);
        InputStream old = System.in;
        String[] fromStdin;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(input)));
            fromStdin = CliTest.run("translate", "run", "--model", model.toString(), "--beam", "2");
        } finally {
            System.setIn(old);
        }
        assertEquals("0", fromStdin[0], fromStdin[2]);
        assertEquals(fromFile[1], fromStdin[1]);
    }

    @Test
    void evalPrintsBleuWithItsSignatureChrfAndPerplexityForGreedyAndBeam() throws IOException {
        Path[] test = sample(dir, "test", 150, 20);
        Path json = dir.resolve("metrics.json");
        String[] r = CliTest.run("translate", "eval", "--model", model.toString(), "--src", test[0].toString(),
                "--ref", test[1].toString(), "--beam", "3", "--metrics-json", json.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("greedy: BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), r[1]);
        assertTrue(r[1].contains("beam 3: BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), r[1]);
        assertTrue(r[1].contains("beam 3: BLEU|nrefs:1|case:lc|"), r[1]);
        assertTrue(r[1].contains("greedy: chrF2|"), r[1]);
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        assertEquals(20, m.get("sentences").asInt());
        assertTrue(m.get("perplexity").asDouble() > 1);
        assertEquals(3, m.get("beam").get("beam").asInt());
        assertTrue(m.get("greedy").get("bleu_lowercase").asDouble() >= 0);
        assertTrue(m.get("beam").get("chrf").asDouble() > 0);
    }

    @Test
    void beamZeroAndAnNBestOverTheBeamAreUsageErrors() {
        String[] r = CliTest.run("translate", "run", "--model", model.toString(), "--beam", "0", "Ein Hund.");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains("--beam") && r[2].contains("expected a beam size of at least 1"), r[2]);
        r = CliTest.run("translate", "eval", "--model", model.toString(), "--src", "x", "--ref", "y", "--beam", "0");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains("at least 1"), r[2]);
        r = CliTest.run("translate", "run", "--model", model.toString(), "--beam", "2", "--nbest", "3", "Ein Hund.");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains("--nbest: expected at most the beam size 2, got 3"), r[2]);
    }

    /** {@code translate train} of a tiny word-level model: the BPE flags left out, the word flags added. */
    private static List<String> trainWords(Path[] train, Path[] dev, Path out, String... extra) {
        List<String> args = train(train, dev, out);
        int merges = args.indexOf("--merges");
        args.remove(merges + 1);
        args.remove(merges);
        args.addAll(List.of("--tokens", "word"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void wordLevelTrainingSavesWordVocabulariesAndTranslatesUnknownWordsAsUnk() throws IOException {
        Path[] train = sample(dir, "words-train", 0, 150);
        Path[] dev = sample(dir, "words-dev", 150, 50);
        Path words = dir.resolve("words-model");
        String[] r = CliTest.run(trainWords(train, dev, words, "--max-vocab", "400", "--min-count", "2")
                .toArray(String[]::new));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("words: vocabularies ") && r[2].contains("(seen at least 2 times, at most 400)"),
                r[2]);
        assertTrue(Files.isRegularFile(words.resolve("words.source.json")));
        assertTrue(Files.isRegularFile(words.resolve("words.target.json")));
        r = CliTest.run("translate", "run", "--model", words.toString(), "--beam", "2",
                "Ein Zebrafantasiewort läuft.");
        assertEquals("0", r[0], r[2]);
        Path[] test = sample(dir, "words-test", 150, 10);
        r = CliTest.run("translate", "eval", "--model", words.toString(), "--src", test[0].toString(), "--ref",
                test[1].toString(), "--beam", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("beam 2: BLEU|nrefs:1|case:mixed"), r[1]);
    }

    @Test
    void badTokenFlagsAreUsageErrors() throws IOException {
        Path[] train = sample(dir, "flags", 0, 30);
        Path never = dir.resolve("never-words");
        String[][] cases = {
            CliTest.run(train(train, train, never, "--tokens", "letters").toArray(String[]::new)),
            CliTest.run(train(train, train, never, "--max-vocab", "100").toArray(String[]::new)),
            CliTest.run(train(train, train, never, "--tokens", "word").toArray(String[]::new)),
            CliTest.run(trainWords(train, train, never, "--min-count", "0").toArray(String[]::new)),
            CliTest.run(trainWords(train, train, never, "--max-vocab", "-1").toArray(String[]::new)),
        };
        String[] messages = {"--tokens: expected bpe or word, got letters",
            "--max-vocab: applies to --tokens word only", "--merges: applies to --tokens bpe only", "--min-count: expected at least 1, got 0",
            "--max-vocab: expected at least 0 (0 for no cap), got -1"};
        for (int i = 0; i < cases.length; i++) {
            assertEquals("2", cases[i][0], cases[i][1]);
            assertTrue(cases[i][2].contains(messages[i]), "expected \"" + messages[i] + "\" in: " + cases[i][2]);
        }
        assertTrue(Files.notExists(never));
    }

    @Test
    void parallelFilesOfDifferentLengthsNameBothFilesAndCounts() throws IOException {
        Path[] train = sample(dir, "uneven", 0, 30);
        Files.write(train[1], Files.readAllLines(train[1]).subList(0, 29));
        String[] r = CliTest.run(train(train, train, dir.resolve("never")).toArray(String[]::new));
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains(train[0].toString()) && r[2].contains(train[1].toString()), r[2]);
        assertTrue(r[2].contains("30") && r[2].contains("29"), r[2]);
    }

    @Test
    void invalidUtf8NamesTheFileAndLine() throws IOException {
        Path[] train = sample(dir, "latin1", 0, 30);
        List<String> lines = Files.readAllLines(train[0]);
        byte[] bad = "Ein M\u00e4dchen l\u00e4uft.\n".getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder before = new StringBuilder();
        for (String line : lines.subList(0, 4)) {
            before.append(line).append('\n');
        }
        StringBuilder after = new StringBuilder();
        for (String line : lines.subList(5, 30)) {
            after.append(line).append('\n');
        }
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(before.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(after.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(train[0], out.toByteArray());
        String[] r = CliTest.run(train(train, train, dir.resolve("never")).toArray(String[]::new));
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains(train[0] + ":5: invalid UTF-8"), r[2]);
        Path input = dir.resolve("bad-input.de");
        Files.write(input, bad);
        r = CliTest.run("translate", "run", "--model", model.toString(), "--input", input.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains(input + ":1: invalid UTF-8"), r[2]);
    }

    @Test
    void emptyAndOverlongSentencesAreClearErrors() throws IOException {
        Path input = dir.resolve("gap.de");
        Files.writeString(input, "Ein Hund läuft.\n\nEine Frau singt.\n", StandardCharsets.UTF_8);
        String[] r = CliTest.run("translate", "run", "--model", model.toString(), "--input", input.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains(input + ": line 2 is empty"), r[2]);
        String tooLong = String.join(" ", Collections.nCopies(200, "Hund"));
        r = CliTest.run("translate", "run", "--model", model.toString(), "Ein Hund.", tooLong);
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains("sentence 2: sentence has") && r[2].contains("more than the model's maximum of 150"),
                r[2]);
    }

    @Test
    void aModelFolderOfAnotherApplicationIsAClearError() throws IOException {
        Path other = dir.resolve("classifier");
        Files.createDirectories(other);
        Files.writeString(other.resolve("config.json"), "{\"task\": \"text-classification\", \"format\": 1}");
        String[] r = CliTest.run("translate", "run", "--model", other.toString(), "Ein Hund.");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[2].contains("task 'text-classification', not a translation model"), r[2]);
    }
}
