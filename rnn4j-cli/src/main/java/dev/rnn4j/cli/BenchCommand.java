package dev.rnn4j.cli;

import dev.rnn4j.bench.BenchRunner;
import dev.rnn4j.bench.Workload;
import dev.rnn4j.bench.Workloads;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.nn.KernelWarmup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j bench [--threads N] [WORKLOAD...]}: the workloads of shared/bench/torch_reference.py
 * plus GEMM, printing the reference's JSON lines with {@code "system": "rnn4j-<version>"}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times the PyTorch reference workloads (shared/bench/README.md) the same way: same sizes, model,",
                "loss, clipping and optimiser, warm-up, then the median of timed repetitions. Prints one JSON line each,",
                "as torch_reference.py does, so the two compare line by line (bench/compare.sh prints the ratios).",
                "Default: the nine reference workloads, infer_gru_batch (infer_lstm_batch with a GRU), then",
                "gemm_n256..gemm_n2048 (GFLOPS).",
                "Also: gemm (all four sizes), sweep_seq (length 32..1024), sweep_batch (batch 1..256), steady (the",
                "three training workloads after 10 warm-up steps, median of 15: not the reference protocol)."})
final class BenchCommand implements Callable<Integer> {

    /** System property the Vector API kernels read for their worker count. */

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the kernels (default: all cores, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--list", description = "Print the workload names and exit.")
    boolean list;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*",
            description = "Workloads to run, in order (default: the nine reference workloads, infer_gru_batch and gemm).")
    List<String> workloads;

    @Override
    public Integer call() {
        if (list) {
            Workloads.names().forEach(System.out::println);
            return 0;
        }
        if (threads < 1 || threads > KernelThreads.MAX) {
            throw new IllegalArgumentException("--threads must be between 1 and " + KernelThreads.MAX + ", got "
                    + threads);
        }
        // resolve (and so validate) every name before the first, possibly long, workload starts
        List<Workload> selected = workloads == null || workloads.isEmpty() ? Workloads.defaults()
                : Workloads.resolve(workloads);
        KernelThreads.set(threads);
        String kernels = KernelProvider.get().name();
        KernelWarmup.start(); // as the training commands do: the workloads measure what users see
        System.err.println("rnn4j bench: kernels " + kernels + ", threads " + threads + ", java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        BenchRunner.run(selected, "rnn4j-" + Main.version(), threads, System.out);
        return 0;
    }
}
