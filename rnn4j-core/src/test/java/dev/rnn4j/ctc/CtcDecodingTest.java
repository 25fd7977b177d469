package dev.rnn4j.ctc;

import dev.rnn4j.nn.Reduction;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CtcGreedyDecoder} and {@link CtcPrefixBeamSearch}: hand-made paths, width 1 against greedy
 * on peaked outputs, scores against the exact CTC log-likelihood ({@link CtcLoss}) and against
 * brute-force enumeration of every alignment on tiny T and C.
 */
class CtcDecodingTest {

    /** (T, 1, C) log-probabilities that put {@code peak} of the mass on the given path's classes. */
    private static Tensor peakedPath(int[] path, int classes, double peak) {
        Tensor lp = Tensor.zeros(DType.F64, path.length, 1, classes);
        for (int t = 0; t < path.length; t++) {
            for (int c = 0; c < classes; c++) {
                lp.setFlat(t * classes + c, Math.log(c == path[t] ? peak : (1 - peak) / (classes - 1)));
            }
        }
        return lp;
    }

    /**
     * (T, B, C) log-probabilities with a random class of mass {@code peak} at every frame and the
     * rest spread at random over the other classes.
     */
    private static Tensor peakedRandom(long seed, double peak, int steps, int batch, int classes) {
        Rng rng = new Rng(seed);
        Tensor lp = Tensor.zeros(DType.F64, steps, batch, classes);
        double[] rest = new double[classes];
        for (int frame = 0; frame < steps * batch; frame++) {
            int top = rng.nextInt(classes);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                rest[c] = c == top ? 0 : 0.5 + rng.nextDouble();
                sum += rest[c];
            }
            for (int c = 0; c < classes; c++) {
                lp.setFlat(frame * classes + c, Math.log(c == top ? peak : (1 - peak) * rest[c] / sum));
            }
        }
        return lp;
    }

    @Test
    void greedyMergesRepeatsThenDropsBlanksUpToEachLength() {
        assertArrayEquals(new int[] {1, 1, 2}, CtcGreedyDecoder.collapse(new int[] {1, 1, 0, 1, 2, 2, 0, 0}, 0));
        assertArrayEquals(new int[] {}, CtcGreedyDecoder.collapse(new int[] {0, 0}, 0));
        assertArrayEquals(new int[] {0, 1, 0}, CtcGreedyDecoder.collapse(new int[] {0, 2, 1, 1, 0}, 2));
        Tensor lp = peakedPath(new int[] {1, 1, 0, 1, 2, 2, 0, 2}, 3, 0.9);
        assertArrayEquals(new int[] {1, 1, 2, 2}, CtcGreedyDecoder.decode(lp, new int[] {8}, 0)[0]);
        assertArrayEquals(new int[] {1, 1}, CtcGreedyDecoder.decode(lp, new int[] {4}, 0)[0]);
        assertArrayEquals(new int[] {1, 1, 0, 1}, CtcGreedyDecoder.alignment(lp, new int[] {4})[0]);
        assertArrayEquals(new int[] {}, CtcGreedyDecoder.decode(lp, new int[] {0}, 0)[0]);
    }

    @Test
    void beamOfWidthOneIsGreedyOnPeakedOutputs() {
        // with peak^T above 1/2 the best path's prefix holds most of the mass at every frame
        CtcPrefixBeamSearch beam = new CtcPrefixBeamSearch(1, 0);
        for (long seed = 0; seed < 20; seed++) {
            Tensor lp = peakedRandom(100 + seed, 0.99, 12, 3, 5);
            int[] lengths = {12, 9, 5};
            int[][] greedy = CtcGreedyDecoder.decode(lp, lengths, 0);
            int[][] decoded = beam.decode(lp, lengths);
            for (int b = 0; b < 3; b++) {
                assertArrayEquals(greedy[b], decoded[b], "seed " + seed + " row " + b);
            }
        }
    }

    @Test
    void aWideBeamScoresEveryHypothesisWithItsExactLogLikelihood() {
        Tensor lp = CtcReference.randomLogProbs(7, 2, 5, 2, 3);
        int[] lengths = {5, 4};
        // 1 + 2 + 4 + 8 + 16 + 32 prefixes of up to 5 labels over 2 labels: a beam of 64 drops none
        List<List<CtcHypothesis>> nBest = new CtcPrefixBeamSearch(64, 0).search(lp, lengths, 10);
        for (int b = 0; b < 2; b++) {
            List<CtcHypothesis> row = nBest.get(b);
            assertEquals(10, row.size());
            for (CtcHypothesis h : row) {
                assertEquals(-exactLoss(lp, b, lengths[b], h.labels(), 0), h.logProbability(), 1e-10, h.toString());
            }
        }
    }

    @Test
    void aNarrowBeamNeverScoresAboveTheExactLogLikelihood() {
        Tensor lp = CtcReference.randomLogProbs(8, 3, 20, 2, 6);
        int[] lengths = {20, 17};
        List<List<CtcHypothesis>> nBest = new CtcPrefixBeamSearch(3, 0).search(lp, lengths, 3);
        for (int b = 0; b < 2; b++) {
            for (CtcHypothesis h : nBest.get(b)) {
                assertTrue(h.logProbability() <= -exactLoss(lp, b, lengths[b], h.labels(), 0) + 1e-10, h.toString());
            }
        }
    }

    @Test
    void nBestIsSortedAndMatchesBruteForceEnumeration() {
        for (int blank : new int[] {0, 2}) {
            for (long seed = 0; seed < 5; seed++) {
                Tensor lp = CtcReference.randomLogProbs(200 + seed, 1.5, 5, 1, 3);
                Map<String, Double> exact = CtcReference.labellingProbabilities(lp, 0, 5, blank);
                List<Map.Entry<String, Double>> ranked = new ArrayList<>(exact.entrySet());
                ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
                List<CtcHypothesis> found = new CtcPrefixBeamSearch(64, blank).search(lp, new int[] {5}, 5).get(0);
                for (int i = 0; i < 5; i++) {
                    if (i > 0) {
                        assertTrue(found.get(i).logProbability() <= found.get(i - 1).logProbability(), "sorted");
                    }
                    assertEquals(ranked.get(i).getKey(), Arrays.toString(found.get(i).labels()),
                            "blank " + blank + " seed " + seed + " rank " + i);
                    assertEquals(Math.log(ranked.get(i).getValue()), found.get(i).logProbability(), 1e-10);
                }
            }
        }
    }

    @Test
    void beamSearchCanBeatGreedyWhereManyAlignmentsShareALabelling() {
        // two frames: P(blank) = 0.4 at each, the rest split over labels 1 and 2 at 0.3 each. The best
        // path is (blank, blank), labelling [] with 0.16; labelling [1] sums 0.3·0.4 + 0.4·0.3 + 0.3·0.3 = 0.33,
        // as does [2]; [1, 2] and [2, 1] have 0.09 each.
        double[] frame = {Math.log(0.4), Math.log(0.3), Math.log(0.3)};
        Tensor lp = Tensor.of(new double[] {frame[0], frame[1], frame[2], frame[0], frame[1], frame[2]}, 2, 1, 3);
        assertArrayEquals(new int[] {}, CtcGreedyDecoder.decode(lp, new int[] {2}, 0)[0]);
        List<CtcHypothesis> best = new CtcPrefixBeamSearch(8, 0).search(lp, new int[] {2}, 3).get(0);
        assertArrayEquals(new int[] {1}, best.get(0).labels());
        assertEquals(Math.log(0.33), best.get(0).logProbability(), 1e-12);
        assertArrayEquals(new int[] {2}, best.get(1).labels()); // a tie, broken by label order
        assertEquals(Math.log(0.33), best.get(1).logProbability(), 1e-12);
        assertArrayEquals(new int[] {}, best.get(2).labels());
        assertEquals(Math.log(0.16), best.get(2).logProbability(), 1e-12);
    }

    @Test
    void anEmptyInputDecodesToTheEmptyLabellingWithProbabilityOne() {
        Tensor lp = CtcReference.randomLogProbs(9, 1, 3, 1, 3);
        List<CtcHypothesis> hypotheses = new CtcPrefixBeamSearch(4, 0).search(lp, new int[] {0}, 2).get(0);
        assertEquals(List.of(new CtcHypothesis(new int[0], 0.0)), hypotheses);
    }

    @Test
    void badArgumentsAreRejectedWithMessagesThatNameThem() {
        Tensor lp = CtcReference.randomLogProbs(10, 1, 4, 2, 3);
        assertMessage("beamWidth must be at least 1, got 0", () -> new CtcPrefixBeamSearch(0, 0));
        assertMessage("blank must be at least 0, got -1", () -> new CtcPrefixBeamSearch(2, -1));
        assertMessage("nBest must be in 1..2 (the beam width), got 3",
                () -> new CtcPrefixBeamSearch(2, 0).search(lp, new int[] {4, 4}, 3));
        assertMessage("blank must be in 0..2 (C = 3), got 3",
                () -> new CtcPrefixBeamSearch(2, 3).search(lp, new int[] {4, 4}, 1));
        assertMessage("blank must be in 0..2 (C = 3), got 5", () -> CtcGreedyDecoder.decode(lp, new int[] {4, 4}, 5));
        assertMessage("input_lengths of B = 2 values, got 1", () -> CtcGreedyDecoder.decode(lp, new int[] {4}, 0));
        assertMessage("input_lengths[1] = 5 is outside 0..4",
                () -> new CtcPrefixBeamSearch(2, 0).decode(lp, new int[] {4, 5}));
        assertMessage("log_probs (T, B, C), got (4, 6)",
                () -> CtcGreedyDecoder.alignment(lp.reshape(4, 6), new int[] {4}));
    }

    private static double exactLoss(Tensor lp, int row, int length, int[] labels, int blank) {
        int batch = lp.size(1);
        int[][] targets = new int[batch][];
        int[] inputLengths = new int[batch];
        int[] targetLengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            targets[b] = labels;
            inputLengths[b] = b == row ? length : 0;
            targetLengths[b] = labels.length;
        }
        return CtcLoss.ctcLoss(lp, targets, inputLengths, targetLengths, blank, Reduction.NONE, false).getFlat(row);
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("ctc "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
