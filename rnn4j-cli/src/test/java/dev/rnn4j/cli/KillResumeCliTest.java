package dev.rnn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every training command, killed with SIGKILL after a later epoch's checkpoint and rerun with
 * {@code --resume}, saves the same model folder as an uninterrupted run: the same bytes in every
 * weights file, n-gram table, vocabulary and checkpoint, the same JSON apart from wall times.
 * Each run is {@link Main} in a child JVM.
 */
class KillResumeCliTest {

    /** Scalar kernels: the same results on any machine. */
    private static final List<String> JVM = List.of("-Drnn4j.kernels=scalar");

    @TempDir
    Path dir;

    /** Labelled sentences, positive when they hold more positive than negative words. */
    static Path sentences(Path dir, String name, int count, long seed) throws IOException {
        String[] good = {"good", "great", "fine", "lovely", "witty", "moving"};
        String[] bad = {"bad", "dull", "poor", "awful", "tedious", "flat"};
        String[] filler = {"the", "film", "a", "story", "with", "and", "its", "cast", "plot", "is", "of", "this"};
        Random random = new Random(seed);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int score = 0;
            StringBuilder text = new StringBuilder();
            int length = 4 + random.nextInt(12);
            for (int t = 0; t < length; t++) {
                int kind = random.nextInt(5);
                String word;
                if (kind == 0) {
                    word = good[random.nextInt(good.length)];
                    score++;
                } else if (kind == 1) {
                    word = bad[random.nextInt(bad.length)];
                    score--;
                } else {
                    word = filler[random.nextInt(filler.length)];
                }
                text.append(t == 0 ? "" : " ").append(word);
            }
            lines.append(score > 0 || (score == 0 && random.nextBoolean()) ? "1 " : "0 ").append(text).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, lines.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private List<String> classify(Path out, int ensemble, String... extra) throws IOException {
        Path train = dir.resolve("train.txt");
        if (!Files.exists(train)) {
            sentences(dir, "train.txt", 600, 1);
            sentences(dir, "dev.txt", 150, 2);
        }
        List<String> args = new ArrayList<>(List.of("classify", "train", "--train", train.toString(), "--dev",
                dir.resolve("dev.txt").toString(), "--embedding-dim", "12", "--hidden", "8", "--epochs", "5",
                "--batch-size", "16", "--min-freq", "1", "--seed", "5", "--threads", "1", "--ensemble",
                Integer.toString(ensemble), "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> resume(List<String> args) {
        List<String> more = new ArrayList<>(args);
        more.add("--resume");
        return more;
    }

    /** Kills once {@code runFolder} has a checkpoint after its first one (so at least epoch 2's). */
    private static java.util.function.Predicate<List<String>> afterSecondCheckpoint(Path runFolder) {
        long[] first = {-1};
        return lines -> {
            long step = ChildCli.latestStep(runFolder);
            if (step > 0 && first[0] < 0) {
                first[0] = step;
            }
            return first[0] > 0 && step > first[0];
        };
    }

    private static void assertResumedLikeUninterrupted(Path straight, Path killed, List<String> straightLines,
                                                       List<String> resumedLines) throws IOException {
        ChildCli.assertSameFolders(straight, killed);
        // what the epoch averaging kept is printed; the resumed run must have chosen the same
        List<String> kept = straightLines.stream().filter(l -> l.contains("kept the parameters of")).toList();
        assertFalse(kept.isEmpty(), "the uninterrupted run printed no averaging choice: " + straightLines);
        assertEquals(kept, resumedLines.stream().filter(l -> l.contains("kept the parameters of")).toList(),
                "uninterrupted: " + straightLines + "\nresumed: " + resumedLines);
    }

    @Test
    void classifyTrainResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, classify(straight, 1));
        assertEquals(0, reference.status(), reference.lines().toString());

        Path killed = dir.resolve("killed");
        List<String> args = classify(killed, 1);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args, afterSecondCheckpoint(killed.resolve("training")));
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertTrue(resumed.lines().stream().anyMatch(l -> l.startsWith("resuming from")), resumed.lines().toString());
        assertResumedLikeUninterrupted(straight, killed, reference.lines(), resumed.lines());
    }

