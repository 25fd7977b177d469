package dev.rnn4j.train;

import dev.rnn4j.tensor.Rng;

import java.util.Objects;

/**
 * One worker of a synchronous data-parallel run: its {@code rank} among {@code workers} and the
 * {@link GradientHook} that sums the gradients over all workers.
 *
 * <p>Every worker starts from the same weights (the same seed), sees the same global batches (their
 * order is a function of the seed and the epoch) and computes, of each global batch of B rows, the
 * rows {@link #shardRows(int) b with b mod workers = rank}, with the loss of its rows scaled so that
 * the workers' losses add up to the single-process mean loss: {@code Σ_{b in shard} ℓ_b / B}. The
 * hook sums the gradients (and losses) of all workers, so each worker holds the gradient of the
 * global batch's mean loss, and the identical clipping and optimiser step keep the workers' weights
 * identical. Rank 0 writes the output folder; the others follow it ({@link #writesOutput()}).
 *
 * @param rank    this worker, in [0, workers)
 * @param workers how many workers train together, at least 1
 * @param reducer the all-reduce of the gradients, called by the trainer in every step
 */
public record DataParallel(int rank, int workers, GradientHook reducer) {

    public DataParallel {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: expected at least 1, got " + workers);
        }
        if (rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("rank: expected 0 to " + (workers - 1) + " for " + workers
                    + " workers, got " + rank);
        }
        Objects.requireNonNull(reducer, "reducer");
    }

    /**
     * The rows of a global batch of {@code batchSize} rows this worker computes, increasing: b with
     * {@code b mod workers == rank}; empty when the batch has fewer rows than {@code rank + 1}.
     */
    public int[] shardRows(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize: expected at least 0, got " + batchSize);
        }
        int count = batchSize > rank ? (batchSize - rank + workers - 1) / workers : 0;
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = rank + i * workers;
        }
        return rows;
    }

    /** Whether this worker writes the output folder (rank 0); the others only read it. */
    public boolean writesOutput() {
        return rank == 0;
    }

    /**
     * A generator state for this worker's random draws (dropout) in global step {@code step}: a
     * function of (seed, rank, step) alone, so that the workers draw different masks, and a run
     * resumed from any checkpoint draws what an uninterrupted one draws without any worker's
     * generator state in the checkpoint.
     */
    public long generatorState(long seed, long step) {
        long mixed = seed * 0x9E3779B97F4A7C15L + (rank + 1L) * 0xBF58476D1CE4E5B9L + (step + 1L) * 0x94D049BB133111EBL;
        return new Rng(mixed).nextLong();
    }
}
