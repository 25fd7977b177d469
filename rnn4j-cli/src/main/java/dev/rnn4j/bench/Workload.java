package dev.rnn4j.bench;

/**
 * One benchmark: builds its model and data, warms up, times, and returns a throughput.
 * Implementations mirror one function of {@code shared/bench/torch_reference.py}.
 */
public interface Workload {

    /** The name printed in the JSON line, e.g. {@code train_lstm_classifier} or {@code gemm_n1024}. */
    String name();

    /** The unit of {@link #measure()}, e.g. {@code sequences/s}, {@code steps/s}, {@code GFLOPS}. */
    String unit();

    /** Runs the workload (warm-up, then the timed repetitions) and returns the throughput (median). */
    double measure();
}