    @Test
    void classifyTrainEnsembleResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, classify(straight, 2));
        assertEquals(0, reference.status(), reference.lines().toString());

        // killed while training the second member: the first one's choice and the table's dev recount
        // must come back from its run folder
        Path killed = dir.resolve("killed");
        List<String> args = classify(killed, 2);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args,
                afterSecondCheckpoint(killed.resolve("training").resolve("member-1")));
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertResumedLikeUninterrupted(straight, killed, reference.lines(), resumed.lines());
    }

    @Test
    void forecastTrainResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path csv = ForecastCommandTest.sineCsv(dir, 160, 3);
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, forecast(csv, straight));
        assertEquals(0, reference.status(), reference.lines().toString());

        // killed while training the first of two networks: the second has no run folder yet
        Path killed = dir.resolve("killed");
        List<String> args = forecast(csv, killed);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args,
                afterSecondCheckpoint(killed.resolve("training").resolve("net-0")));
        assertFalse(Files.exists(killed.resolve("training").resolve("net-1")), victim.lines().toString());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        ChildCli.assertSameFolders(straight, killed);
    }

    @Test
    void lmTrainResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path text = LmCommandTest.corpus(dir, "corpus.txt", 200, 4);
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, lm(text, straight));
        assertEquals(0, reference.status(), reference.lines().toString());

        // checkpoints every 5 steps: the kill lands in the middle of an epoch, where the carried hidden state
        // must come back from the checkpoint for the resumed run to see the same numbers
        Path killed = dir.resolve("killed");
        List<String> args = lm(text, killed);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args, afterSecondCheckpoint(killed.resolve("training")));
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertTrue(resumed.lines().stream().anyMatch(l -> l.startsWith("resuming from")), resumed.lines().toString());
        ChildCli.assertSameFolders(straight, killed);
    }

    @Test
    void lmBpeTrainResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path text = LmCommandTest.corpus(dir, "corpus.txt", 200, 4);
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, lmBpe(text, straight));
        assertEquals(0, reference.status(), reference.lines().toString());

        // the BPE model is learned again on resume, and must come out the same for the checkpoint to fit
        Path killed = dir.resolve("killed");
        List<String> args = lmBpe(text, killed);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args, afterSecondCheckpoint(killed.resolve("training")));
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertTrue(resumed.lines().stream().anyMatch(l -> l.startsWith("resuming from")), resumed.lines().toString());
        assertTrue(Files.isRegularFile(killed.resolve("bpe.json")));
        ChildCli.assertSameFolders(straight, killed);
    }

    private static List<String> lmBpe(Path text, Path out) {
        List<String> args = lm(text, out);
        args.addAll(List.of("--tokens", "bpe", "--merges", "30"));
        return args;
    }

    private static List<String> lm(Path text, Path out) {
        List<String> args = LmCommandTest.tinyTrain(text, out, "--checkpoint-every", "5", "--dropout", "0.1",
                "--seed", "5");
        args.set(args.indexOf("--epochs") + 1, "3");
        return args;
    }

    @Test
    void translateTrainResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path[] train = TranslateCommandTest.sample(dir, "train", 0, 150);
        Path[] dev = TranslateCommandTest.sample(dir, "dev", 150, 50);
        Path straight = dir.resolve("straight");
        ChildCli.Ended reference = ChildCli.run(JVM, TranslateCommandTest.train(train, dev, straight, 4));
        assertEquals(0, reference.status(), reference.lines().toString());

        Path killed = dir.resolve("killed");
        List<String> args = TranslateCommandTest.train(train, dev, killed, 4);
        ChildCli.Ended victim = ChildCli.runAndKill(JVM, args, afterSecondCheckpoint(killed.resolve("training")));
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        ChildCli.Ended resumed = ChildCli.run(JVM, resume(args));
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertTrue(resumed.lines().stream().anyMatch(l -> l.startsWith("resuming from")), resumed.lines().toString());
        ChildCli.assertSameFolders(straight, killed);
    }

    private static List<String> forecast(Path csv, Path out) {
        return new ArrayList<>(List.of("forecast", "train", "--csv", csv.toString(), "--target", "Value", "--time",
                "Month", "--horizon", "3", "--test-size", "6", "--epochs", "25", "--hidden", "6", "--ensemble", "2",
                // one configuration: the candidates of the automatic choice write no checkpoints to resume from
                "--lookback", "12", "--diff",
                "--seed", "5", "--threads", "1", "--quiet", "--out", out.toString()));
    }
}
