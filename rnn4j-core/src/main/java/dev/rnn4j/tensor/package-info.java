/**
 * Tensors and a small, iterative autograd.
 *
 * <p>{@link dev.rnn4j.tensor.Tensor} holds float32 (or float64 for gradient checks) data,
 * row-major. {@link dev.rnn4j.tensor.Ops} is the facade of the primitive differentiable
 * operations (PyTorch's functional API) and documents their contracts; the implementations, each
 * forward with its backward beside it, live in package-private classes by job: {@code ElementwiseOps}
 * (broadcasting binary, scalar and unary operations), {@code MatrixOps} (matmul, linear, the GEMM
 * dispatch by dtype), {@code ReductionOps} (sums, maximum), {@code GatherOps} (the block gather
 * behind every copying view), {@code DropoutOps} (dropout, masks), and
 * {@link dev.rnn4j.tensor.EmbeddingLookup} (the embedding's forward beside its backward).
 * {@link dev.rnn4j.tensor.BatchOps} (batched matrix products),
 * {@link dev.rnn4j.tensor.SoftmaxOps} (softmax and log-softmax under a {@link dev.rnn4j.tensor.Mask},
 * and {@code Ops.softmax} along any dimension) and {@link dev.rnn4j.tensor.ShapeOps} (unsqueeze,
 * squeeze, expand, index_select, and {@code Ops}' reshape, transpose, narrow, cat, stack) add what
 * attention needs, and {@link dev.rnn4j.tensor.NormOps} layer normalisation, in the same style;
 * {@link dev.rnn4j.tensor.Autograd} walks the graph with an explicit stack and provides the
 * no-grad scope. {@link dev.rnn4j.tensor.ArrayCache} (Java 21+ paths)
 * hands the large arrays of one training step (intermediate gradients, layer-internal
 * activations, the recurrent kernel's work buffers) to the next.
 */
package dev.rnn4j.tensor;
