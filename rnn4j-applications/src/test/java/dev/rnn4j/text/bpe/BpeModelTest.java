package dev.rnn4j.text.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeModelTest {

    private static final List<String> CORPUS = List.of(
            "Ein Mann fährt mit dem Fahrrad über die Straße.",
            "Zwei Hunde spielen im Schnee – „glücklich“!",
            "A man rides his bike across the street.",
            "Two dogs are playing in the snow, happily.",
            "Café, naïve, résumé: 3.14 × 2 = 6.28",
            "The dog's toy (red) is   under\tthe table.\n");

    private static final BpeModel MODEL = BpeLearner.builder().merges(200).build().learn(CORPUS);

    /** Characters drawn from awkward places: ASCII, Latin-1, combining marks, CJK, emoji, spaces, surrogates. */
    private static String randomText(Random random) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0xff}, {0x300, 0x36f}, {0x4e00, 0x4e20}, {0x1f600, 0x1f64f},
                {0x2000, 0x200b}, {0xd800, 0xdfff}, {0x09, 0x0d}, {0x61, 0x7a}, {0xfb00, 0xfb06}};
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(30);
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            int c = range[0] + random.nextInt(range[1] - range[0] + 1);
            if (c >= 0xd800 && c <= 0xdfff) {
                sb.append((char) c); // an unpaired surrogate
            } else {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }

    @Test
    void decodeOfEncodeGivesTheNormalisedTextBack() {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(CORPUS);
        texts.addAll(List.of("", " ", "  leading and trailing  ", "\t\n\r", "a\u00a0b\u202fc", "<0x41>", "<0xZZ>",
                "e\u0301", "ﬁ ﬀ", "😀😀 😀", "東京タワー", "İstanbul ΣΟΦΟΣ", "\uFFFD", "\ud83d"));
        for (int i = 0; i < 2000; i++) {
            texts.add(randomText(random));
        }
        for (Normalization normalization : Normalization.values()) {
            BpeModel model = BpeLearner.builder().merges(100).normalization(normalization).build().learn(CORPUS);
            for (String text : texts) {
                List<String> tokens = model.tokenize(text);
                assertEquals(model.normalize(text), model.decode(tokens), () -> "text " + escape(text) + " tokens " + tokens);
                assertTrue(new HashSet<>(model.vocabulary()).containsAll(tokens), () -> "unknown token in " + tokens);
            }
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x7f && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.toString();
    }

    @Test
    void unseenCharactersBecomeUtf8ByteTokens() {
        assertFalse(MODEL.alphabet().contains("😀"));
        assertEquals(List.of("<0xF0>", "<0x9F>", "<0x98>", "<0x80>"), MODEL.tokenize("😀"));
        assertEquals("x😀y", MODEL.decode(List.of("x", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>", "y")));
        // bytes that are not UTF-8 (a model may predict them) decode to U+FFFD, never an exception
        assertEquals("a\uFFFDb", MODEL.decode(List.of("a", "<0xF0>", "b")));
        // text that merely looks like a byte token is split into ordinary chunks
        assertEquals("<0x41>", MODEL.decode(MODEL.tokenize("<0x41>")));
        assertTrue(MODEL.tokenize("<0x41>").size() > 1);
    }

    @Test
    void normalisationIsNfcByDefaultAndNfkcOnRequest() {
        assertEquals(Normalization.NFC, MODEL.normalization());
        assertEquals("Café", MODEL.normalize("Cafe\u0301"));
        assertEquals("ﬁ", MODEL.normalize("ﬁ"));
        assertEquals("fi", Normalization.NFKC.apply("ﬁ"));
        assertEquals("a\uFFFDb", Normalization.NFC.apply("a\ud800b"));
        assertEquals("\uFFFD", Normalization.NFC.apply("\udc00"));
        assertEquals("😀", Normalization.NFC.apply("😀"));
    }

    @Test
    void vocabularyListsEveryTokenOnceInAFixedOrder() {
        List<String> vocab = MODEL.vocabulary();
        assertEquals(vocab.size(), new HashSet<>(vocab).size());
        assertEquals(MODEL.alphabet(), vocab.subList(0, MODEL.alphabet().size()));
        assertEquals("<0x00>", vocab.get(vocab.size() - 256));
        assertEquals("<0xFF>", vocab.get(vocab.size() - 1));
    }

    @Test
    void specialTokensNeverCollideWithLearnedOnesAndEveryTokenHasAnId() {
        BpeModel model = BpeLearner.builder().minPairFrequency(1).build()
                .learn(List.of("<pad> <unk> <eos> <bos>", "<eos><eos>", "x<pad>y"));
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK, "<bos>", "<eos>"));
        tokens.addAll(model.vocabulary());
        Vocabulary vocabulary = Vocabulary.of(tokens); // throws on a duplicate
        for (int id : vocabulary.encode(model.tokenize("a <eos> 😀 x<pad>"))) {
            assertTrue(id != Vocabulary.UNK_ID);
        }
    }

    @Test
    void constructorNamesTheBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BpeModel(Normalization.NFC, List.of("a", "bc"), List.of()));
        assertEquals("alphabet[1]: expected one character, found \"bc\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BpeModel(Normalization.NFC, List.of("a", "a"), List.of()));
        assertEquals("alphabet[1]: \"a\" appears twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BpeModel(Normalization.NFC, List.of("a", "b"), List.of(List.of("a", "b"), List.of("ab", "c"))));
        assertEquals("merges[1]: \"c\" is neither in the alphabet nor the result of an earlier merge", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BpeModel(Normalization.NFC, List.of("a"), List.of(List.of("a"))));
        assertEquals("merges[0]: expected a pair of symbols, found [a]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BpeModel(Normalization.NFC, List.of("a"), List.of(List.of("a", "a"), List.of("a", "a"))));
        assertEquals("merges[1]: [a, a] appears twice", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MODEL.tokenize(null));
        assertThrows(IllegalArgumentException.class, () -> MODEL.decode(null));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> MODEL.decode(withNull));
        assertEquals("tokens[0] is null", e.getMessage());
    }

    @Test
    void preTokenizerChunksWordsAndPunctuationWithTheirLeadingSpace() {
        assertEquals(List.of("Der", " Hund", ",", " 2x", "!"), PreTokenizer.split("Der Hund, 2x!"));
        assertEquals(List.of("  a", "\u00a0b", "...", "  "), PreTokenizer.split("  a\u00a0b...  "));
        assertEquals(List.of("Cafe\u0301"), PreTokenizer.split("Cafe\u0301"));
        assertEquals(List.of(), PreTokenizer.split(""));
    }

    @Test
    void wordLevelTokenizerIsReversible() {
        WordLevelTokenizer words = new WordLevelTokenizer(Normalization.NFC);
        assertEquals(List.of("Ein", " Mann", " fährt", "."), words.tokenize("Ein Mann fa\u0308hrt."));
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            String text = randomText(random);
            assertEquals(words.normalize(text), words.decode(words.tokenize(text)));
        }
        assertThrows(IllegalArgumentException.class, () -> new WordLevelTokenizer(null));
    }
}
