/**
 * Kernels: plain functions over {@code float[]} (and {@code double[]} for gradient checks) that
 * know nothing of tensors.
 *
 * <p>The named set, all in {@link dev.rnn4j.kernels.Kernels}:
 * <ul>
 *   <li>{@code sgemm}: the only matrix product; every layer's products go through it.</li>
 *   <li>Fused gate passes, forward and backward: {@code lstmGates*}, {@code gruGates*},
 *       {@code rnnActivation*}. Each keeps what its backward needs.</li>
 *   <li>The streaming steps: {@code packLstmStep} / {@code packGruStep} lay one layer's weights out
 *       once in the implementation's own order, {@code lstmStep} / {@code gruStep} then run one time
 *       step of a batch-1 (or small batch) layer, both products, biases and gate pass in one call
 *       ({@code RecurrentStepper} uses them).</li>
 *   <li>Dynamic int8 quantization: {@code quantizeRowsInt8} (symmetric, one scale per row),
 *       {@code int8Gemm} (int8 × int8 summed in int32, the same in every implementation), its form on
 *       a weight prepared once, {@code packInt8} / {@code int8GemmPacked}, and
 *       {@code dequantizeInt32} (both scales, plus a float bias); {@code dev.rnn4j.quant} uses them.</li>
 *   <li>Small helpers: {@code axpy}, {@code addRowVector} (bias), {@code addColumnSums} (bias gradient).</li>
 * </ul>
 * Each kernel is named for the equations it runs; the kernels know nothing of the recurrent layers'
 * types (the cells in {@code dev.rnn4j.recurrent} call the kernel they need).
 * {@link dev.rnn4j.kernels.ScalarKernels} is the reference, with float64 twins;
 * {@link dev.rnn4j.kernels.KernelProvider} picks the implementation at start-up;
 * {@link dev.rnn4j.kernels.Java21Paths} says whether the paths that only Java 21+ compiles reliably
 * (prepared GEMM operands, reused work buffers, the fused streaming step) are on.
 */
package dev.rnn4j.kernels;
