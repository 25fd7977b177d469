package dev.rnn4j.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill test: a child JVM training with frequent checkpoints is killed with SIGKILL
 * in the middle; a second child resumes from the folder and finishes; the final model must be
 * bit-identical to an uninterrupted run's, and nothing half-written may be visible.
 */
class KillResumeTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path reference;

    /** The uninterrupted run, once for both tests. */
    @BeforeAll
    static void uninterruptedRun() throws Exception {
        reference = shared.resolve("reference");
        Process straight = child(reference, "fresh", 0, 2).start();
        List<String> straightLines = readAll(straight);
        assertEquals(0, straight.waitFor(), "uninterrupted child failed: " + straightLines);
        assertTrue(straightLines.contains("done"), straightLines.toString());
    }

    @Test
    void killedWithSigkillThenResumedGivesTheUninterruptedModel() throws Exception {
        Path killed = tmp.resolve("killed");

        // 32 steps, a checkpoint every 2: kill after the 5th (step 10), while the run is mid-epoch
        Process victim = child(killed, "fresh", 25, 2).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.add(line);
                if (line.equals("checkpoint 10")) {
                    victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
                    break;
                }
            }
        }
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
        assertEquals(137, victim.exitValue(), "expected death by SIGKILL (128 + 9); output " + seen);
        assertFalse(seen.contains("done"), "the child finished before it could be killed: " + seen);
        assertFalse(Files.exists(killed.resolve(Trainer.MODEL_FILE)), "the killed run wrote no final model");

        // what the kill left: 'latest' names a complete, verifiable checkpoint at or after step 10
        Path latest = Checkpoints.latest(killed);
        Checkpoints.Loaded loaded = Checkpoints.read(latest);
        assertTrue(loaded.step() >= 10 && loaded.step() < 32, "latest checkpoint step " + loaded.step());
        assertEquals(Checkpoints.folderName(loaded.step()), latest.getFileName().toString());
        assertFalse(Files.readString(killed.resolve(Checkpoints.LATEST)).startsWith(AtomicFiles.TEMP_PREFIX));

        Process resumed = child(killed, "resume", 0, 2).start();
        List<String> resumedLines = readAll(resumed);
        assertEquals(0, resumed.waitFor(), "resumed child failed: " + resumedLines);
        assertTrue(resumedLines.contains("done"), resumedLines.toString());

        ToyTask.assertBitIdentical(ToyTask.weights(reference.resolve(Trainer.MODEL_FILE)),
                ToyTask.weights(killed.resolve(Trainer.MODEL_FILE)));
        assertEquals(TrainerTest.epochLosses(reference), TrainerTest.epochLosses(killed),
                "the metric log of the resumed run reads like the uninterrupted one");
        // no temporary or trash entries remain anywhere in the output folder
        try (var walk = Files.walk(killed)) {
            List<Path> leftovers = walk.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)
                    || p.getFileName().toString().startsWith(AtomicFiles.TRASH_PREFIX)).toList();
            assertTrue(leftovers.isEmpty(), "leftovers: " + leftovers);
        }
        assertEquals(Checkpoints.read(Checkpoints.latest(reference)).step(),
                Checkpoints.read(Checkpoints.latest(killed)).step());
    }

    /**
     * Kills at seeded random moments with a checkpoint after every step, so kills land during JVM
     * start-up, training and checkpoint writes alike. After every kill, {@code latest} is absent
     * (nothing completed yet) or names a checkpoint that verifies; the run then continues from it.
     */
    @Test
    void repeatedKillsAtRandomMomentsNeverExposeAPartialCheckpoint() throws Exception {
        Path out = tmp.resolve("chaos");
        dev.rnn4j.tensor.Rng random = new dev.rnn4j.tensor.Rng(2026);
        int kills = 0;
        boolean finished = false;
        for (int round = 0; round < 3 && !finished; round++) {
            String mode = Files.exists(out.resolve(Checkpoints.LATEST)) ? "resume" : "fresh";
            Process p = child(out, mode, 0, 1).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long delayMs = 400 + random.nextInt(700);
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), "round " + round + " (" + mode + ") failed");
                finished = true;
                break;
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            kills++;
            if (Files.exists(out.resolve(Checkpoints.LATEST))) {
                Checkpoints.Loaded c = Checkpoints.read(Checkpoints.latest(out)); // verifies sizes and hashes
                assertEquals(Checkpoints.folderName(c.step()), c.dir().getFileName().toString());
            }
        }
        if (!finished) {
            String mode = Files.exists(out.resolve(Checkpoints.LATEST)) ? "resume" : "fresh";
            Process p = child(out, mode, 0, 1).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, p.waitFor(), "the final " + mode + " run failed");
        }
        assertTrue(kills >= 1, "no kill landed; the run finished too fast for this test");
        ToyTask.assertBitIdentical(ToyTask.weights(reference.resolve(Trainer.MODEL_FILE)),
                ToyTask.weights(out.resolve(Trainer.MODEL_FILE)));
        assertEquals(TrainerTest.epochLosses(reference), TrainerTest.epochLosses(out));
    }

    private static ProcessBuilder child(Path out, String mode, long sleepMs, long checkpointEvery) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Xmx512m", "-Drnn4j.threads=1", "-cp", System.getProperty("java.class.path"),
                KillTestChild.class.getName(), out.toString(), mode, Long.toString(sleepMs),
                Long.toString(checkpointEvery)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(new File(System.getProperty("user.dir")));
    }

    private static List<String> readAll(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
