/**
 * ONNX Runtime's side of the batch-inference workloads that the shared anchors do not time
 * ({@code infer_gru_batch}): {@link dev.rnn4j.jmh.ort.OrtBatchInference} runs a model exported from
 * PyTorch 1.13 by {@code bench/export_onnx_batch.py}, checks its output against PyTorch's before
 * timing, and prints the reference script's JSON line. {@code bench/compare.sh --anchors} runs it.
 * ONNX Runtime is a {@code provided} dependency of this module: compiled against, never packed
 * into the JMH jar; the build writes its jar's path to {@code target/ort-classpath.txt}.
 */
package dev.rnn4j.jmh.ort;
