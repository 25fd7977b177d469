package dev.rnn4j.metrics.translation;

import static dev.rnn4j.metrics.translation.SacreBleuCases.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values: printed by sacreBLEU 2.6.0 ({@code CHRF().corpus_score}) on the same inputs, by
 * {@code tools/make_bleu_reference.py}; scores to 1e-12, printed lines exactly.
 */
class ChrfTest {

    private static final double EPS = 1e-12;

    private static void check(ChrfScore s, double score, String line) {
        assertEquals(score, s.score(), EPS * Math.max(1, score), "score");
        assertEquals(line, asSacreBleu(s.format(2, true)));
    }

    private static String chrf2(String nrefs, String value) {
        return "chrF2|nrefs:" + nrefs + "|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = " + value;
    }

    @Test
    void defaultChrf2ReproducesSacreBleu() {
        Chrf chrf = Chrf.sacreBleuDefault();
        check(chrf.corpusScore(README_HYPS, README_REFS), 59.72751782684763, chrf2("2", "59.73"));
        check(chrf.corpusScore(PUNCT_HYPS, PUNCT_REFS), 78.32893379926801, chrf2("1", "78.33"));
        check(chrf.corpusScore(UNICODE_HYPS, UNICODE_REFS), 72.28494631161678, chrf2("1", "72.28"));
        check(chrf.corpusScore(LOWER_HYPS, LOWER_REFS), 33.93399116352948, chrf2("1", "33.93"));
        check(chrf.corpusScore(SHORT_HYPS, SHORT_REFS), 88.37593219835401, chrf2("1", "88.38"));
        check(chrf.corpusScore(ZERO4_HYPS, ZERO4_REFS), 66.82534791800859, chrf2("1", "66.83"));
        check(chrf.corpusScore(EMPTY_HYPS, EMPTY_REFS), 64.17053498844895, chrf2("1", "64.17"));
        check(chrf.corpusScore(NOMATCH_HYPS, NOMATCH_REFS), 8.512701539896767, chrf2("1", "8.51"));
        check(chrf.corpusScore(VAR_HYPS, VAR_REFS), 75.13693401795064, chrf2("var", "75.14"));
    }

    @Test
    void lowercaseAndChrfPlusPlus() {
        check(Chrf.builder().lowercase(true).build().corpusScore(LOWER_HYPS, LOWER_REFS), 86.94190166959407,
                "chrF2|nrefs:1|case:lc|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 86.94");
        Chrf plusPlus = Chrf.builder().wordOrder(2).build();
        check(plusPlus.corpusScore(README_HYPS, README_REFS), 59.15310444399262,
                "chrF2++|nrefs:2|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = 59.15");
        check(plusPlus.corpusScore(PUNCT_HYPS, PUNCT_REFS), 73.30650503652855,
                "chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = 73.31");
    }

    @Test
    void identicalTextScoresHundredAndEmptyScoresZero() {
        // hand: every precision and recall is 1; an empty hypothesis has no n-gram at all
        assertEquals(100.0, Chrf.sacreBleuDefault().sentenceScore("Ein Hund läuft.", List.of("Ein Hund läuft.")).score(), EPS);
        assertEquals(0.0, Chrf.sacreBleuDefault().sentenceScore("", List.of("Ein Hund läuft.")).score());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> Chrf.sacreBleuDefault().corpusScore(List.of("a"), List.of(List.of("a", "b"))));
        assertThrows(IllegalArgumentException.class, () -> Chrf.builder().charOrder(0));
        assertThrows(IllegalArgumentException.class, () -> Chrf.builder().beta(0));
        assertThrows(IllegalArgumentException.class, () -> Chrf.sacreBleuDefault().sentenceScore("a", null));
    }
}
