/**
 * Tensors and a small, iterative autograd.
 *
 * <p>{@link dev.rnn4j.tensor.Tensor} holds float32 (or float64 for gradient checks) data,
 * row-major. {@link dev.rnn4j.tensor.Ops} lists the primitive differentiable operations, each
 * with its backward beside it; {@link dev.rnn4j.tensor.BatchOps} (batched matrix products),
 * {@link dev.rnn4j.tensor.SoftmaxOps} (softmax and log-softmax under a {@link dev.rnn4j.tensor.Mask})
 * and {@link dev.rnn4j.tensor.ShapeOps} (unsqueeze, squeeze, expand, index_select) add what
 * attention needs, and {@link dev.rnn4j.tensor.NormOps} layer normalisation, in the same style; {@link dev.rnn4j.tensor.Autograd} walks the graph with an explicit
 * stack and provides the no-grad scope. {@link dev.rnn4j.tensor.ArrayCache} (Java 21+ paths)
 * hands the large arrays of one training step (intermediate gradients, layer-internal
 * activations, the recurrent kernel's work buffers) to the next.
 */
package dev.rnn4j.tensor;
