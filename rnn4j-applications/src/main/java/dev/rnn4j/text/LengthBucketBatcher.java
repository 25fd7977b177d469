package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups encoded sequences into padded batches of similar length, so little compute is spent on
 * padding.
 *
 * <p>Training batches ({@link #batches(List, int[], int)}): the examples are shuffled with a
 * {@link Random} seeded from {@code seed} and the epoch, cut into pools of
 * {@value #POOL_BATCHES} batches, each pool sorted by length and cut into batches, and the batch
 * order shuffled again. The same seed, epoch and data always give the same batches.
 * Evaluation batches ({@link #evaluationBatches(List, int[])}): no shuffling, all examples sorted
 * by length (ties by original index).
 *
 * <p>Within a batch the rows are ordered by decreasing length (ties by original index), as a
 * packed-sequence path needs: at step {@code t} the active rows are a prefix of the batch. Each
 * {@link Batch#indices()} entry gives the row's position in the input list, to map predictions
 * back. With {@code maxLength > 0}, longer sequences are truncated to their first
 * {@code maxLength} ids.
 */
public final class LengthBucketBatcher {
    /** Batches per pool that is sorted by length before being cut into batches. */
    public static final int POOL_BATCHES = 50;

    private final int batchSize;
    private final int maxLength;
    private final boolean batchFirst;
    private final long seed;

    /**
     * One padded batch.
     *
     * <p>Layout of {@code ids}: with {@code batchFirst}, row-major {@code (batchSize, maxLen)}, so
     * {@code ids[b * maxLen + t]}; otherwise time-major {@code (maxLen, batchSize)}, so
     * {@code ids[t * batchSize + b]}. Positions {@code t >= lengths[b]} hold
     * {@link Vocabulary#PAD_ID} (0).
     *
     * @param ids padded token ids, {@code batchSize * maxLen} of them, layout as above
     * @param lengths true (possibly truncated) length of each row, decreasing, each {@code >= 1}
     * @param labels class index of each row, or -1 for every row when no labels were given
     * @param indices position of each row's example in the list given to the batcher
     * @param batchSize number of rows (the last batch may be smaller than the configured size)
     * @param maxLen {@code lengths[0]}, the longest row
     * @param batchFirst the layout of {@code ids}
     */
    public record Batch(int[] ids, int[] lengths, int[] labels, int[] indices, int batchSize, int maxLen,
            boolean batchFirst) {

        /** Token id of row {@code b} at time step {@code t} (no bounds checks beyond the array's). */
        public int id(int b, int t) {
            return batchFirst ? ids[b * maxLen + t] : ids[t * batchSize + b];
        }
    }

    /**
     * @param batchSize rows per batch, at least 1
     * @param maxLength truncate sequences to this many ids; 0 for no truncation
     * @param batchFirst layout of {@link Batch#ids()}: (B, T) when true, (T, B) when false
     * @param seed shuffling seed for {@link #batches(List, int[], int)}
     * @throws IllegalArgumentException if {@code batchSize < 1} or {@code maxLength < 0}
     */
    public LengthBucketBatcher(int batchSize, int maxLength, boolean batchFirst, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0 (0 = no truncation), got " + maxLength);
        }
        this.batchSize = batchSize;
        this.maxLength = maxLength;
        this.batchFirst = batchFirst;
        this.seed = seed;
    }

    /**
     * Shuffled, length-bucketed batches for one training epoch.
     *
     * @param sequences encoded sequences, each non-empty with ids {@code >= 0}
     * @param labels class index per sequence, or null (batches then carry -1)
     * @param epoch mixed into the seed so each epoch has its own order
     * @throws IllegalArgumentException if the inputs are null, empty, of different sizes, or a
     *     sequence is empty or holds a negative id (naming the sequence)
     */
    public List<Batch> batches(List<int[]> sequences, int[] labels, int epoch) {
        validate(sequences, labels);
        int n = sequences.size();
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Collections.shuffle(Arrays.asList(order), random);
        Comparator<Integer> byLength = Comparator.comparingInt(i -> length(sequences.get(i)));
        List<Batch> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
        int pool = batchSize * POOL_BATCHES;
        for (int start = 0; start < n; start += pool) {
            int end = Math.min(n, start + pool);
            Integer[] chunk = Arrays.copyOfRange(order, start, end);
            Arrays.sort(chunk, byLength); // stable: ties keep the shuffled order
            for (int b = 0; b < chunk.length; b += batchSize) {
                batches.add(makeBatch(sequences, labels, Arrays.copyOfRange(chunk, b, Math.min(chunk.length, b + batchSize))));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /**
     * Unshuffled batches for evaluation or prediction: all sequences sorted by length (ties by
     * index), cut into batches. Use {@link Batch#indices()} to map results back.
     *
     * @throws IllegalArgumentException as {@link #batches(List, int[], int)}
     */
    public List<Batch> evaluationBatches(List<int[]> sequences, int[] labels) {
        validate(sequences, labels);
        int n = sequences.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> length(sequences.get(i))));
        List<Batch> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
        for (int b = 0; b < n; b += batchSize) {
            batches.add(makeBatch(sequences, labels, Arrays.copyOfRange(order, b, Math.min(n, b + batchSize))));
        }
        return batches;
    }

    private int length(int[] sequence) {
        return maxLength > 0 ? Math.min(maxLength, sequence.length) : sequence.length;
    }

    private void validate(List<int[]> sequences, int[] labels) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("sequences must not be null or empty");
        }
        if (labels != null && labels.length != sequences.size()) {
            throw new IllegalArgumentException("labels must have one entry per sequence: expected "
                    + sequences.size() + ", got " + labels.length);
        }
        for (int i = 0; i < sequences.size(); i++) {
            int[] sequence = sequences.get(i);
            if (sequence == null || sequence.length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is " + (sequence == null ? "null" : "empty")
                        + "; every example needs at least one token (padding must never reach a state)");
            }
            for (int t = 0; t < sequence.length; t++) {
                if (sequence[t] < 0) {
                    throw new IllegalArgumentException("sequence " + i + " has negative id " + sequence[t]
                            + " at position " + t);
                }
            }
        }
    }

    /** Builds one batch from the given example indices, ordered by ascending length. */
    private Batch makeBatch(List<int[]> sequences, int[] labels, Integer[] ascending) {
        int rows = ascending.length;
        int[] indices = new int[rows];
        int[] lengths = new int[rows];
        int[] rowLabels = new int[rows];
        // rows by decreasing length; among equal lengths the lower original index first
        Integer[] order = ascending.clone();
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -length(sequences.get(i))).thenComparingInt(i -> i));
        for (int b = 0; b < rows; b++) {
            indices[b] = order[b];
            lengths[b] = length(sequences.get(order[b]));
            rowLabels[b] = labels == null ? -1 : labels[order[b]];
        }
        int maxLen = lengths[0];
        // ids: (B, T) row-major when batchFirst, else (T, B); zeros are <pad>
        int[] ids = new int[rows * maxLen];
        for (int b = 0; b < rows; b++) {
            int[] sequence = sequences.get(indices[b]);
            for (int t = 0; t < lengths[b]; t++) {
                ids[batchFirst ? b * maxLen + t : t * rows + b] = sequence[t];
            }
        }
        return new Batch(ids, lengths, rowLabels, indices, rows, maxLen, batchFirst);
    }
}
