/**
 * Tensors and a small, iterative autograd.
 *
 * <p>{@link dev.rnn4j.tensor.Tensor} holds float32 (or float64 for gradient checks) data,
 * row-major. {@link dev.rnn4j.tensor.Ops} lists the primitive differentiable operations, each
 * with its backward beside it; {@link dev.rnn4j.tensor.Autograd} walks the graph with an explicit
 * stack and provides the no-grad scope.
 */
package dev.rnn4j.tensor;
