package dev.rnn4j.metrics.translation;

import static dev.rnn4j.metrics.translation.SacreBleuCases.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values: printed by sacreBLEU 2.6.0 ({@code BLEU().corpus_score}, {@code .format(signature=...)})
 * on the same inputs, by {@code tools/make_bleu_reference.py}. Scores agree to 1e-12 (Java's and
 * C's {@code exp}/{@code log} may differ in the last bit); statistics and printed lines exactly.
 */
class BleuTest {

    private static final double EPS = 1e-12;

    private static void check(BleuScore s, double score, long[] counts, long[] totals, long sysLen, long refLen,
            String line) {
        assertEquals(score, s.score(), EPS * Math.max(1, score), "score");
        assertArrayEquals(Arrays.stream(counts).asDoubleStream().toArray(), s.counts(), "counts");
        assertArrayEquals(Arrays.stream(totals).asDoubleStream().toArray(), s.totals(), "totals");
        assertEquals(sysLen, s.hypothesisLength(), "hyp_len");
        assertEquals(refLen, s.referenceLength(), "ref_len");
        assertEquals(line, asSacreBleu(s.format(2, true)));
    }

    @Test
    void readmeExampleReproducesSacreBleu() {
        BleuScore s = Bleu.sacreBleuDefault().corpusScore(README_HYPS, README_REFS);
        check(s, 48.530827009929865, new long[] {14, 7, 5, 3}, new long[] {17, 14, 11, 8}, 17, 18,
                "BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 "
                        + "(BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
        assertEquals(0.9428731438548749, s.brevityPenalty(), EPS);
        assertTrue(s.signature().endsWith("version:" + ReferenceStreams.version()));
    }

    @Test
    void punctuationAndNumbersFollow13a() {
        check(Bleu.sacreBleuDefault().corpusScore(PUNCT_HYPS, PUNCT_REFS), 89.74421696140988,
                new long[] {61, 55, 51, 47}, new long[] {63, 60, 57, 54}, 63, 64,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 89.74 96.8/91.7/89.5/87.0 "
                        + "(BP = 0.984 ratio = 0.984 hyp_len = 63 ref_len = 64)");
    }

    @Test
    void unicodeTextMixedCaseAndLowercase() {
        check(Bleu.sacreBleuDefault().corpusScore(UNICODE_HYPS, UNICODE_REFS), 45.870868646583986,
                new long[] {15, 10, 6, 3}, new long[] {22, 18, 14, 11}, 22, 21,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 45.87 68.2/55.6/42.9/27.3 "
                        + "(BP = 1.000 ratio = 1.048 hyp_len = 22 ref_len = 21)");
        check(Bleu.lowercased().corpusScore(UNICODE_HYPS, UNICODE_REFS), 46.61698109125614,
                new long[] {16, 10, 6, 3}, new long[] {22, 18, 14, 11}, 22, 21,
                "BLEU|nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0 = 46.62 72.7/55.6/42.9/27.3 "
                        + "(BP = 1.000 ratio = 1.048 hyp_len = 22 ref_len = 21)");
    }

    @Test
    void lowercaseVariant() {
        // mixed case: orders 3 and 4 have no match, so exp smoothing gives 100/(2*7) and 100/(4*5)
        check(Bleu.sacreBleuDefault().corpusScore(LOWER_HYPS, LOWER_REFS), 10.581881115915007,
                new long[] {5, 1, 0, 0}, new long[] {11, 9, 7, 5}, 11, 12,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 10.58 45.5/11.1/7.1/5.0 "
                        + "(BP = 0.913 ratio = 0.917 hyp_len = 11 ref_len = 12)");
        check(Bleu.lowercased().corpusScore(LOWER_HYPS, LOWER_REFS), 91.31007162822628,
                new long[] {11, 9, 7, 5}, new long[] {11, 9, 7, 5}, 11, 12,
                "BLEU|nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0 = 91.31 100.0/100.0/100.0/100.0 "
                        + "(BP = 0.913 ratio = 0.917 hyp_len = 11 ref_len = 12)");
        check(Bleu.lowercased().corpusScore(README_HYPS, README_REFS), 48.530827009929865,
                new long[] {14, 7, 5, 3}, new long[] {17, 14, 11, 8}, 17, 18,
                "BLEU|nrefs:2|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 "
                        + "(BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
    }

    @Test
    void zeroMatchesAtOrderFourUnderEachSmoothing() {
        long[] counts = {9, 5, 2, 0};
        long[] totals = {11, 9, 7, 5};
        String tail = " (BP = 0.913 ratio = 0.917 hyp_len = 11 ref_len = 12)";
        check(Bleu.sacreBleuDefault().corpusScore(ZERO4_HYPS, ZERO4_REFS), 30.82449726577109, counts, totals, 11, 12,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 30.82 81.8/55.6/28.6/10.0" + tail);
        check(Bleu.builder().smoothing(Bleu.Smoothing.NONE).build().corpusScore(ZERO4_HYPS, ZERO4_REFS), 0.0,
                counts, totals, 11, 12,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:none|version:2.6.0 = 0.00 81.8/55.6/28.6/0.0" + tail);
        check(Bleu.builder().smoothing(Bleu.Smoothing.FLOOR).build().corpusScore(ZERO4_HYPS, ZERO4_REFS),
                20.61358370225664, counts, totals, 11, 12,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0 = 20.61 81.8/55.6/28.6/2.0" + tail);
        // add-k adds k to matches and totals of orders 2..4, and sacreBLEU reports the added counts
        check(Bleu.builder().smoothing(Bleu.Smoothing.ADD_K).build().corpusScore(ZERO4_HYPS, ZERO4_REFS),
                38.21544811237353, new long[] {9, 6, 3, 1}, new long[] {11, 10, 8, 6}, 11, 12,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0 = 38.22 81.8/60.0/37.5/16.7" + tail);
    }

    @Test
    void noFourGramsAtAllScoresZeroUnlessEffectiveOrder() {
        String tail = " 85.7/75.0/100.0/0.0 (BP = 0.867 ratio = 0.875 hyp_len = 7 ref_len = 8)";
        check(Bleu.sacreBleuDefault().corpusScore(SHORT_HYPS, SHORT_REFS), 0.0, new long[] {6, 3, 1, 0},
                new long[] {7, 4, 1, 0}, 7, 8,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 0.00" + tail);
        check(Bleu.builder().effectiveOrder(true).build().corpusScore(SHORT_HYPS, SHORT_REFS), 74.81627631008847,
                new long[] {6, 3, 1, 0}, new long[] {7, 4, 1, 0}, 7, 8,
                "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 74.82" + tail);
    }

    @Test
    void emptyHypothesesAndReferences() {
        check(Bleu.sacreBleuDefault().corpusScore(EMPTY_HYPS, EMPTY_REFS), 60.653065971263366,
                new long[] {6, 5, 4, 3}, new long[] {6, 5, 4, 3}, 6, 9,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 60.65 100.0/100.0/100.0/100.0 "
                        + "(BP = 0.607 ratio = 0.667 hyp_len = 6 ref_len = 9)");
        // hand: every hypothesis empty -> c = 0 -> BP = 0, no match -> BLEU 0
        BleuScore allEmpty = Bleu.sacreBleuDefault().corpusScore(List.of("", " "), List.of(List.of("a b", "c")));
        assertEquals(0.0, allEmpty.score());
        assertEquals(0.0, allEmpty.brevityPenalty());
        // hand: an empty corpus has no statistics at all
        assertEquals(0.0, Bleu.sacreBleuDefault().corpusScore(List.of(), List.of(List.of())).score());
    }

    @Test
    void noMatchScoresZero() {
        check(Bleu.sacreBleuDefault().corpusScore(NOMATCH_HYPS, NOMATCH_REFS), 0.0, new long[] {0, 0, 0, 0},
                new long[] {4, 2, 1, 0}, 4, 6,
                "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 0.00 0.0/0.0/0.0/0.0 "
                        + "(BP = 0.607 ratio = 0.667 hyp_len = 4 ref_len = 6)");
    }

    @Test
    void variableNumberOfReferences() {
        check(Bleu.sacreBleuDefault().corpusScore(VAR_HYPS, VAR_REFS), 66.41913398034785,
                new long[] {11, 8, 4, 2}, new long[] {12, 9, 6, 4}, 12, 13,
                "BLEU|nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 66.42 91.7/88.9/66.7/50.0 "
                        + "(BP = 0.920 ratio = 0.923 hyp_len = 12 ref_len = 13)");
    }

    @Test
    void sentenceBleuWithEffectiveOrder() {
        Bleu bleu = Bleu.builder().effectiveOrder(true).build();
        assertEquals(51.15078115793242, bleu.sentenceScore("The dog bit the man.", List.of("The dog had bit the man.")).score(), EPS * 100);
        assertEquals(60.653065971263366, bleu.sentenceScore("a b", List.of("a b c")).score(), EPS * 100);
        assertEquals(14.794015674776452, bleu.sentenceScore("It wasn't surprising.",
                List.of("It was not unexpected.", "No one was surprised.")).score(), EPS * 100);
    }

    @Test
    void closestReferenceLengthPrefersTheShorterOnATie() {
        // hand: hyp 5, refs 3 and 7 are both 2 away -> 3; ref 6 is 1 away -> 6
        assertEquals(3, Bleu.closestReferenceLength(5, List.of(7, 3)));
        assertEquals(6, Bleu.closestReferenceLength(5, List.of(7, 3, 6)));
    }

    @Test
    void badArgumentsNameTheProblem() {
        Bleu bleu = Bleu.sacreBleuDefault();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bleu.corpusScore(List.of("a", "b"), List.of(List.of("a"))));
        assertEquals("referenceStreams[0] has 1 segments, expected 2 (one per hypothesis)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bleu.corpusScore(List.of("a"), List.of()));
        assertTrue(e.getMessage().contains("at least one stream"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> bleu.corpusScore(Arrays.asList("a", null), List.of(List.of("a", "b"))));
        assertEquals("hypotheses[1] is null", e.getMessage());
        List<String> missing = new ArrayList<>();
        missing.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> bleu.corpusScore(List.of("a"), List.of(missing)));
        assertEquals("segment 0 has no reference in any stream", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bleu.sentenceScore(null, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> bleu.sentenceScore("a", List.of()));
        e = assertThrows(IllegalArgumentException.class, () -> Bleu.builder().maxNgramOrder(0));
        assertEquals("maxNgramOrder must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bleu.builder().smoothing(Bleu.Smoothing.EXP, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Bleu.builder().smoothing(Bleu.Smoothing.FLOOR, -1));
    }
}
