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

/** {@code rnn4j qa train|eval|ask} end to end on a small generated bAbI folder, and the bad inputs. */
class QaCommandTest {

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

    /** Stories in the style of bAbI task 1: people move, questions ask where one is. */
    static String stories(int count, long seed) {
        String[] people = {"Mary", "John", "Sandra", "Daniel"};
        String[] places = {"bathroom", "hallway", "garden", "office", "kitchen"};
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int story = 0; story < count; story++) {
            int id = 1;
            String[] at = new String[people.length];
            int[] line = new int[people.length];
            for (int q = 0; q < 3; q++) {
                for (int k = 0; k < 2; k++) {
                    int p = random.nextInt(people.length);
                    at[p] = places[random.nextInt(places.length)];
                    line[p] = id;
                    s.append(id++).append(' ').append(people[p]).append(" moved to the ").append(at[p]).append(".\n");
                }
                int p = random.nextInt(people.length);
                while (at[p] == null) {
                    p = random.nextInt(people.length);
                }
                s.append(id++).append(" Where is ").append(people[p]).append("? \t").append(at[p]).append('\t')
                        .append(line[p]).append('\n');
            }
        }
        return s.toString();
    }

    /** DIR/en with task 1 and task 3, DIR/en-10k with task 1 and only the test file of task 3. */
    private Path babi() throws IOException {
        Path root = dir.resolve("babi");
        for (String set : List.of("en", "en-10k")) {
            Files.createDirectories(root.resolve(set));
            Files.writeString(root.resolve(set + "/qa1_single-supporting-fact_train.txt"), stories(20, 1));
            Files.writeString(root.resolve(set + "/qa1_single-supporting-fact_test.txt"), stories(6, 2));
            Files.writeString(root.resolve(set + "/qa3_three-supporting-facts_test.txt"), stories(4, 4));
        }
        Files.writeString(root.resolve("en/qa3_three-supporting-facts_train.txt"), stories(10, 3));
        return root;
    }

    private static String[] train(Path data, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("qa", "train", "--data", data.toString(), "--out", out.toString(),
                "--hidden", "8", "--epochs", "2", "--batch-size", "8", "--threads", "1", "--quiet"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void trainEvaluateAndAskWithTheAttentionModel() throws IOException {
        Path data = babi();
        Path model = dir.resolve("dmn");
        Run t = cli(train(data, model, "--task", "1", "--hops", "2"));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("bAbI en, task 1: 54 training and 6 validation questions"), t.out());
        assertTrue(t.out().contains("mean error"), t.out());
        assertTrue(Files.isRegularFile(model.resolve("weights.safetensors")));

        Path metrics = dir.resolve("metrics.json");
        Run e = cli("qa", "eval", "--model", model.toString(), "--data", data.toString(), "--metrics-json",
                metrics.toString(), "--threads", "1");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().contains("1 single-supporting-fact"), e.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals("test", json.path("split").asText());
        assertEquals(18, json.path("tasks").get(0).path("questions").asInt());
        assertTrue(json.has("mean_error") && json.has("failed_tasks"));

        Run valid = cli("qa", "eval", "--model", model.toString(), "--data", data.toString(), "--split", "valid",
                "--set", "en", "--threads", "1");
        assertEquals(0, valid.status(), valid.err());
        assertTrue(valid.out().contains("valid:"), valid.out());
        Run noSet = cli("qa", "eval", "--model", model.toString(), "--data", data.toString(), "--split", "valid");
        assertEquals(2, noSet.status());
        assertTrue(noSet.err().contains("--split valid: give --set"), noSet.err());

        Path story = dir.resolve("story.txt");
        Files.writeString(story, "1 Mary moved to the garden.\n2 John moved to the office.\n");
        Run a = cli("qa", "ask", "--model", model.toString(), "--story", story.toString(), "Where is Mary?");
        assertEquals(0, a.status(), a.err());
        assertTrue(a.out().startsWith("answer: "), a.out());
        assertTrue(a.out().contains("hop 1:") && a.out().contains("hop 2:") && !a.out().contains("hop 3:"), a.out());
        assertTrue(a.out().contains("Mary moved to the garden."), a.out());
    }

    @Test
    void restartsBelowTheThresholdPrintEveryRunAndKeepTheBest() throws IOException {
        Path model = dir.resolve("restarted");
        Run t = cli(train(babi(), model, "--task", "1", "--hops", "1", "--seed", "5", "--restarts", "1",
                "--restart-below", "100"));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.err().contains("run 1 of up to 2 (seed 5): validation accuracy"), t.err());
        assertTrue(t.err().contains("restart: best validation accuracy"), t.err());
        assertTrue(t.err().contains("run 2 of up to 2 (seed 6): validation accuracy"), t.err());
        assertTrue(t.err().contains("trained 2 run(s)"), t.err());
        JsonNode training = new ObjectMapper().readTree(model.resolve("config.json").toFile()).path("training");
        assertEquals(2, training.path("runs").size(), training.toString());
        Run bad = cli(train(babi(), dir.resolve("bad"), "--task", "1", "--restarts", "-1"));
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("restarts"), bad.err());
    }

    @Test
    void trainHelpStatesTheDefaults() {
        Run help = cli("qa", "train", "--help");
        assertEquals(0, help.status(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("--restarts=N") && text.contains("(default: "
                + dev.rnn4j.qa.QaDefaults.DMN_RESTARTS + " for dmn, 0 for lstm)"), text);
        assertTrue(text.contains("(default: " + dev.rnn4j.qa.QaDefaults.DMN_RESTART_BELOW + ")"), text);
        assertTrue(text.contains("--epochs=N Number of epochs (default: " + dev.rnn4j.qa.QaDefaults.DMN_EPOCHS
                + ")"), text);
        assertTrue(text.contains("(0: never; default: " + dev.rnn4j.qa.QaDefaults.DMN_PATIENCE + " for dmn"), text);
    }

    @Test
    void theLstmReaderTrainsOnTwoTasksOfEnTenKWithTaskThreeFromItsOneKFile() throws IOException {
        Path data = babi();
        Path model = dir.resolve("lstm");
        Run t = cli(train(data, model, "--task", "1,3", "--set", "en-10k", "--model", "lstm"));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("note: task 3: ") && t.out().contains("training on the 1k file"), t.out());
        assertTrue(t.out().contains("3 three-supporting-facts"), t.out());
        Path story = dir.resolve("story.txt");
        Files.writeString(story, "Mary moved to the garden.\n");
        Run a = cli("qa", "answer", "--model", model.toString(), "--story", story.toString(), "--question",
                "Where is Mary?");
        assertEquals(0, a.status(), a.err());
        assertFalse(a.out().contains("hop 1"), "no attention in the LSTM reader: " + a.out());
    }

    @Test
    void badTasksAndMissingFilesAreClearErrors() throws IOException {
        Path data = babi();
        Run r = cli(train(data, dir.resolve("m"), "--task", "21"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("task: expected a bAbI task number 1..20, got 21"), r.err());
        r = cli(train(data, dir.resolve("m"), "--task", "2"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no training file qa2_two-supporting-facts_train.txt"), r.err());
        r = cli(train(dir.resolve("none"), dir.resolve("m"), "--task", "1"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bAbI data folder not found"), r.err());
        r = cli(train(data, dir.resolve("m")));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--task: expected a task number 1..20 or 'all'"), r.err());
        r = cli(train(data, dir.resolve("m"), "--task", "1", "--model", "memnn"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--model: expected one of [lstm, dmn]"), r.err());
        r = cli("qa", "eval", "--model", dir.resolve("none").toString(), "--data", data.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("model folder not found"), r.err());
    }

    @Test
    void aMalformedTrainingFileIsNamedByFileAndLine() throws IOException {
        Path data = babi();
        Path file = data.resolve("en/qa1_single-supporting-fact_train.txt");
        Files.writeString(file, "1 Mary moved to the garden.\n2 Where is Mary? garden 1\n");
        Run r = cli(train(data, dir.resolve("m"), "--task", "1"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains(file + ":2: a question without its answer"), r.err());
    }

    @Test
    void askListsUnknownWordsAndRejectsEmptyStoriesAndQuestionLines() throws IOException {
        Path data = babi();
        Path model = dir.resolve("dmn");
        Run t = cli(train(data, model, "--task", "1"));
        assertEquals(0, t.status(), t.err());
        Path story = dir.resolve("story.txt");
        Files.writeString(story, "Mary teleported to the garden.\n");
        Run a = cli("qa", "ask", "--model", model.toString(), "--story", story.toString(), "Where is Zorro?");
        assertEquals(0, a.status(), a.err());
        assertTrue(a.out().startsWith("unknown words (read as the unknown symbol): teleported, zorro\n"), a.out());

        Files.writeString(story, "\n  \n");
        Run empty = cli("qa", "ask", "--model", model.toString(), "--story", story.toString(), "Where is Mary?");
        assertEquals(2, empty.status());
        assertTrue(empty.err().contains(story + ": empty story: expected at least one statement"), empty.err());

        Files.writeString(story, "1 Mary moved to the garden.\n2 Where is Mary?\tgarden\t1\n");
        Run question = cli("qa", "ask", "--model", model.toString(), "--story", story.toString(), "Where is Mary?");
        assertEquals(2, question.status());
        assertTrue(question.err().contains(story + ":2: a question line"), question.err());

        Run none = cli("qa", "ask", "--model", model.toString(), "--story", story.toString());
        assertEquals(2, none.status());
        assertTrue(none.err().contains("expected a question"), none.err());
        Run missing = cli("qa", "ask", "--model", model.toString(), "--story", dir.resolve("no.txt").toString(), "?");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("story file not found"), missing.err());
    }
}
