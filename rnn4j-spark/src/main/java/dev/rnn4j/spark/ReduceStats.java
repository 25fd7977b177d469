package dev.rnn4j.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where one data-parallel task's training time went ({@link AllGatherReducer}).
 *
 * @param rank               the task's rank
 * @param workers            how many tasks trained together
 * @param steps              optimiser steps taken in this attempt
 * @param messageChars       the length of one step's message (Base64 characters)
 * @param encodeNanos        total time spent encoding gradients
 * @param gatherNanos        total time spent in {@code allGather} (waiting for the slowest task included)
 * @param sumNanos           total time spent decoding and summing the gathered gradients
 * @param medianComputeNanos the median time between two exchanges: optimiser step, forward and backward
 */
record ReduceStats(int rank, int workers, long steps, long messageChars, long encodeNanos, long gatherNanos,
                   long sumNanos, long medianComputeNanos) implements Serializable {

    /** Mean milliseconds per step spent exchanging: encoding, allGather, decoding and summing. */
    double exchangeMillisPerStep() {
        return steps == 0 ? 0 : (encodeNanos + gatherNanos + sumNanos) / 1e6 / steps;
    }

    /** Mean milliseconds per step inside {@code allGather}. */
    double gatherMillisPerStep() {
        return steps == 0 ? 0 : gatherNanos / 1e6 / steps;
    }

    /** One line: {@code rank 0 of 2: 40 steps, message 10,928 chars; per step: compute 11.2 ms (median), ...}. */
    String line() {
        double compute = medianComputeNanos / 1e6;
        double exchange = exchangeMillisPerStep();
        return String.format(Locale.ROOT, "rank %d of %d: %d steps, message %,d chars; per step: compute %.2f ms"
                        + " (median), exchange %.2f ms (encode %.2f, allGather %.2f, decode and sum %.2f), exchange"
                        + " %.0f%% of a step", rank, workers, steps, messageChars, compute, exchange,
                steps == 0 ? 0 : encodeNanos / 1e6 / steps, gatherMillisPerStep(),
                steps == 0 ? 0 : sumNanos / 1e6 / steps, compute + exchange == 0 ? 0 : 100 * exchange / (compute + exchange));
    }
}
