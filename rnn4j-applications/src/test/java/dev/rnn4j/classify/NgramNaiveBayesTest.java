package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The n-gram naive Bayes expert: counts worked out by hand, its file format and every malformed file. */
class NgramNaiveBayesTest {

    private static final String HEADER = "#rnn4j-ngram-naive-bayes order=1 classes=2 weight=0.5 features=2\n";

    /** "good film" is class 1, "bad film" class 0: five n-grams of order ≤ 2, three per class. */
    private static NgramNaiveBayes tiny() {
        return NgramNaiveBayes.fit(List.of(List.of("good", "film"), List.of("bad", "film")), new int[] {1, 0}, 2, 2);
    }

    @Test
    void logProbabilitiesAreAddOneSmoothedCountsOverTheKeptNgrams() {
        NgramNaiveBayes nb = tiny();
        assertEquals(5, nb.size());
        // P(g | c) = (count + 1) / (3 n-grams in class c + 5 n-grams in the table)
        assertArrayEquals(new float[] {(float) Math.log(1 / 8.0), (float) Math.log(2 / 8.0)},
                nb.logProbabilities("good"), 1e-7f);
        assertArrayEquals(new float[] {(float) Math.log(2 / 8.0), (float) Math.log(2 / 8.0)},
                nb.logProbabilities("film"), 1e-7f);
        assertArrayEquals(new float[] {(float) Math.log(2 / 8.0), (float) Math.log(1 / 8.0)},
                nb.logProbabilities("bad film"), 1e-7f);
        assertNull(nb.logProbabilities("film good"));
        double[] scores = nb.scores(List.of("good", "film"));
        assertEquals(Math.log(1 / 8.0) + Math.log(2 / 8.0) + Math.log(1 / 8.0), scores[0], 1e-6);
        assertEquals(3 * Math.log(2 / 8.0), scores[1], 1e-6);
    }

    @Test
    void eachNgramCountsOncePerTextAndUnknownOnesAreSkipped() {
        assertEquals(Set.of("a", "b", "a b", "b a"), NgramNaiveBayes.ngrams(List.of("a", "b", "a", "b"), 2));
        NgramNaiveBayes repeated = NgramNaiveBayes.fit(List.of(List.of("good", "good", "good"), List.of("bad")),
                new int[] {1, 0}, 2, 1);
        // "good" counted once, as if the text were "good": (1 + 1) / (1 + 2)
        assertEquals((float) Math.log(2 / 3.0), repeated.logProbabilities("good")[1], 1e-7f);
        assertArrayEquals(new double[] {0, 0}, repeated.scores(List.of("unseen", "words")));
        assertArrayEquals(new double[] {0, 0}, repeated.scores(List.of()));
    }

    @Test
    void savesAndLoadsTheSameTable(@TempDir Path dir) {
        NgramNaiveBayes nb = tiny().withWeight(0.7);
        Path file = dir.resolve("ngrams.tsv");
        nb.save(file);
        NgramNaiveBayes loaded = NgramNaiveBayes.load(file);
        assertEquals(0.7, loaded.weight());
        assertEquals(2, loaded.order());
        assertEquals(2, loaded.numClasses());
        assertEquals(5, loaded.size());
        for (List<String> text : List.of(List.of("good", "film"), List.of("bad", "film", "good"))) {
            assertArrayEquals(nb.scores(text), loaded.scores(text));
        }
    }

