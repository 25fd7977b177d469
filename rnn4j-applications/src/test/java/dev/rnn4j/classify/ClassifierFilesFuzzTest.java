package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets of the classifier model folder's own files: {@code config.json}
 * ({@link ModelFolder#readConfig(Path)}) and the n-gram table {@code ngrams.tsv}
 * ({@link NgramNaiveBayes#load(Path)}). Any bytes either load, and then write and read back equal (the config
 * through {@link ModelFolder#configJson}, the table through {@link NgramNaiveBayes#save(Path)} to the same
 * bytes), or raise the reader's own exception with a message: a {@link ModelFolderException} for the config, a
 * {@link DataFormatException} for the table. Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} these replay the seeds in
 * {@code src/test/resources/dev/rnn4j/classify/ClassifierFilesFuzzTestInputs/<method>/}; RELIABILITY.md gives
 * the command that fuzzes one for a given time.
 */
class ClassifierFilesFuzzTest {

    /** A model folder whose {@code config.json} is rewritten for every input. */
    private static final Path FOLDER = newTempFolder();
    private static final Path CONFIG = FOLDER.resolve(ModelFolder.CONFIG);
    private static final Path NGRAMS = FOLDER.resolve(ModelFolder.NGRAMS);
    private static final Path NGRAMS_SAVED = FOLDER.resolve("ngrams-saved.tsv");

    private static Path newTempFolder() {
        try {
            Path folder = Files.createTempDirectory("classifier-files-fuzz");
            folder.toFile().deleteOnExit();
            for (String name : new String[] {ModelFolder.CONFIG, ModelFolder.NGRAMS, "ngrams-saved.tsv"}) {
                folder.resolve(name).toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void configLoadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(CONFIG, input);
        ModelFolder.ConfigFile loaded;
        try {
            loaded = ModelFolder.readConfig(FOLDER);
        } catch (ModelFolderException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ModelFolderException without a message");
            return;
        }
        Files.write(CONFIG, ModelFolder.JSON.writeValueAsBytes(ModelFolder.configJson(loaded.config(),
                loaded.vocabSize(), loaded.numClasses(), loaded.temperature(), null)));
        assertEquals(loaded, ModelFolder.readConfig(FOLDER), "written and read back");
    }

    @FuzzTest(maxDuration = "60s")
    void ngramTableLoadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(NGRAMS, input);
        NgramNaiveBayes loaded;
        try {
            loaded = NgramNaiveBayes.load(NGRAMS);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        loaded.save(NGRAMS_SAVED);
        NgramNaiveBayes again = NgramNaiveBayes.load(NGRAMS_SAVED);
        assertEquals(loaded.size(), again.size(), "n-grams written and read back");
        assertEquals(loaded.order(), again.order());
        assertEquals(loaded.charOrder(), again.charOrder());
        assertEquals(loaded.numClasses(), again.numClasses());
        assertEquals(loaded.weight(), again.weight());
        byte[] first = Files.readAllBytes(NGRAMS_SAVED);
        again.save(NGRAMS_SAVED);
        assertArrayEquals(first, Files.readAllBytes(NGRAMS_SAVED), "a loaded table saves to the same bytes twice");
    }
}
