package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Fuzz target of the checkpoint reader that {@code --resume} goes through: {@link Checkpoints#read(Path)}
 * (the {@code checkpoint.json} with its format, version, step and file manifest, and the safetensors files the
 * manifest verifies), then {@link TrainerState#fromJson} on its {@code trainer} object and
 * {@link Checkpoints#modelConfig(Path)}. Any {@code checkpoint.json} either reads as a checkpoint whose weights
 * are the folder's, with a step {@code >= 0} and a trainer state that writes and reads back to the same JSON, or
 * raises a {@link CheckpointException} with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>An input is the bytes of {@code checkpoint.json}; the folder beside it holds a fixed, valid
 * {@code model.safetensors} and {@code optimizer.safetensors}, copied from
 * {@code src/test/resources/dev/rnn4j/train/CheckpointFuzzTestFolder/}, whose sizes and SHA-256 the valid seeds
 * record. Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/train/CheckpointFuzzTestInputs/readsOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class CheckpointFuzzTest {

    /** The checkpoint folder: the two fixed safetensors files and a {@code checkpoint.json} rewritten for every input. */
    private static final Path FOLDER = newCheckpointFolder();

    private static Path newCheckpointFolder() {
        try {
            Path folder = Files.createTempDirectory("checkpoint-fuzz");
            folder.toFile().deleteOnExit();
            for (String name : new String[] {Checkpoints.WEIGHTS_FILE, Checkpoints.OPTIMIZER_FILE, Checkpoints.STATE_FILE}) {
                Path file = folder.resolve(name);
                if (!name.equals(Checkpoints.STATE_FILE)) {
                    try (InputStream in = CheckpointFuzzTest.class.getResourceAsStream("CheckpointFuzzTestFolder/" + name)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                file.toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        Path stateFile = FOLDER.resolve(Checkpoints.STATE_FILE);
        Files.write(stateFile, input);
        Checkpoints.Loaded loaded;
        TrainerState state;
        try {
            loaded = Checkpoints.read(FOLDER);
            state = TrainerState.fromJson(loaded.json().get("trainer"), stateFile.toString());
            Checkpoints.modelConfig(FOLDER);
        } catch (CheckpointException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a CheckpointException without a message");
            return;
        }
        assertEquals(Set.of("linear.weight", "linear.bias"), loaded.weights().keySet(), "the folder's weights");
        assertTrue(loaded.step() >= 0, "a step below 0 was accepted");
        assertEquals(state.toJson(), TrainerState.fromJson(state.toJson(), "written").toJson(),
                "trainer state written and read back");
    }
}
