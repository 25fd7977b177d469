package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.bpe.BpeLearner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubwordEncodingTest {
    private static final String GERMAN = """
            Ein Mann mit einem Hut.
            Zwei Hunde spielen im Schnee.
            Ein Mann spielt Gitarre.
            Eine Frau mit einem Hund.
            Zwei Männer spielen Fußball im Park.
            """;
    private static final String ENGLISH = """
            A man with a hat.
            Two dogs play in the snow.
            A man plays guitar.
            A woman with a dog.
            Two men play soccer in the park.
            """;

    @TempDir
    Path dir;

    private ParallelCorpus corpus() throws IOException {
        return ParallelCorpusReader.read(Files.write(dir.resolve("train.de"), GERMAN.getBytes(StandardCharsets.UTF_8)),
                Files.write(dir.resolve("train.en"), ENGLISH.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void jointLearningGivesOneModelAndSeparateLearningTwo() throws IOException {
        BpeLearner learner = BpeLearner.builder().merges(30).build();
        SubwordModels joint = SubwordModels.learn(corpus(), learner, true);
        assertTrue(joint.joint());
        assertSame(joint.source(), joint.target());
        assertEquals(joint.sourceVocabulary().tokens(), joint.targetVocabulary().tokens());
        SubwordModels separate = SubwordModels.learn(corpus(), learner, false);
        assertFalse(separate.joint());
        assertNotSame(separate.source(), separate.target());
        assertTrue(separate.source().alphabet().contains("ß"));
        assertFalse(separate.target().alphabet().contains("ß"));
        assertTrue(separate.source().merges().size() <= 30);
        // learning is deterministic
        assertEquals(joint.source().merges(), SubwordModels.learn(corpus(), learner, true).source().merges());
    }

    @Test
    void vocabularyNumbersSpecialsFirstAndRoundTripsTextWithoutUnknowns() throws IOException {
        SubwordVocabulary vocabulary = SubwordModels.learn(corpus(), BpeLearner.builder().merges(40).build(), true)
                .targetVocabulary();
        assertEquals(List.of("<pad>", "<sos>", "<eos>", "<unk>"), vocabulary.tokens().subList(0, 4));
        assertEquals(SubwordVocabulary.SOS, vocabulary.token(SubwordVocabulary.SOS_ID));
        for (String text : List.of("A man plays in the snow.", "Ein Ünbekanntes Wort: 東京 😀!")) {
            int[] ids = vocabulary.encode(text);
            assertTrue(Arrays.stream(ids).allMatch(id -> id >= SubwordVocabulary.SPECIALS), Arrays.toString(ids));
            assertEquals(text, vocabulary.decode(ids));
        }
        int[] withMarkers = {SubwordVocabulary.SOS_ID, vocabulary.encode("A man")[0], SubwordVocabulary.EOS_ID, 7, 8};
        assertEquals("A", vocabulary.decode(withMarkers));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vocabulary.decode(new int[] {-1}));
        assertEquals("id must be in [0, " + vocabulary.size() + "), got -1", e.getMessage());
    }

    @Test
    void decodeSettingsBlockPaddingStartAndUnknown() {
        DecodeSettings settings = SubwordVocabulary.decodeSettings(1.5, 10);
        assertEquals(SubwordVocabulary.SOS_ID, settings.sosId());
        assertEquals(SubwordVocabulary.EOS_ID, settings.eosId());
        assertArrayEquals(new int[] {SubwordVocabulary.PAD_ID, SubwordVocabulary.SOS_ID, SubwordVocabulary.UNK_ID},
                settings.blockedTokens());
        assertEquals(25, settings.maxLength(10));
    }

    @Test
    void trainingSkipsAndCountsPairsWithASideOverTheMaximum() throws IOException {
        ParallelCorpus corpus = corpus();
        SubwordModels models = SubwordModels.learn(corpus, BpeLearner.builder().merges(0).build(), false);
        // without merges a token is a character: lines 2 and 5 have 29 and 32 characters on one side, the others at most 25
        PairEncoder encoder = new PairEncoder(models.sourceVocabulary(), models.targetVocabulary(), 25);
        EncodedCorpus encoded = encoder.encodeTraining(corpus);
        assertEquals(List.of(1L, 3L, 4L), encoded.pairs().stream().map(EncodedPair::line).toList());
        assertEquals(List.of(2L, 5L), encoded.tooLongLines());
        assertEquals("3 pairs encoded (2 skipped with a side over 25 subword tokens, first at line 2)", encoded.summary());
        assertEquals("A man with a hat.", models.targetVocabulary().decode(encoded.pairs().get(0).target()));

        PairEncoder tiny = new PairEncoder(models.sourceVocabulary(), models.targetVocabulary(), 5);
        DataFormatException e = assertThrows(DataFormatException.class, () -> tiny.encodeTraining(corpus));
        assertEquals(corpus.sourceFile() + ": every one of the 5 sentence pairs has a side of more than 5 subword tokens;"
                + " raise the maximum", e.getMessage());
    }

    @Test
    void aSentenceToTranslateOverTheMaximumIsAnErrorOrTruncated() throws IOException {
        SubwordModels models = SubwordModels.learn(corpus(), BpeLearner.builder().merges(0).build(), true);
        PairEncoder encoder = new PairEncoder(models.sourceVocabulary(), models.targetVocabulary(), 10);
        assertEquals(8, encoder.encodeSource("  Ein Mann ", LongSentencePolicy.ERROR).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encodeSource("Ein Mann mit Hut", LongSentencePolicy.ERROR));
        assertEquals("sentence has 16 subword tokens, more than the model's maximum of 10; split it into shorter sentences,"
                + " or truncate it (LongSentencePolicy.TRUNCATE)", e.getMessage());
        int[] truncated = encoder.encodeSource("Ein Mann mit Hut", LongSentencePolicy.TRUNCATE);
        assertArrayEquals(Arrays.copyOf(models.sourceVocabulary().encode("Ein Mann mit Hut"), 10), truncated);
        assertEquals("sentence is empty; there is nothing to translate",
                assertThrows(IllegalArgumentException.class, () -> encoder.encodeSource(" \t", LongSentencePolicy.ERROR))
                        .getMessage());
        assertEquals("maxTokens must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new PairEncoder(models.sourceVocabulary(), models.targetVocabulary(), 0)).getMessage());
    }
}
