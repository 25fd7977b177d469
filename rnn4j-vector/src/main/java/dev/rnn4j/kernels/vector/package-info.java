/**
 * The {@link dev.rnn4j.kernels.Kernels} implementation on the incubating Vector API
 * ({@code jdk.incubator.vector}); compiled and run with {@code --add-modules jdk.incubator.vector}
 * and found at run time by {@link dev.rnn4j.kernels.KernelProvider}.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.kernels.vector.VectorKernels}: the public entry; every float kernel, each
 *       overridden method a delegation to the classes below or a short vector loop.</li>
 *   <li>{@code Sgemm}, {@code SmallGemm}: the packed, register-blocked GEMM (its blocking, threads
 *       and block sizes) and the unpacked path for a few rows (the recurrent step at small batch);
 *       {@code SgemmPanels}: the packing of operands into panels and the micro-kernels;
 *       {@code PreparedSgemm}: the product on a right operand packed once
 *       ({@code Kernels.packRight}, {@code Kernels.sgemmPacked}).</li>
 *   <li>{@code WorkerPool}: persistent daemon threads for the GEMM (no thread start per call).</li>
 *   <li>{@code VectorGates}: the LSTM and GRU gate passes forward and backward and the Elman RNN
 *       activations; large passes split by rows over the GEMM's pool.</li>
 *   <li>{@code FusedCellStep}: the streaming LSTM/GRU step ({@code Kernels.lstmStep}, {@code Kernels.gruStep}) over weights
 *       packed in tiles of hidden units; {@code StepTeam}: the threads that run its tiles in fixed
 *       shares, one cache-line hand-off per step, so each core keeps its share of the weights in L2;
 *       {@code FusedStepDispatch}: one step's arguments and the shared team it runs on.</li>
 *   <li>{@code VectorMath}: polynomial exp, expm1, sigmoid and tanh in vector form.</li>
 *   <li>Dynamic int8: {@code Int8PackedGemm}, the product on a weight prepared once (int16 multiplies
 *       over k-major column tiles; its comment says why the Vector API cannot reach a VNNI dot-product
 *       instruction), {@code Int8Gemm}, the product on B as stored, and {@code Int8Rows}, row
 *       quantization and dequantization; all equal the scalar reference exactly.</li>
 * </ul>
 */
package dev.rnn4j.kernels.vector;
