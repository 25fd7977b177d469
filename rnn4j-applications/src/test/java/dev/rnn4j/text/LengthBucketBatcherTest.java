package dev.rnn4j.text;

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

class LengthBucketBatcherTest {

    private static List<int[]> randomSequences(int n, int maxLength, long seed) {
        Random random = new Random(seed);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = new int[1 + random.nextInt(maxLength)];
            for (int t = 0; t < s.length; t++) {
                s[t] = 2 + random.nextInt(100);
            }
            sequences.add(s);
        }
        return sequences;
    }

    @Test
    void batchFirstLayoutPadsWithZeroAndOrdersRowsByDecreasingLength() {
        List<int[]> sequences = List.of(new int[] {5, 6}, new int[] {7, 8, 9}, new int[] {4});
        LengthBucketBatcher batcher = new LengthBucketBatcher(3, 0, true, 1);
        LengthBucketBatcher.Batch batch = batcher.evaluationBatches(sequences, new int[] {0, 1, 0}).get(0);
        assertEquals(3, batch.batchSize());
        assertEquals(3, batch.maxLen());
        assertArrayEquals(new int[] {7, 8, 9, 5, 6, 0, 4, 0, 0}, batch.ids());
        assertArrayEquals(new int[] {3, 2, 1}, batch.lengths());
        assertArrayEquals(new int[] {1, 0, 0}, batch.labels());
        assertArrayEquals(new int[] {1, 0, 2}, batch.indices());
        assertEquals(6, batch.id(1, 1));
        assertEquals(0, batch.id(2, 2));
    }

    @Test
    void timeMajorLayout() {
        List<int[]> sequences = List.of(new int[] {5, 6}, new int[] {7, 8, 9});
        LengthBucketBatcher.Batch batch = new LengthBucketBatcher(2, 0, false, 1).evaluationBatches(sequences, null).get(0);
        // (T, B): t=0: 7 5, t=1: 8 6, t=2: 9 pad
        assertArrayEquals(new int[] {7, 5, 8, 6, 9, 0}, batch.ids());
        assertArrayEquals(new int[] {-1, -1}, batch.labels());
        assertEquals(6, batch.id(1, 1));
    }

    @Test
    void truncationKeepsTheFirstIds() {
        List<int[]> sequences = List.of(new int[] {5, 6, 7, 8}, new int[] {9});
        LengthBucketBatcher.Batch batch = new LengthBucketBatcher(2, 2, true, 1).evaluationBatches(sequences, null).get(0);
        assertArrayEquals(new int[] {5, 6, 9, 0}, batch.ids());
        assertArrayEquals(new int[] {2, 1}, batch.lengths());
    }

    @Test
    void shuffledBatchesCoverEveryExampleOnceAndAreDeterministic() {
        List<int[]> sequences = randomSequences(1000, 40, 7);
        int[] labels = new int[1000];
        Arrays.setAll(labels, i -> i % 3);
        LengthBucketBatcher batcher = new LengthBucketBatcher(8, 0, true, 42);
        List<LengthBucketBatcher.Batch> epoch0 = batcher.batches(sequences, labels, 0);
        boolean[] seen = new boolean[1000];
        int paddedCells = 0;
        for (LengthBucketBatcher.Batch batch : epoch0) {
            for (int b = 0; b < batch.batchSize(); b++) {
                int index = batch.indices()[b];
                assertTrue(!seen[index], "example seen twice: " + index);
                seen[index] = true;
                assertEquals(labels[index], batch.labels()[b]);
                int[] sequence = sequences.get(index);
                assertEquals(sequence.length, batch.lengths()[b]);
                for (int t = 0; t < batch.maxLen(); t++) {
                    assertEquals(t < sequence.length ? sequence[t] : 0, batch.id(b, t));
                }
                if (b > 0) {
                    assertTrue(batch.lengths()[b] <= batch.lengths()[b - 1]);
                }
                paddedCells += batch.maxLen() - batch.lengths()[b];
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        // bucketing keeps padding small: random batching of lengths 1..40 pads about 40 % of cells
        int totalLength = sequences.stream().mapToInt(s -> s.length).sum();
        assertTrue(paddedCells < 0.05 * totalLength, "padded " + paddedCells + " of " + totalLength);

        List<LengthBucketBatcher.Batch> again = new LengthBucketBatcher(8, 0, true, 42).batches(sequences, labels, 0);
        assertEquals(epoch0.size(), again.size());
        for (int i = 0; i < again.size(); i++) {
            assertArrayEquals(epoch0.get(i).indices(), again.get(i).indices());
        }
        List<LengthBucketBatcher.Batch> epoch1 = batcher.batches(sequences, labels, 1);
        assertNotEquals(Arrays.toString(epoch0.get(0).indices()), Arrays.toString(epoch1.get(0).indices()));
    }

    @Test
    void emptySequenceIsRejectedWithItsIndex() {
        LengthBucketBatcher batcher = new LengthBucketBatcher(2, 0, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batcher.batches(List.of(new int[] {3}, new int[0]), null, 0));
        assertTrue(e.getMessage().contains("sequence 1 is empty"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LengthBucketBatcher(0, 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new LengthBucketBatcher(1, -1, true, 1));
        LengthBucketBatcher batcher = new LengthBucketBatcher(2, 0, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batcher.batches(List.of(new int[] {3}), new int[2], 0));
        assertTrue(e.getMessage().contains("expected 1, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> batcher.evaluationBatches(List.of(new int[] {3, -2}), null));
        assertTrue(e.getMessage().contains("negative id -2 at position 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> batcher.evaluationBatches(List.of(), null));
    }
}
