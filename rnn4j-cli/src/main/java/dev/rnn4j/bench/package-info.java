/**
 * End-to-end benchmarks: the nine workloads of the PyTorch reference script
 * ({@code torch_reference.py}, in the shared bench folder beside the repository), done the same
 * way (same sizes, model, loss, clipping, optimiser, warm-up, timed repetitions, median), plus
 * {@code infer_gru_batch} (the batch-inference workload with a GRU), GEMM throughput at n = 256..2048, two scaling sweeps, and the layer-normalised char-LM
 * ({@code train_lstm_ln_charlm}).
 *
 * <p>Each workload prints one JSON line in the reference script's format
 * ({@code {"system": "rnn4j-0.1.0", "workload": ..., "threads": N, "unit": ..., "value": X}}),
 * so the two can be compared line by line; {@code bench/compare.sh} does that and prints the
 * ratio table of {@code BENCHMARKS.md}. {@link dev.rnn4j.bench.Workloads} names every workload;
 * {@link dev.rnn4j.bench.BenchRunner} runs a list of them. Sizes are constructor parameters
 * (the reference sizes by default) so tests can run every workload in milliseconds.
 */
package dev.rnn4j.bench;
