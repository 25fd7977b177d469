/**
 * Kernels: plain functions over {@code float[]} (and {@code double[]} for gradient checks) that
 * know nothing of tensors.
 *
 * <p>The named set, all in {@link dev.rnn4j.kernels.Kernels}:
 * <ul>
 *   <li>{@code sgemm}: the only matrix product; every layer's products go through it.</li>
 *   <li>Fused gate passes, forward and backward: {@code lstmGates*}, {@code gruGates*},
 *       {@code rnnActivation*}. Each keeps what its backward needs.</li>
 *   <li>The streaming step: {@code packCellStep} lays one layer's weights out once in the
 *       implementation's own order, {@code cellStep} then runs one time step of a batch-1 (or small
 *       batch) LSTM/GRU/RNN cell, both products, biases and gate pass in one call
 *       ({@code RecurrentStepper} uses it).</li>
 *   <li>Small helpers: {@code axpy}, {@code addRowVector} (bias), {@code addColumnSums} (bias gradient).</li>
 * </ul>
 * {@link dev.rnn4j.kernels.ScalarKernels} is the reference, with float64 twins;
 * {@link dev.rnn4j.kernels.KernelProvider} picks the implementation at start-up;
 * {@link dev.rnn4j.kernels.Java21Paths} says whether the paths that only Java 21+ compiles reliably
 * (prepared GEMM operands, reused work buffers, the fused streaming step) are on.
 */
package dev.rnn4j.kernels;
