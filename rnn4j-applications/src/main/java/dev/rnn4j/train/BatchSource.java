package dev.rnn4j.train;

import dev.rnn4j.tensor.Rng;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The training data, one epoch at a time.
 *
 * <p>Contract: {@link #batches(int, Rng)} yields exactly {@link #batchesPerEpoch()} batches, and
 * which batches in which order may depend only on the epoch number and the generator passed in
 * (the trainer seeds it from the run's seed and the epoch). That is what makes a run repeatable and
 * lets a resumed run skip to the middle of an epoch and see the same batches.
 *
 * @param <B> the batch type
 */
public interface BatchSource<B> {

    /** Number of batches per epoch (at least 1; the progress bar's total). */
    int batchesPerEpoch();

    /**
     * The batches of epoch {@code epoch} (0-based), in order.
     *
     * @param rng a generator seeded from the run's seed and {@code epoch} only; use it for shuffling
     */
    Iterator<B> batches(int epoch, Rng rng);

    /**
     * Batches of example indices: {@code count} examples, shuffled each epoch (Fisher–Yates with the
     * epoch's generator) or in order, cut into batches of {@code batchSize}; the last, smaller batch
     * is kept unless {@code dropLast}. {@code batchOf} turns an index array into a batch.
     *
     * @throws IllegalArgumentException if count or batchSize is not positive, or dropLast leaves no batch
     */
    static <B> BatchSource<B> ofIndices(int count, int batchSize, boolean shuffle, boolean dropLast,
                                        Function<int[], B> batchOf) {
        if (count <= 0) {
            throw new IllegalArgumentException("count: expected at least 1 example, got " + count);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        Objects.requireNonNull(batchOf, "batchOf");
        int batches = dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
        if (batches == 0) {
            throw new IllegalArgumentException("batchSize " + batchSize + " with dropLast leaves no batch of "
                    + count + " examples");
        }
        return new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public Iterator<B> batches(int epoch, Rng rng) {
                int[] order = new int[count];
                for (int i = 0; i < count; i++) {
                    order[i] = i;
                }
                if (shuffle) {
                    rng.shuffle(order);
                }
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < batches;
                    }

                    @Override
                    public B next() {
                        if (next >= batches) {
                            throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                        }
                        int from = next * batchSize;
                        int to = Math.min(count, from + batchSize);
                        next++;
                        return batchOf.apply(java.util.Arrays.copyOfRange(order, from, to));
                    }
                };
            }
        };
    }
}
