package dev.rnn4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Runs workloads one after another and prints one JSON line for each as soon as it is measured. */
public final class BenchRunner {

    private BenchRunner() {
    }

    /**
     * Measures every workload in order, printing each {@link BenchResult#jsonLine()} to {@code out}
     * (flushed, so a long run shows progress).
     *
     * @param system  the {@code "system"} field, e.g. {@code rnn4j-0.1.0}
     * @param threads the {@code "threads"} field: the thread count the kernels were given
     * @return the results, in order
     */
    public static List<BenchResult> run(List<Workload> workloads, String system, int threads, PrintStream out) {
        if (workloads == null || system == null || out == null) {
            throw new IllegalArgumentException("bench runner: workloads, system and output must be given");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("bench runner: threads must be >= 1, got " + threads);
        }
        List<BenchResult> results = new ArrayList<>(workloads.size());
        for (Workload w : workloads) {
            BenchResult r = new BenchResult(system, w.name(), threads, w.unit(), w.measure());
            out.println(r.jsonLine());
            out.flush();
            results.add(r);
        }
        return results;
    }
}
