/**
 * JMH micro-benchmarks of the kernels (never shipped): {@link dev.rnn4j.jmh.SgemmBenchmark},
 * {@link dev.rnn4j.jmh.LstmGatesBenchmark}, {@link dev.rnn4j.jmh.LstmStepBenchmark}. Each one
 * checks its result against {@link dev.rnn4j.kernels.ScalarKernels} in its setup and refuses to run
 * when it is wrong. Run them as described in the module's README.md.
 */
package dev.rnn4j.jmh;
