package dev.rnn4j.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where one data-parallel task's training time went ({@link GradientExchange}).
 *
 * @param rank               the task's rank
 * @param workers            how many tasks trained together
 * @param exchange           how the gradients travelled: {@code ring} or {@code allgather}
 * @param steps              optimiser steps taken in this attempt
 * @param bytesPerStep       the bytes the task sent in one step (for allgather, Base64 characters)
 * @param copyNanos          total time copying gradients out of the parameters and the sums back
 * @param transferNanos      total time moving bytes, waiting for the other tasks included
 * @param sumNanos           total time encoding, decoding and adding
 * @param medianComputeNanos the median time between two exchanges: optimiser step, forward and backward
 */
record ReduceStats(int rank, int workers, String exchange, long steps, long bytesPerStep, long copyNanos,
                   long transferNanos, long sumNanos, long medianComputeNanos) implements Serializable {

    /** Mean milliseconds per step spent exchanging: copying, transfer, encoding, decoding and adding. */
    double exchangeMillisPerStep() {
        return perStep(copyNanos + transferNanos + sumNanos);
    }

    /** Mean milliseconds per step moving bytes. */
    double transferMillisPerStep() {
        return perStep(transferNanos);
    }

    private double perStep(long nanos) {
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }

    /**
     * One line: {@code rank 0 of 2 (ring): 40 steps, 5,631,688 bytes sent a step; per step: compute 80.1 ms
     * (median), exchange 9.3 ms (copy 1.2, transfer 6.0, encode and sum 2.1), exchange 10% of a step}.
     */
    String line() {
        double compute = medianComputeNanos / 1e6;
        double exchangeMillis = exchangeMillisPerStep();
        return String.format(Locale.ROOT, "rank %d of %d (%s): %d steps, %,d bytes sent a step; per step: compute"
                        + " %.2f ms (median), exchange %.2f ms (copy %.2f, transfer %.2f, encode and sum %.2f),"
                        + " exchange %.0f%% of a step", rank, workers, exchange, steps, bytesPerStep, compute,
                exchangeMillis, perStep(copyNanos), perStep(transferNanos), perStep(sumNanos),
                compute + exchangeMillis == 0 ? 0 : 100 * exchangeMillis / (compute + exchangeMillis));
    }
}
