package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rnn4j.classify.ModelFolderException;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.bpe.Normalization;
import dev.rnn4j.text.bpe.WordLevelTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target of the translator folder's {@code config.json} and word vocabularies ({@code words.source.json},
 * {@code words.target.json}), read by {@link TranslationModel#load(Path)} together with a fixed, valid
 * {@code weights.safetensors}: an untrained word-level model (source words {@code a b}, target words {@code x y},
 * 6 ids a side; {@link Seq2SeqConfig#bahdanau} with embedding 4 and hidden sizes 4), saved once per JVM. An
 * input's NUL bytes split it into the config, the source and the target vocabulary; a part the input does not
 * reach keeps the saved, valid file. Any input either loads, and then saves and loads back with the same network
 * config, vocabulary sizes and maximum length, or raises a {@link ModelFolderException} with a message. Any other
 * exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/translate/TranslatorFolderFuzzTestInputs/loadsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class TranslatorFolderFuzzTest {

    private static final String[] PARTS = {TranslationModel.CONFIG, TranslationModel.SOURCE_WORDS,
            TranslationModel.TARGET_WORDS};
    /** The folder whose config and vocabularies are rewritten for every input. */
    private static final Path FOLDER = newTempFolder("translator-folder-fuzz");
    private static final Path SAVED = newTempFolder("translator-folder-fuzz-saved");
    /** The saved, valid bytes of the two vocabularies, restored when an input does not replace them. */
    private static final Map<String, byte[]> VALID = saveTinyModel();

    private static Path newTempFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            folder.toFile().deleteOnExit();
            for (String name : new String[] {TranslationModel.CONFIG, TranslationModel.SOURCE_WORDS,
                    TranslationModel.TARGET_WORDS, TranslationModel.WEIGHTS}) {
                folder.resolve(name).toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> saveTinyModel() {
        try {
            WordLevelTokenizer tokenizer = new WordLevelTokenizer(Normalization.NFC);
            WordVocabularies words = new WordVocabularies(SubwordVocabulary.words(tokenizer, List.of("a", "b")),
                    SubwordVocabulary.words(tokenizer, List.of("x", "y")));
            Seq2SeqConfig config = Seq2SeqConfig.bahdanau(words.source().size(), words.target().size(), 4, 4, 4);
            new TranslationModel(new Seq2Seq(config, new Rng(1)), words, 8, JsonNodeFactory.instance.objectNode())
                    .save(FOLDER);
            return Map.of(TranslationModel.SOURCE_WORDS, Files.readAllBytes(FOLDER.resolve(TranslationModel.SOURCE_WORDS)),
                    TranslationModel.TARGET_WORDS, Files.readAllBytes(FOLDER.resolve(TranslationModel.TARGET_WORDS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        List<byte[]> parts = splitAtNul(input, PARTS.length);
        for (int i = 0; i < PARTS.length; i++) {
            Files.write(FOLDER.resolve(PARTS[i]), i < parts.size() ? parts.get(i) : VALID.get(PARTS[i]));
        }
        TranslationModel loaded;
        try {
            loaded = TranslationModel.load(FOLDER);
        } catch (ModelFolderException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ModelFolderException without a message");
            return;
        }
        loaded.save(SAVED);
        TranslationModel again = TranslationModel.load(SAVED);
        assertEquals(loaded.network().config(), again.network().config(), "network config saved and loaded back");
        assertEquals(loaded.tokens().sourceVocabulary().tokens(), again.tokens().sourceVocabulary().tokens());
        assertEquals(loaded.tokens().targetVocabulary().tokens(), again.tokens().targetVocabulary().tokens());
        assertEquals(loaded.maxTokens(), again.maxTokens(), "max_tokens saved and loaded back");
    }

    /** The input cut at its first {@code max - 1} NUL bytes (the NULs dropped). */
    private static List<byte[]> splitAtNul(byte[] input, int max) {
        List<byte[]> parts = new ArrayList<>(max);
        int start = 0;
        for (int i = 0; i < input.length && parts.size() < max - 1; i++) {
            if (input[i] == 0) {
                parts.add(java.util.Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        parts.add(java.util.Arrays.copyOfRange(input, start, input.length));
        return parts;
    }
}
