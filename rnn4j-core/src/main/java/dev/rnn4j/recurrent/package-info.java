/**
 * Fused recurrent sequence kernels: one autograd node per layer and direction, with the input
 * projections of all steps in one GEMM, one GEMM plus one fused gate pass per step, and weight
 * gradients gathered into a few large GEMMs. Variable-length batches follow PyTorch's packed
 * sequences exactly.
 */
package dev.rnn4j.recurrent;
