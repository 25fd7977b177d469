package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairBatcherTest {

    /** Pairs with random lengths 1..maxLength on each side and ids 4..99; pair i's first source id is 4 + i % 96. */
    private static List<EncodedPair> pairs(int n, int maxLength, long seed) {
        Random random = new Random(seed);
        List<EncodedPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] source = random.ints(1 + random.nextInt(maxLength), 4, 100).toArray();
            int[] target = random.ints(1 + random.nextInt(maxLength), 4, 100).toArray();
            pairs.add(new EncodedPair(i + 1, source, target));
        }
        return pairs;
    }

    @Test
    void batchesAreTimeMajorPaddedWithMarkersAndRowsByDecreasingSourceLength() {
        List<EncodedPair> pairs = List.of(
                new EncodedPair(1, new int[] {10, 11}, new int[] {20}),
                new EncodedPair(2, new int[] {12, 13, 14}, new int[] {21, 22}),
                new EncodedPair(3, new int[] {15}, new int[] {23}));
        List<PairBatch> batches = PairBatcher.bySentences(8, 1).evaluationBatches(pairs);
        assertEquals(1, batches.size());
        PairBatch batch = batches.get(0);
        assertEquals(3, batch.rows());
        assertArrayEquals(new int[] {1, 0, 2}, batch.indices());
        assertArrayEquals(new int[] {4, 3, 2}, batch.sourceLengths());
        assertArrayEquals(new int[] {4, 3, 3}, batch.targetLengths());
        assertEquals(4, batch.sourceSteps());
        assertEquals(4, batch.targetSteps());
        // source (S, B): column b is row b; <eos> = 2 after each sentence, <pad> = 0 after that
        assertArrayEquals(new int[] {
            12, 10, 15,
            13, 11, 2,
            14, 2, 0,
            2, 0, 0}, batch.source());
        // target (T, B): <sos> = 1 first
        assertArrayEquals(new int[] {
            1, 1, 1,
            21, 20, 23,
            22, 2, 2,
            2, 0, 0}, batch.target());
        assertEquals(11, batch.sourceId(1, 1));
        assertEquals(3 + 2 + 2, batch.targetTokens());
    }

    @Test
    void everyPairLandsInExactlyOneBatchOfAtMostTheSentenceCount() {
        List<EncodedPair> pairs = pairs(103, 12, 5);
        List<PairBatch> batches = PairBatcher.bySentences(10, 42).batches(pairs, 0);
        assertEquals(11, batches.size());
        int[] seen = new int[pairs.size()];
        for (PairBatch batch : batches) {
            assertTrue(batch.rows() <= 10);
            for (int b = 0; b < batch.rows(); b++) {
                int index = batch.indices()[b];
                seen[index]++;
                EncodedPair pair = pairs.get(index);
                assertEquals(pair.source().length + 1, batch.sourceLengths()[b]);
                assertEquals(pair.source()[0], batch.sourceId(0, b));
                assertEquals(pair.target()[pair.target().length - 1], batch.targetId(pair.target().length, b));
                if (b > 0) {
                    assertTrue(batch.sourceLengths()[b - 1] >= batch.sourceLengths()[b]);
                }
            }
        }
        int[] once = new int[pairs.size()];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
    }

    @Test
    void batchesGroupSimilarTargetLengths() {
        List<EncodedPair> pairs = pairs(400, 30, 9);
        List<PairBatch> batches = PairBatcher.bySentences(20, 3).evaluationBatches(pairs);
        int previousLongest = 0;
        int spread = 0;
        for (PairBatch batch : batches) {
            int shortest = Arrays.stream(batch.targetLengths()).min().getAsInt();
            int longest = Arrays.stream(batch.targetLengths()).max().getAsInt();
            assertTrue(shortest >= previousLongest, "batches overlap in target length");
            previousLongest = longest;
            spread = Math.max(spread, longest - shortest);
        }
        // about 13 pairs per target length and 20 per batch: a batch spans a few adjacent lengths, not all 30
        assertTrue(spread <= 3, "spread " + spread);
    }

    @Test
    void aTokenBudgetBoundsRowsTimesTheLongestSide() {
        List<EncodedPair> pairs = pairs(300, 25, 11);
        int budget = 200;
        List<PairBatch> batches = PairBatcher.byTokens(budget, 7).batches(pairs, 2);
        int total = 0;
        for (PairBatch batch : batches) {
            assertTrue((long) batch.rows() * Math.max(batch.sourceSteps(), batch.targetSteps()) <= budget,
                    batch.rows() + " rows of " + batch.sourceSteps() + "/" + batch.targetSteps());
            total += batch.rows();
        }
        assertEquals(300, total);
        EncodedPair huge = new EncodedPair(17, new int[300], new int[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairBatcher.byTokens(budget, 7).batches(List.of(huge), 0));
        assertEquals("pair 0 (line 17) alone needs 301 tokens, more than the token budget 200", e.getMessage());
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBatchesAndAnotherEpochAnotherOrder() {
        List<EncodedPair> pairs = pairs(200, 15, 1);
        List<PairBatch> a = PairBatcher.bySentences(16, 99).batches(pairs, 3);
        List<PairBatch> b = PairBatcher.bySentences(16, 99).batches(pairs, 3);
        List<PairBatch> c = PairBatcher.bySentences(16, 99).batches(pairs, 4);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), b.get(i).indices());
            assertArrayEquals(a.get(i).source(), b.get(i).source());
        }
        assertNotEquals(a.stream().map(x -> Arrays.toString(x.indices())).toList(),
                c.stream().map(x -> Arrays.toString(x.indices())).toList());
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        assertEquals("sentences per batch must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> PairBatcher.bySentences(0, 1)).getMessage());
        assertEquals("tokenBudget must be at least 3 (<sos>, one token, <eos>), got 2",
                assertThrows(IllegalArgumentException.class, () -> PairBatcher.byTokens(2, 1)).getMessage());
        PairBatcher batcher = PairBatcher.bySentences(4, 1);
        assertEquals("pairs must not be null or empty",
                assertThrows(IllegalArgumentException.class, () -> batcher.batches(List.of(), 0)).getMessage());
        assertEquals("pair 0 (line 5) has an empty target; every side needs at least one token",
                assertThrows(IllegalArgumentException.class,
                        () -> batcher.batches(List.of(new EncodedPair(5, new int[] {4}, new int[0])), 0)).getMessage());
        assertEquals("pair 0 has negative source id -2 at position 1",
                assertThrows(IllegalArgumentException.class,
                        () -> batcher.batches(List.of(new EncodedPair(5, new int[] {4, -2}, new int[] {4})), 0)).getMessage());
    }
}
