package dev.rnn4j.bench;

import java.util.Arrays;

/** The reference script's {@code timeit}: warm-up calls, then the median wall time of timed calls. */
public final class Timing {

    private Timing() {
    }

    /**
     * Calls {@code body} {@code warmup} times untimed, then {@code reps} times timed, and returns
     * the median duration in seconds (the mean of the middle two for an even count, as Python's
     * {@code statistics.median}).
     *
     * @throws IllegalArgumentException if warmup is negative or reps is below 1
     */
    public static double medianSeconds(Runnable body, int warmup, int reps) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (reps < 1) {
            throw new IllegalArgumentException("reps must be >= 1, got " + reps);
        }
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return median(seconds);
    }

    /** Median of a non-empty array (the array is sorted in place). */
    static double median(double[] values) {
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
