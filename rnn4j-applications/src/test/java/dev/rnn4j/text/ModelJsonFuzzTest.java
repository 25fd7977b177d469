package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Fuzz targets of the vocabulary and label files of a model folder ({@link Vocabulary#load(Path)},
 * {@link LabelSet#load(Path)}; a classifier folder's {@code vocab.json} and {@code labels.json}):
 * any bytes either load as a vocabulary or label set that saves and loads back equal, or raise a
 * {@link DataFormatException} with a message. Any other exception or error, or a hang, is a
 * finding.
 *
 * <p>Under {@code mvn verify} these replay the seeds in
 * {@code src/test/resources/dev/rnn4j/text/ModelJsonFuzzTestInputs/<method>/}; RELIABILITY.md gives
 * the command that fuzzes one for a given time.
 */
class ModelJsonFuzzTest {

    /** One file rewritten for every input, so an input costs a write, not a file creation and deletion. */
    private static final Path FILE = newTempFile();

    private static Path newTempFile() {
        try {
            Path file = Files.createTempFile("model-json-fuzz", ".json");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void vocabularyLoadsOrFailsClearly(byte[] input) throws IOException {
        loadsOrFailsClearly(input, Vocabulary::load, Vocabulary::save);
    }

    @FuzzTest(maxDuration = "60s")
    void labelsLoadOrFailClearly(byte[] input) throws IOException {
        loadsOrFailsClearly(input, LabelSet::load, LabelSet::save);
    }

    private interface Saver<T> {
        void save(T value, Path file);
    }

    private static <T> void loadsOrFailsClearly(byte[] input, Function<Path, T> load, Saver<T> save) throws IOException {
        Files.write(FILE, input);
        T loaded;
        try {
            loaded = load.apply(FILE);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        save.save(loaded, FILE);
        assertEquals(loaded, load.apply(FILE), "saved and loaded back");
    }
}