    @Test
    void fitRejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramNaiveBayes.fit(List.of(List.of("a")), new int[] {0, 1}, 2, 1));
        assertTrue(e.getMessage().contains("same number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NgramNaiveBayes.fit(List.of(List.of("a")), new int[] {2}, 2, 1));
        assertTrue(e.getMessage().startsWith("labels[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NgramNaiveBayes.fit(List.of(List.of("a")), new int[] {0}, 2, 0));
        assertTrue(e.getMessage().startsWith("order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().withWeight(Double.NaN));
        assertTrue(e.getMessage().startsWith("weight"), e.getMessage());
    }

    /** Writes {@code content} and expects a load error naming the file, the line and the problem. */
    private static void assertMalformed(Path dir, String content, long line, String problem) throws IOException {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NgramNaiveBayes.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
    }

    @Test
    void malformedFilesNameFileLineAndProblem(@TempDir Path dir) throws IOException {
        assertMalformed(dir, "", 1, "empty file");
        assertMalformed(dir, "word\t-1\t-2\n", 1, "not an n-gram table");
        assertMalformed(dir, "#rnn4j-ngram-naive-bayes order=1 classes=2 features=2\n", 1, "missing weight");
        assertMalformed(dir, HEADER.replace("order=1", "order=x"), 1, "order: expected an integer");
        assertMalformed(dir, HEADER.replace("classes=2", "classes=1"), 1, "classes: expected a value in [2,");
        // a lying header cannot make the reader reserve room for billions of n-grams
        assertMalformed(dir, HEADER.replace("features=2", "features=2000000000"), 1, "features: expected a value in");
        assertMalformed(dir, HEADER.replace("weight=0.5", "weight=-1"), 1, "weight: expected a finite number >= 0");
        assertMalformed(dir, HEADER + "good\t-1\n", 2, "expected an n-gram and 2 tab-separated log-probabilities");
        assertMalformed(dir, HEADER + "good\t-1\tx\n", 2, "field 3: expected a number");
        assertMalformed(dir, HEADER + "good\t-1\t0.5\n", 2, "expected a finite log-probability <= 0");
        assertMalformed(dir, HEADER + "good\t-1\tNaN\n", 2, "expected a finite log-probability <= 0");
        assertMalformed(dir, HEADER + "\t-1\t-1\n", 2, "empty n-gram");
        assertMalformed(dir, HEADER + "good\t-1\t-2\ngood\t-1\t-2\n", 3, "appears twice");
        assertMalformed(dir, HEADER + "good\t-1\t-2\n", 2, "truncated: the header says features=2");
        assertMalformed(dir, HEADER + "good\t-1\t-2\nbad\t-2\t-1\nfilm\t-1\t-1\n", 4, "more n-gram lines");
    }

    @Test
    void bytesThatAreNotUtf8AreAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.tsv");
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] body = "caf\u00e9\t-1\t-2\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NgramNaiveBayes.load(file));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void characterNgramsAreTheMarkedTokensSubstringsOfLengthThreeToCharOrder() {
        assertEquals(Set.of("fun", " <fu", " fun", " un>", " <fun", " fun>"),
                NgramNaiveBayes.features(List.of("fun"), 1, 4));
        // a one-letter token still gives "<a>"; a word n-gram never starts with a space, so "fun" and " fun" differ
        assertEquals(Set.of("a", " <a>"), NgramNaiveBayes.features(List.of("a"), 1, 5));
        assertEquals(Set.of("fun"), NgramNaiveBayes.features(List.of("fun"), 1, 0));
        // a character outside the BMP is one code point, never cut in half
        String emoji = new String(Character.toChars(0x1F600));
        assertTrue(NgramNaiveBayes.features(List.of(emoji + "x"), 1, 3).contains(" " + emoji + "x>"));
    }

    @Test
    void characterNgramsGiveUnseenWordFormsTheEvidenceOfTheirParts() {
        List<List<String>> texts = List.of(List.of("funny"), List.of("dull"), List.of("funnier"), List.of("duller"));
        int[] labels = {1, 0, 1, 0};
        NgramNaiveBayes words = NgramNaiveBayes.fit(texts, labels, 2, 1, 0, 1.0);
        NgramNaiveBayes chars = NgramNaiveBayes.fit(texts, labels, 2, 1, 5, 1.0);
        assertEquals(0, words.charOrder());
        assertEquals(5, chars.charOrder());
        assertArrayEquals(new double[] {0, 0}, words.scores(List.of("funniest")));
        double[] scores = chars.scores(List.of("funniest"));
        assertTrue(scores[1] > scores[0], Arrays.toString(scores));
        scores = chars.scores(List.of("dullest"));
        assertTrue(scores[0] > scores[1], Arrays.toString(scores));
    }

    @Test
    void smoothingReplacesTheAddedOne() {
        NgramNaiveBayes nb = NgramNaiveBayes.fit(List.of(List.of("good", "film"), List.of("bad", "film")),
                new int[] {1, 0}, 2, 2, 0, 0.5);
        // P(g | c) = (count + 0.5) / (3 n-grams in class c + 0.5 × 5 n-grams in the table)
        assertArrayEquals(new float[] {(float) Math.log(0.5 / 5.5), (float) Math.log(1.5 / 5.5)},
                nb.logProbabilities("good"), 1e-7f);
    }

    @Test
    void savesAndLoadsATableWithCharacterNgrams(@TempDir Path dir) throws IOException {
        List<List<String>> texts = List.of(List.of("a", "funny", "film"), List.of("a", "dull", "film"));
        NgramNaiveBayes nb = NgramNaiveBayes.fit(texts, new int[] {1, 0}, 2, 2, 5, 0.5).withWeight(0.3);
        Path file = dir.resolve("ngrams.tsv");
        nb.save(file);
        assertTrue(Files.readAllLines(file).get(0).endsWith(" chars=5"), Files.readAllLines(file).get(0));
        NgramNaiveBayes loaded = NgramNaiveBayes.load(file);
        assertEquals(5, loaded.charOrder());
        assertEquals(nb.size(), loaded.size());
        for (List<String> text : List.of(List.of("funnier", "films"), List.of("a", "dull", "film"))) {
            assertArrayEquals(nb.scores(text), loaded.scores(text));
        }
        // tables written before the character n-grams have no chars=: word n-grams only
        Files.writeString(file, HEADER + "good\t-1\t-2\nbad\t-2\t-1\n");
        assertEquals(0, NgramNaiveBayes.load(file).charOrder());
    }

    @Test
    void malformedCharacterOrderNamesFileAndLine(@TempDir Path dir) throws IOException {
        assertMalformed(dir, HEADER.replace("\n", " chars=2\n"), 1, "chars: expected a value in [3, 8], got 2");
        assertMalformed(dir, HEADER.replace("\n", " chars=9\n"), 1, "chars: expected a value in [3, 8], got 9");
        assertMalformed(dir, HEADER.replace("\n", " chars=five\n"), 1, "chars: expected an integer");
    }

    @Test
    void fitRejectsBadCharacterOrderAndSmoothing() {
        List<List<String>> texts = List.of(List.of("a"), List.of("b"));
        int[] labels = {0, 1};
        for (int charOrder : new int[] {-1, 1, 2, 9}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NgramNaiveBayes.fit(texts, labels, 2, 1, charOrder, 1.0));
            assertTrue(e.getMessage().startsWith("charOrder: expected 0 (none) or 3 to 8, got " + charOrder),
                    e.getMessage());
        }
        for (double smoothing : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NgramNaiveBayes.fit(texts, labels, 2, 1, 0, smoothing));
            assertTrue(e.getMessage().startsWith("smoothing: expected a finite number > 0"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramNaiveBayes.fit(Arrays.asList(List.of("a"), null), labels, 2, 1));
        assertTrue(e.getMessage().startsWith("texts[1] must not be null"), e.getMessage());
    }

    @Test
    void aHeaderClaimingMoreFeaturesThanTheLimitIsRefusedBeforeReadingTheTable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ngrams.tsv");
        Files.writeString(file, "#rnn4j-ngram-naive-bayes order=1 classes=2 weight=0.5 features=2147483647\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> NgramNaiveBayes.load(file));
        assertTrue(e.getMessage().startsWith(file + ":1: features: expected a value in [0, 1000000]"), e.getMessage());
        // within the limit, a header that promises more lines than the file holds is a truncated table
        Files.writeString(file, "#rnn4j-ngram-naive-bayes order=1 classes=2 weight=0.5 features=1000000\na\t-1\t-1\n");
        e = assertThrows(DataFormatException.class, () -> NgramNaiveBayes.load(file));
        assertTrue(e.getMessage().contains("truncated: the header says features=1000000 but the file holds 1"),
                e.getMessage());
    }
}
