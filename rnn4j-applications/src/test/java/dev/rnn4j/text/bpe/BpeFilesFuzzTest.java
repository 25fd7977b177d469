package dev.rnn4j.text.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target of the BPE model file reader ({@link BpeModel#load(Path)}): any bytes either load
 * as a model that tokenises and decodes a text, or raise a {@link DataFormatException} with a
 * message. Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/text/bpe/BpeFilesFuzzTestInputs/loadsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class BpeFilesFuzzTest {

    private static final String SAMPLE = "Der Hund, the dog 😀\t1,5";
    /** One file rewritten for every input, so an input costs a write, not a file creation and deletion. */
    private static final Path FILE = newTempFile();

    private static Path newTempFile() {
        try {
            Path file = Files.createTempFile("bpe-fuzz", ".json");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(FILE, input);
        BpeModel model;
        try {
            model = BpeModel.load(FILE);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        List<String> tokens = model.tokenize(SAMPLE);
        assertEquals(model.normalize(SAMPLE), model.decode(tokens));
    }
}
