package dev.rnn4j.text.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeLearnerTest {

    @Test
    void mergesOverlappingPairsLeftToRightAndBreaksTiesBySymbolOrder() {
        // hand: "aaab" twice -> (a,a) 4 times; after it "aa a b": (aa,a) 2 and (a,b) 2 tie, "a" < "aa"
        // so (a,b) wins; then (aa,ab) 2; then nothing is left
        BpeModel model = BpeLearner.builder().build().learn(List.of("aaab", "aaab"));
        assertEquals(List.of(List.of("a", "a"), List.of("a", "b"), List.of("aa", "ab")), model.merges());
        assertEquals(List.of("a", "b"), model.alphabet());
        assertEquals(List.of("aaab"), model.tokenize("aaab"));
        assertEquals(List.of("aa", "a"), model.tokenize("aaa"));
    }

    @Test
    void whitespaceStaysInsideTokensAndMergesNeverCrossChunks() {
        BpeModel model = BpeLearner.builder().build().learn(List.of("low lower lowest", "low, low!"));
        for (String token : model.vocabulary()) {
            // a token never holds a space after its first character, nor letters next to punctuation
            assertTrue(token.length() <= 1 || token.substring(1).indexOf(' ') < 0, token);
        }
        assertEquals(List.of("low", " low", ",", " low", "!"), model.tokenize("low low, low!"));
    }

    @Test
    void incrementalCountsGiveTheSameMergesAsAFullRecount() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            List<String> texts = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                StringBuilder sb = new StringBuilder();
                int words = 1 + random.nextInt(6);
                for (int k = 0; k < words; k++) {
                    sb.append(k == 0 ? "" : " ");
                    int length = 1 + random.nextInt(7);
                    for (int c = 0; c < length; c++) {
                        sb.append("abcä".charAt(random.nextInt(4)));
                    }
                    if (random.nextInt(5) == 0) {
                        sb.append(".");
                    }
                }
                texts.add(sb.toString());
            }
            int merges = 1 + random.nextInt(60);
            BpeModel model = BpeLearner.builder().merges(merges).build().learn(texts);
            assertEquals(naiveMerges(texts, merges, 2), model.merges(), "trial " + trial);
        }
    }

    /** BPE with a full recount of all pairs per merge, the same chunks and the same tie rule. */
    private static List<List<String>> naiveMerges(List<String> texts, int maxMerges, int minPairFrequency) {
        Map<List<String>, Integer> words = new HashMap<>();
        for (String text : texts) {
            for (String chunk : PreTokenizer.split(Normalization.NFC.apply(text))) {
                List<String> symbols = new ArrayList<>();
                chunk.codePoints().forEach(c -> symbols.add(new String(Character.toChars(c))));
                words.merge(symbols, 1, Integer::sum);
            }
        }
        List<List<String>> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<List<String>, Integer> pairs = new HashMap<>();
            words.forEach((w, f) -> {
                for (int i = 0; i + 1 < w.size(); i++) {
                    pairs.merge(List.of(w.get(i), w.get(i + 1)), f, Integer::sum);
                }
            });
            List<String> best = null;
            int bestCount = 0;
            for (Map.Entry<List<String>, Integer> e : pairs.entrySet()) {
                List<String> p = e.getKey();
                int c = e.getValue();
                if (best == null || c > bestCount || (c == bestCount && (p.get(0).compareTo(best.get(0)) < 0
                        || (p.get(0).equals(best.get(0)) && p.get(1).compareTo(best.get(1)) < 0)))) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < minPairFrequency) {
                break;
            }
            merges.add(best);
            Map<List<String>, Integer> next = new HashMap<>();
            for (Map.Entry<List<String>, Integer> e : words.entrySet()) {
                List<String> w = e.getKey();
                List<String> out = new ArrayList<>();
                for (int i = 0; i < w.size(); i++) {
                    if (i + 1 < w.size() && w.get(i).equals(best.get(0)) && w.get(i + 1).equals(best.get(1))) {
                        out.add(best.get(0) + best.get(1));
                        i++;
                    } else {
                        out.add(w.get(i));
                    }
                }
                next.merge(out, e.getValue(), Integer::sum);
            }
            words = next;
        }
        return merges;
    }

    @Test
    void resultDoesNotDependOnTheOrderOfTexts() {
        List<String> texts = new ArrayList<>(List.of("the cat sat on the mat", "a dog and a cat", "the end.",
                "Ein Hund läuft über die Straße", "Zwei Hunde", "cat cat cat"));
        BpeModel first = BpeLearner.builder().merges(40).build().learn(texts);
        Collections.shuffle(texts, new Random(3));
        assertEquals(first.merges(), BpeLearner.builder().merges(40).build().learn(texts).merges());
    }

    @Test
    void mergeBudgetAndMinimumPairFrequencyStopLearning() {
        List<String> texts = List.of("abcabc abcabc", "xyz");
        assertEquals(0, BpeLearner.builder().merges(0).build().learn(texts).merges().size());
        assertEquals(2, BpeLearner.builder().merges(2).build().learn(texts).merges().size());
        // hand: with pairs needed 5 times, only (a,b), (b,c) occur 4 times -> nothing is merged
        assertEquals(0, BpeLearner.builder().minPairFrequency(5).build().learn(texts).merges().size());
        BpeModel all = BpeLearner.builder().minPairFrequency(1).build().learn(texts);
        // with every pair allowed, each training chunk ends as one token
        assertEquals(List.of("abcabc", " abcabc", "xyz"), all.tokenize("abcabc abcabcxyz"));
    }

    @Test
    void rareCharactersAreLeftToByteFallback() {
        BpeModel model = BpeLearner.builder().minCharFrequency(2).build().learn(List.of("aa b", "aa c"));
        assertEquals(List.of(" ", "a"), model.alphabet());
        assertEquals(List.of("aa", " ", "<0x62>"), model.tokenize("aa b"));
        assertEquals("aa b", model.decode(model.tokenize("aa b")));
    }

    @Test
    void badArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BpeLearner.builder().build().learn(Arrays.asList("a", null)));
        assertEquals("texts[1] is null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BpeLearner.builder().build().learn(null));
        e = assertThrows(IllegalArgumentException.class, () -> BpeLearner.builder().merges(-1));
        assertEquals("merges must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BpeLearner.builder().minPairFrequency(0));
        assertThrows(IllegalArgumentException.class, () -> BpeLearner.builder().minCharFrequency(0));
        assertThrows(IllegalArgumentException.class, () -> BpeLearner.builder().normalization(null));
        // an empty corpus learns an empty model that still encodes everything by bytes
        BpeModel empty = BpeLearner.builder().build().learn(List.of());
        assertEquals(List.of("<0x68>", "<0x69>"), empty.tokenize("hi"));
    }
}
