package dev.rnn4j.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.classify.ModelFolderException;
import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.text.bpe.Normalization;
import dev.rnn4j.text.bpe.WordLevelTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word-level option of translation: vocabularies of frequent words per language, {@code <unk>} for the rest,
 * a tiny model trained on 150 Multi30k pairs that saves, loads and translates, and a corrupted word file.
 */
class WordLevelTranslationTest {

    @TempDir
    static Path dir;
    static ParallelCorpus train;
    static ParallelCorpus dev;
    static TranslationModel model;

    @BeforeAll
    static void trainATinyWordModel() throws Exception {
        train = TranslatorTest.pairs(dir, "train", 0, 150);
        dev = TranslatorTest.pairs(dir, "dev", 150, 50);
        model = TranslationTraining.train(train, dev, TranslatorTest.tinyOptions(2).withWords(300, 2),
                new TranslationTraining.Run(dir.resolve("run"), false, true, null));
    }

    @Test
    void eachLanguageKeepsItsFrequentWordsMostFrequentFirst() {
        WordVocabularies words = WordVocabularies.learn(train, 0, 2);
        WordLevelTokenizer tokenizer = new WordLevelTokenizer(Normalization.NFC);
        Map<String, Integer> counts = new HashMap<>();
        for (SentencePair pair : train.pairs()) {
            tokenizer.tokenize(pair.source()).forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        List<String> kept = words.source().entries();
        assertEquals(counts.values().stream().filter(c -> c >= 2).count(), kept.size());
        for (int i = 0; i + 1 < kept.size(); i++) {
            int a = counts.get(kept.get(i));
            int b = counts.get(kept.get(i + 1));
            assertTrue(a > b || (a == b && kept.get(i).compareTo(kept.get(i + 1)) < 0), kept.get(i) + " before "
                    + kept.get(i + 1));
        }
        assertTrue(counts.get(kept.get(kept.size() - 1)) >= 2);
        assertTrue(kept.contains(" Mann"), kept.toString());

        WordVocabularies capped = WordVocabularies.learn(train, 10, 1);
        assertEquals(kept.subList(0, 10), capped.source().entries());
        assertEquals(10 + SubwordVocabulary.SPECIALS, capped.target().size());
        assertEquals("word", capped.unit());
        assertEquals(words.source().tokens(), WordVocabularies.learn(train, 0, 2).source().tokens(), "deterministic");
    }

    @Test
    void anUnknownSourceWordMapsToUnk() {
        SubwordVocabulary source = model.sourceVocabulary();
        assertTrue(source.wordLevel());
        int[] ids = source.encode("Ein Zebrafantasiewort.");
        assertEquals(3, ids.length);
        assertEquals(SubwordVocabulary.UNK_ID, ids[1]);
        Translation t = Translator.of(model).withSearch(2, 1).predict("Ein Zebrafantasiewort läuft.");
        assertEquals(SubwordVocabulary.UNK, t.sourceTokens().get(1));
        assertEquals(SubwordVocabulary.EOS, t.sourceTokens().get(t.sourceTokens().size() - 1));
    }

    @Test
    void unknownWordsDecodeAsUnkAndMayBeSearchedFor() {
        SubwordVocabulary target = model.targetVocabulary();
        String first = target.token(SubwordVocabulary.SPECIALS);
        String second = target.token(SubwordVocabulary.SPECIALS + 1);
        int unk = SubwordVocabulary.UNK_ID;
        assertEquals(first + " <unk>" + second, target.decode(new int[] {SubwordVocabulary.SPECIALS, unk,
                SubwordVocabulary.SPECIALS + 1, SubwordVocabulary.EOS_ID, 9}));
        assertEquals("<unk>" + first, target.decode(new int[] {unk, SubwordVocabulary.SPECIALS}));
        DecodeSettings settings = target.searchSettings(1.5, 10);
        assertArrayEquals(new int[] {SubwordVocabulary.PAD_ID, SubwordVocabulary.SOS_ID}, settings.blockedTokens());
        assertEquals("words", target.unit());
    }

    @Test
    void aTinyWordModelSavesLoadsAndTranslatesTheSame() throws IOException {
        Path folder = dir.resolve("model");
        model.save(folder);
        assertTrue(Files.isRegularFile(folder.resolve("words.source.json")));
        assertTrue(Files.isRegularFile(folder.resolve("words.target.json")));
        assertFalse(Files.exists(folder.resolve("bpe.json")));
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertEquals("word", config.path("tokens").asText());
        assertEquals("word", config.path("training").path("tokens").asText());
        assertEquals(300, config.path("training").path("max_vocab").asInt());

        TranslationModel back = TranslationModel.load(folder);
        assertEquals(model.sourceVocabulary().tokens(), back.sourceVocabulary().tokens());
        assertEquals(model.targetVocabulary().tokens(), back.targetVocabulary().tokens());
        Translator loaded = assertInstanceOf(Translator.class, Predictors.load(folder)).withSearch(3, 2);
        assertEquals("word", loaded.describe().settings().get("tokens"));
        List<String> sentences = new ArrayList<>();
        for (SentencePair p : dev.pairs().subList(0, 6)) {
            sentences.add(p.source());
        }
        List<Translation> before = Translator.of(model).withSearch(3, 2).predictBatch(sentences);
        List<Translation> after = loaded.predictBatch(sentences);
        assertEquals(before, after);
        for (Translation t : after) {
            assertEquals(2, t.candidates().size());
            List<String> tokens = t.candidates().get(0).tokens();
            assertEquals(SubwordVocabulary.EOS, tokens.get(tokens.size() - 1));
            String joined = String.join("", tokens.subList(0, tokens.size() - 1));
            assertEquals(joined.replace("<unk>", ""), t.text().replace(" <unk>", "").replace("<unk>", ""),
                    "the text is the words joined, <unk> shown as such");
        }
    }

    @Test
    void aCorruptedWordVocabularyFileIsReportedByName() throws IOException {
        Path folder = dir.resolve("corrupted");
        model.save(folder);
        Path source = folder.resolve("words.source.json");
        Path target = folder.resolve("words.target.json");
        Files.writeString(target, "{\"format\": \"rnn4j-words\", \"version\": 1, \"normalization\": \"NFC\","
                + " \"words\": [\" a\", 7]}");
        assertMessage(target + ": field \"words\"[1]: expected a string, found 7", folder);
        Files.writeString(target, "{\"format\": \"rnn4j-words\", \"version\": 1, \"normalization\": \"NFC\","
                + " \"words\": [\" a\", \" b\", \" a\"]}");
        assertMessage(target + ": field words[2]: \" a\" repeats words[0]", folder);
        Files.writeString(source, "{\"format\": \"rnn4j-words\",\n \"words\": [");
        assertMessage(source + ": not a valid word vocabulary JSON file", folder);
        Files.writeString(source, "{\"format\": \"rnn4j-bpe\", \"version\": 1}");
        assertMessage(source + ": not a word vocabulary file: expected \"format\": \"rnn4j-words\"", folder);
        Files.delete(source);
        assertMessage(source + ": word vocabulary file not found", folder);
    }

    @Test
    void badWordSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TranslatorTest.tinyOptions(1).withWords(-1, 2));
        assertEquals("maxVocab: expected at least 0 (0 for no cap), got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TranslatorTest.tinyOptions(1).withWords(0, 0));
        assertEquals("minCount: expected at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WordVocabularies.learn(train, 0, 100_000));
        assertTrue(e.getMessage().startsWith(train.sourceFile() + ": no word occurs at least 100000 times"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SubwordVocabulary.words(
                new WordLevelTokenizer(Normalization.NFC), List.of(" a", "<eos>")));
        assertEquals("words[1]: \"<eos>\" is a special token", e.getMessage());
    }

    private static void assertMessage(String start, Path folder) {
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TranslationModel.load(folder));
        assertTrue(e.getMessage().startsWith(start), "expected \"" + start + "\" at the start of: " + e.getMessage());
    }
}
