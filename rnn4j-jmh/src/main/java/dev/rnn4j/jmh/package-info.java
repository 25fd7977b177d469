/**
 * JMH micro-benchmarks of the kernels (never shipped): {@link dev.rnn4j.jmh.SgemmBenchmark},
 * {@link dev.rnn4j.jmh.LstmGatesBenchmark}, {@link dev.rnn4j.jmh.LstmStepBenchmark}, the fused streaming
 * step {@link dev.rnn4j.jmh.FusedStepBenchmark} and the per-core read bandwidth that bounds it,
 * {@link dev.rnn4j.jmh.L2ReadBenchmark}, one core's share of batch inference's per-step products,
 * {@link dev.rnn4j.jmh.PreparedGemmBenchmark}, and the FMA peak that bounds every product,
 * {@link dev.rnn4j.jmh.FmaPeakBenchmark}. Each one but the last checks its result in its setup (against
 * {@link dev.rnn4j.kernels.ScalarKernels}, or a scalar sum) and refuses to run when it is wrong. Run them as described in the module's README.md.
 */
package dev.rnn4j.jmh;
