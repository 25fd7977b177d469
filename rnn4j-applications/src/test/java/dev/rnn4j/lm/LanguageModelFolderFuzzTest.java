package dev.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target of the language model folder's {@code config.json} and {@code bpe.json}, read by
 * {@link LanguageModel#load(Path)} together with a fixed, valid {@code weights.safetensors}: the weights of an
 * untrained character model over {@code " abc"} (vocabulary 5, LSTM, embedding 4, hidden 4, one layer), saved once
 * per JVM. An input's bytes before its first NUL byte become {@code config.json}, the rest {@code bpe.json} (an
 * input without NUL leaves no {@code bpe.json}). Any input either loads, and then saves and loads back with the
 * same config and vocabulary, or raises an {@link IllegalArgumentException} with a message (the loader's
 * documented exception for a malformed folder). Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/lm/LanguageModelFolderFuzzTestInputs/loadsOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class LanguageModelFolderFuzzTest {

    /** The folder whose {@code config.json} and {@code bpe.json} are rewritten for every input. */
    private static final Path FOLDER = newFolderWithWeights();
    private static final Path SAVED = FOLDER.resolveSibling(FOLDER.getFileName() + "-saved");

    private static Path newFolderWithWeights() {
        try {
            Path folder = Files.createTempDirectory("language-model-folder-fuzz");
            CharVocabulary vocabulary = CharVocabulary.of(" abc");
            LanguageModelConfig config = new LanguageModelConfig("LSTM", vocabulary.size(), 4, 4, 1, 0.0, 0.0, 0.0,
                    false);
            new LanguageModel(vocabulary, new LanguageModelNetwork(config, new Rng(1)), null).save(folder);
            Files.delete(folder.resolve(LanguageModelFolder.CONFIG));
            folder.toFile().deleteOnExit();
            for (String name : new String[] {LanguageModelFolder.CONFIG, LanguageModelFolder.BPE,
                    LanguageModelFolder.WEIGHTS}) {
                folder.resolve(name).toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        int nul = indexOf(input, (byte) 0);
        Files.write(FOLDER.resolve(LanguageModelFolder.CONFIG), nul < 0 ? input : Arrays.copyOf(input, nul));
        Path bpe = FOLDER.resolve(LanguageModelFolder.BPE);
        if (nul < 0) {
            Files.deleteIfExists(bpe);
        } else {
            Files.write(bpe, Arrays.copyOfRange(input, nul + 1, input.length));
        }
        LanguageModel loaded;
        try {
            loaded = LanguageModel.load(FOLDER);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(),
                    "an IllegalArgumentException without a message");
            return;
        }
        loaded.save(SAVED);
        LanguageModel again = LanguageModel.load(SAVED);
        assertEquals(loaded.config(), again.config(), "config saved and loaded back");
        assertEquals(loaded.vocabulary().size(), again.vocabulary().size(), "vocabulary saved and loaded back");
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
