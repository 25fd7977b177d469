package dev.rnn4j.metrics.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 random segments of awkward pieces (numbers, HTML entities, punctuation runs, Unicode,
 * no-break and em spaces, tabs, line breaks) with two reference streams, and sacreBLEU 2.6.0's
 * 13a tokens, sentence BLEU (effective order), sentence chrF and corpus scores on them, written by
 * {@code tools/make_bleu_reference.py --random} to {@code translation/sacrebleu_random.json}.
 */
class SacreBleuRandomTest {

    private static final double EPS = 1e-12;

    private static JsonNode root;
    private static List<String> hyps;
    private static List<List<String>> refStreams;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = SacreBleuRandomTest.class.getResourceAsStream("/translation/sacrebleu_random.json")) {
            root = new ObjectMapper().readTree(in);
        }
        hyps = new ArrayList<>();
        refStreams = List.of(new ArrayList<>(), new ArrayList<>());
        for (JsonNode segment : root.get("segments")) {
            hyps.add(segment.get("hyp").asText());
            refStreams.get(0).add(segment.get("refs").get(0).asText());
            refStreams.get(1).add(segment.get("refs").get(1).asText());
        }
        assertEquals(200, hyps.size());
    }

    @Test
    void tokensAndSentenceScoresMatchSacreBleu() {
        Tokenizer13a tok = new Tokenizer13a();
        Bleu sentenceBleu = Bleu.builder().effectiveOrder(true).build();
        Chrf chrf = Chrf.sacreBleuDefault();
        for (int i = 0; i < hyps.size(); i++) {
            JsonNode segment = root.get("segments").get(i);
            List<String> refs = List.of(refStreams.get(0).get(i), refStreams.get(1).get(i));
            assertEquals(segment.get("tokens13a").asText(), tok.tokenize(hyps.get(i)), "segment " + i);
            double bleu = segment.get("sentence_bleu").asDouble();
            assertEquals(bleu, sentenceBleu.sentenceScore(hyps.get(i), refs).score(), EPS * Math.max(1, bleu),
                    "BLEU of segment " + i);
            double chrfScore = segment.get("sentence_chrf").asDouble();
            assertEquals(chrfScore, chrf.sentenceScore(hyps.get(i), refs).score(), EPS * Math.max(1, chrfScore),
                    "chrF of segment " + i);
        }
    }

    @Test
    void corpusScoresAndPrintedLinesMatchSacreBleu() {
        JsonNode corpus = root.get("corpus");
        checkBleu(corpus.get("bleu"), Bleu.sacreBleuDefault().corpusScore(hyps, refStreams));
        checkBleu(corpus.get("bleu_lc"), Bleu.lowercased().corpusScore(hyps, refStreams));
        checkChrf(corpus.get("chrf"), Chrf.sacreBleuDefault().corpusScore(hyps, refStreams));
        checkChrf(corpus.get("chrf_pp"), Chrf.builder().wordOrder(2).build().corpusScore(hyps, refStreams));
    }

    private static void checkBleu(JsonNode expected, BleuScore actual) {
        assertEquals(expected.get("score").asDouble(), actual.score(), EPS * 100);
        assertEquals(expected.get("line").asText(), SacreBleuCases.asSacreBleu(actual.format(2, true)));
    }

    private static void checkChrf(JsonNode expected, ChrfScore actual) {
        assertEquals(expected.get("score").asDouble(), actual.score(), EPS * 100);
        assertEquals(expected.get("line").asText(), SacreBleuCases.asSacreBleu(actual.format(2, true)));
    }
}
