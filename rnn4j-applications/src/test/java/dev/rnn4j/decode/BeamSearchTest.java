package dev.rnn4j.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final int SOS = 0;
    private static final int EOS = 1;

    private static DecodeSettings settings(double ratio, int offset) {
        return new DecodeSettings(SOS, EOS, ratio, offset, new int[] {SOS});
    }

    private static int[] lengths(int batch, int seed) {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = 1 + (b * 7 + seed) % 6;
        }
        return lengths;
    }

    @Test
    void beamOfOneIsExactlyGreedy() {
        for (int seed = 0; seed < 200; seed++) {
            ToyDecoder model = new ToyDecoder(3 + seed % 9, seed, 3.0, EOS, seed % 3 - 1.0);
            int batch = 1 + seed % 5;
            int[] sourceLengths = lengths(batch, seed);
            DecodeSettings settings = settings(1.5, 2);
            List<Hypothesis> greedy = new GreedySearch(settings).search(model, ToyDecoder.initialStates(batch), sourceLengths);
            BeamSearch beam = BeamSearch.builder(settings).beamSize(1).lengthPenalty(LengthPenalty.FAIRSEQ, 0).keepGreedy(false).build();
            List<List<Hypothesis>> beamed = beam.search(model, ToyDecoder.initialStates(batch), sourceLengths);
            for (int b = 0; b < batch; b++) {
                assertEquals(1, beamed.get(b).size());
                Hypothesis h = beamed.get(b).get(0);
                assertArrayEquals(greedy.get(b).tokens(), h.tokens(), "seed " + seed + " row " + b);
                assertEquals(greedy.get(b).logProbability(), h.logProbability(), 0.0, "seed " + seed + " row " + b);
                assertEquals(greedy.get(b).reachedMaxLength(), h.reachedMaxLength());
            }
        }
    }

    @Test
    void beamNeverScoresBelowGreedyOnTheModelsLogProbability() {
        int plainBeamBelowGreedy = 0;
        for (int seed = 0; seed < 300; seed++) {
            ToyDecoder model = new ToyDecoder(4 + seed % 7, 1000 + seed, 4.0, EOS, -1.0);
            int batch = 1 + seed % 4;
            int[] sourceLengths = lengths(batch, seed);
            DecodeSettings settings = settings(1.0, 3);
            List<Hypothesis> greedy = new GreedySearch(settings).search(model, ToyDecoder.initialStates(batch), sourceLengths);
            for (int beamSize : new int[] {2, 3, 5}) {
                BeamSearch kept = BeamSearch.builder(settings).beamSize(beamSize).lengthPenalty(LengthPenalty.FAIRSEQ, 0).build();
                BeamSearch plain = BeamSearch.builder(settings).beamSize(beamSize).lengthPenalty(LengthPenalty.FAIRSEQ, 0)
                        .keepGreedy(false).build();
                List<List<Hypothesis>> best = kept.search(model, ToyDecoder.initialStates(batch), sourceLengths);
                List<List<Hypothesis>> plainBest = plain.search(model, ToyDecoder.initialStates(batch), sourceLengths);
                for (int b = 0; b < batch; b++) {
                    double g = greedy.get(b).logProbability();
                    assertTrue(best.get(b).get(0).logProbability() >= g,
                            "seed " + seed + " beam " + beamSize + " row " + b + ": " + best.get(b).get(0) + " below greedy " + g);
                    if (plainBest.get(b).get(0).logProbability() < g) {
                        plainBeamBelowGreedy++;
                    }
                }
            }
        }
        // the reason keepGreedy exists: plain beam search does lose to greedy on some of these models
        assertTrue(plainBeamBelowGreedy > 0, "expected plain beam search to score below greedy at least once");
    }

    @Test
    void aWideEnoughBeamFindsTheExactBestAndRanksEveryOutput() {
        for (int seed = 0; seed < 40; seed++) {
            int vocabularySize = 5; // <sos> (blocked), <eos>, and three tokens
            int maxLength = 3;
            ToyDecoder model = new ToyDecoder(vocabularySize, 77 + seed, 3.0, EOS, 0.0);
            BeamSearch beam = BeamSearch.builder(settings(0, maxLength)).beamSize(50).nBest(50)
                    .lengthPenalty(LengthPenalty.FAIRSEQ, 0).keepGreedy(false).build();
            List<Hypothesis> found = beam.search(model, ToyDecoder.initialStates(1), new int[] {4}).get(0);
            // every output of 0..3 tokens from {2, 3, 4}: 1 + 3 + 9 + 27
            List<int[]> all = new ArrayList<>();
            enumerate(new int[0], maxLength, all);
            assertEquals(40, all.size());
            assertEquals(40, found.size());
            all.sort(Comparator.comparingDouble((int[] t) -> -model.replay(0, SOS, t)));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(model.replay(0, SOS, all.get(i)), found.get(i).logProbability(), 1e-9, "rank " + i);
            }
            assertArrayEquals(all.get(0), found.get(0).tokens());
        }
    }

    private static void enumerate(int[] prefix, int maxLength, List<int[]> out) {
        out.add(prefix);
        if (prefix.length < maxLength) {
            for (int token = 2; token < 5; token++) {
                int[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                longer[prefix.length] = token;
                enumerate(longer, maxLength, out);
            }
        }
    }

    @Test
    void nBestListsAreSortedDistinctAndScoredByTheLengthPenalty() {
        for (LengthPenalty penalty : LengthPenalty.values()) {
            for (int seed = 0; seed < 50; seed++) {
                ToyDecoder model = new ToyDecoder(8, 500 + seed, 3.0, EOS, 0.5);
                int batch = 3;
                BeamSearch beam = BeamSearch.builder(settings(2.0, 1)).beamSize(4).nBest(4).lengthPenalty(penalty, 0.8).build();
                List<List<Hypothesis>> results = beam.search(model, ToyDecoder.initialStates(batch), new int[] {1, 3, 5});
                assertEquals(batch, results.size());
                for (int b = 0; b < batch; b++) {
                    List<Hypothesis> nBest = results.get(b);
                    assertFalse(nBest.isEmpty());
                    assertTrue(nBest.size() <= 4);
                    Set<String> distinct = new HashSet<>();
                    for (int i = 0; i < nBest.size(); i++) {
                        Hypothesis h = nBest.get(i);
                        assertTrue(distinct.add(Arrays.toString(h.tokens())), "duplicate " + h);
                        if (i > 0) {
                            assertTrue(nBest.get(i - 1).score() >= h.score(), "not sorted at " + i + ": " + nBest);
                        }
                        assertEquals(model.replay(b, SOS, h.tokens()), h.logProbability(), 1e-9);
                        assertEquals(h.logProbability() / penalty.denominator(h.length() + 1, 0.8), h.score(), 1e-12);
                        for (int token : h.tokens()) {
                            assertTrue(token != SOS && token != EOS, "token " + token + " in " + h);
                        }
                        assertNotNull(h.attention());
                        assertEquals(h.length() + 1, h.attention().length);
                        assertEquals(1f, h.attention()[0][b % 3]);
                    }
                }
            }
        }
    }

    @Test
    void attentionMatrixCutsThePaddedColumns() {
        Hypothesis h = new Hypothesis(new int[] {5}, -1, -1, false, new float[][] {{0.5f, 0.5f, 0f}, {0.2f, 0.8f, 0f}});
        assertArrayEquals(new float[][] {{0.5f, 0.5f}, {0.2f, 0.8f}}, h.attentionMatrix(2));
        assertMessage("sourceLength must be in [1, 3] (the attention columns), got 4", () -> h.attentionMatrix(4));
        Hypothesis without = new Hypothesis(new int[0], -1, -1, false, null);
        assertEquals("no attention weights: the decoder gave none",
                assertThrows(IllegalStateException.class, () -> without.attentionMatrix(1)).getMessage());
    }

    @Test
    void lengthPenaltyFormulas() {
        assertEquals(4.0, LengthPenalty.FAIRSEQ.denominator(4, 1.0), 0);
        assertEquals(2.0, LengthPenalty.FAIRSEQ.denominator(4, 0.5), 1e-15);
        assertEquals(1.0, LengthPenalty.FAIRSEQ.denominator(7, 0.0), 0);
        assertEquals(Math.pow(9.0 / 6.0, 0.6), LengthPenalty.GNMT.denominator(4, 0.6), 1e-15);
        assertEquals(1.0, LengthPenalty.GNMT.denominator(1, 1.0), 0);
    }

    @Test
    void sourcesStopAtEosOneByOneAndLeaveTheBatch() {
        // eos is by far the most probable token: every hypothesis is just <eos>
        ToyDecoder model = new ToyDecoder(6, 3, 0.1, EOS, 20.0);
        BeamSearch beam = BeamSearch.builder(settings(1.0, 5)).beamSize(3).nBest(3).keepGreedy(false).build();
        List<List<Hypothesis>> results = beam.search(model, ToyDecoder.initialStates(4), new int[] {2, 2, 2, 2});
        for (List<Hypothesis> nBest : results) {
            assertEquals(0, nBest.get(0).length());
            assertFalse(nBest.get(0).reachedMaxLength());
        }
        // step 1: four sources with one open hypothesis each; <eos> finishes one per source and
        // the three best other tokens stay open. Step 2: the three <eos> extensions of each source
        // rank first; two of them complete its three finished hypotheses, the batch is empty
        assertEquals(List.of(4, 12), model.rowsPerStep);
    }

    @Test
    void maximumLengthIsRespectedPerSourceWithEosForced() {
        // eos nearly impossible: every output runs to its maximum length floor(1.5 * S) + 1
        ToyDecoder model = new ToyDecoder(7, 9, 2.0, EOS, -30.0);
        int[] sourceLengths = {1, 2, 5, 0};
        DecodeSettings settings = settings(1.5, 1);
        BeamSearch beam = BeamSearch.builder(settings).beamSize(3).nBest(2).build();
        List<List<Hypothesis>> results = beam.search(model, ToyDecoder.initialStates(4), sourceLengths);
        List<Hypothesis> greedy = new GreedySearch(settings).search(model, ToyDecoder.initialStates(4), sourceLengths);
        for (int b = 0; b < 4; b++) {
            int expected = (int) Math.floor(1.5 * sourceLengths[b]) + 1;
            assertEquals(expected, settings.maxLength(sourceLengths[b]));
            for (Hypothesis h : results.get(b)) {
                assertEquals(expected, h.length(), "row " + b);
                assertTrue(h.reachedMaxLength());
                assertEquals(model.replay(b, SOS, h.tokens()), h.logProbability(), 1e-9);
            }
            assertEquals(expected, greedy.get(b).length());
            assertTrue(greedy.get(b).reachedMaxLength());
        }
    }

    @Test
    void maximumLengthZeroGivesTheEmptyOutput() {
        ToyDecoder model = new ToyDecoder(5, 1, 2.0, EOS, -5.0);
        DecodeSettings settings = settings(0, 0);
        Hypothesis h = BeamSearch.builder(settings).beamSize(2).build()
                .search(model, ToyDecoder.initialStates(1), new int[] {3}).get(0).get(0);
        assertEquals(0, h.length());
        assertTrue(h.reachedMaxLength());
        assertEquals(model.replay(0, SOS, new int[0]), h.logProbability(), 1e-9);
    }

    @Test
    void blockedTokensAreNeverEmitted() {
        ToyDecoder model = new ToyDecoder(6, 4, 3.0, EOS, -2.0);
        DecodeSettings settings = new DecodeSettings(SOS, EOS, 1.0, 4, new int[] {SOS, 2, 3});
        for (Hypothesis h : BeamSearch.builder(settings).beamSize(4).nBest(4).build()
                .search(model, ToyDecoder.initialStates(2), new int[] {3, 4}).stream().flatMap(List::stream).toList()) {
            for (int token : h.tokens()) {
                assertTrue(token == 4 || token == 5, "blocked token " + token + " in " + h);
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        DecodeSettings settings = settings(1.0, 2);
        assertMessage("beamSize must be at least 1 (1 is greedy decoding), got 0",
                () -> BeamSearch.builder(settings).beamSize(0));
        assertMessage("nBest must be at least 1, got 0", () -> BeamSearch.builder(settings).nBest(0));
        assertMessage("nBest must not exceed beamSize: got nBest 6 with beamSize 5",
                () -> BeamSearch.builder(settings).nBest(6).build());
        assertMessage("alpha must be a finite number >= 0, got -1.0",
                () -> BeamSearch.builder(settings).lengthPenalty(LengthPenalty.FAIRSEQ, -1));
        assertMessage("maxLengthRatio must be a finite number >= 0 (output tokens per source token), got -0.5",
                () -> new DecodeSettings(SOS, EOS, -0.5, 2, new int[0]));
        assertMessage("maxLengthRatio must be a finite number >= 0 (output tokens per source token), got NaN",
                () -> new DecodeSettings(SOS, EOS, Double.NaN, 2, new int[0]));
        assertMessage("maxLengthOffset must be >= 0, got -1", () -> new DecodeSettings(SOS, EOS, 1, -1, new int[0]));
        assertMessage("blockedTokens[1] is eosId 1; a search must always be able to end a hypothesis",
                () -> new DecodeSettings(SOS, EOS, 1, 1, new int[] {0, 1}));
        ToyDecoder model = new ToyDecoder(4, 1, 1.0, EOS, 0);
        BeamSearch beam = BeamSearch.builder(settings).build();
        assertMessage("sourceLengths[1] must be >= 0, got -3",
                () -> beam.search(model, ToyDecoder.initialStates(2), new int[] {2, -3}));
        assertMessage("sosId 9 and eosId 1 must be below the decoder's vocabulary size 4",
                () -> new GreedySearch(new DecodeSettings(9, EOS, 1, 1, new int[0]))
                        .search(model, ToyDecoder.initialStates(1), new int[] {2}));
        assertMessage("blockedTokens[0] = 4 is not below the decoder's vocabulary size 4",
                () -> new GreedySearch(new DecodeSettings(SOS, EOS, 1, 1, new int[] {4}))
                        .search(model, ToyDecoder.initialStates(1), new int[] {2}));
    }

    @Test
    void aDecoderReturningTheWrongShapeFailsClearly() {
        ToyDecoder model = new ToyDecoder(4, 1, 1.0, EOS, 0) {
            @Override
            public Step<int[][]> step(int[][] states, int[] previousTokens) {
                Step<int[][]> step = super.step(states, previousTokens);
                return new Step<>(Arrays.copyOf(step.logProbabilities(), 3), step.states(), null);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GreedySearch(settings(1, 1)).search(model, ToyDecoder.initialStates(2), new int[] {1, 1}));
        assertEquals("decoder.step: expected logProbabilities of (rows, V) = (2, 4), 8 values, got 3", e.getMessage());
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertEquals(expected, e.getMessage());
    }
}
