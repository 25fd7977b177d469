package dev.rnn4j.tensor;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;

import java.util.List;

/**
 * The primitive differentiable operations, PyTorch's functional API for {@link Tensor}. Each is a
 * static method that computes the result and records a {@link Node} whose {@code backward} is
 * written right beside its forward.
 *
 * <p>This class is the facade every caller uses, and it documents the contracts. The
 * implementations live in package-private classes, one per job: {@code ElementwiseOps} (the
 * broadcasting binary, scalar and unary operations), {@code MatrixOps} ({@code matmul},
 * {@code linear} and the GEMM dispatch), {@code ReductionOps} (sums and maximum),
 * {@link ShapeOps} (reshape, transpose, narrow, cat, stack, indexRows), {@code GatherOps} (the
 * block gather behind the copying views), {@link SoftmaxOps} (softmax along a dimension),
 * {@link EmbeddingLookup} (the embedding lookup) and {@code DropoutOps} (dropout and masks).
 *
 * <p>Element-wise binary operations broadcast as PyTorch does. When one operand's shape is a
 * suffix of the other's ({@code (N, F) + (F)}, a bias) or one operand has a single element, they
 * index it in place; otherwise ({@code (B, S, H) + (B, 1, H)}) they first {@link ShapeOps#expand}
 * both operands to the common shape. Float32 work goes
 * through {@link KernelProvider#get()} where a kernel exists; float64 (gradient checks) through
 * {@link ScalarKernels}.
 */
public final class Ops {

    private Ops() {
    }

    /** The dtype check the implementations share: both operands float32 or both float64. */
    static void requireSameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ, " + a.dtype() + " and " + b.dtype());
        }
    }

    // ================================================================== broadcasting binary ops

    public static Tensor add(Tensor a, Tensor b) {
        return ElementwiseOps.add(a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return ElementwiseOps.sub(a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return ElementwiseOps.mul(a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return ElementwiseOps.div(a, b);
    }

    /** {@code a · s} for a constant s. */
    public static Tensor scale(Tensor a, double s) {
        return ElementwiseOps.scale(a, s);
    }

    /** {@code a + s} for a constant s. */
    public static Tensor addScalar(Tensor a, double s) {
        return ElementwiseOps.addScalar(a, s);
    }

    // ================================================================== unary

    public static Tensor tanh(Tensor a) {
        return ElementwiseOps.tanh(a);
    }

    public static Tensor sigmoid(Tensor a) {
        return ElementwiseOps.sigmoid(a);
    }

    public static Tensor relu(Tensor a) {
        return ElementwiseOps.relu(a);
    }

    public static Tensor exp(Tensor a) {
        return ElementwiseOps.exp(a);
    }

    public static Tensor log(Tensor a) {
        return ElementwiseOps.log(a);
    }

    public static Tensor abs(Tensor a) {
        return ElementwiseOps.abs(a);
    }

    // ================================================================== matrix products

    /**
     * {@code a (..., K) · b (K, N) → (..., N)}. The leading dimensions of a are flattened into
     * rows, so a batch of sequences multiplies one weight matrix in a single GEMM.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return MatrixOps.matmul(a, b);
    }

    /**
     * PyTorch's {@code F.linear}: {@code x (..., in) · wᵀ + bias}, with w (out, in) and bias (out)
     * or null.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        return MatrixOps.linear(x, w, bias);
    }

    // ================================================================== reductions

    /** Sum of every element, a rank-0 tensor. */
    public static Tensor sumAll(Tensor a) {
        return ReductionOps.sumAll(a);
    }

    /** Sum over {@code dim}, which is removed. */
    public static Tensor sumDim(Tensor a, int dim) {
        return ReductionOps.sumDim(a, dim);
    }

    /** Maximum over {@code dim}, which is removed; the gradient flows to the first maximal element. */
    public static Tensor maxDim(Tensor a, int dim) {
        return ReductionOps.maxDim(a, dim);
    }

    // ================================================================== shape

    /** Same data, new shape (no copy); -1 infers one dimension. */
    public static Tensor reshape(Tensor a, int... newShape) {
        return ShapeOps.reshape(a, newShape);
    }

    /** Swaps dimensions {@code dim0} and {@code dim1} (copies). */
    public static Tensor transpose(Tensor a, int dim0, int dim1) {
        return ShapeOps.transpose(a, dim0, dim1);
    }

    /** {@code out.flat[i] = a.flat[index[i]]}; backward scatters. The general copy behind views. */
    public static Tensor gather(Tensor a, int[] index, int[] outShape, String name) {
        return GatherOps.gather(a, index, outShape, name);
    }

    /**
     * Block gather: block i of the output ({@code block} contiguous elements) is block
     * {@code index[i]} of {@code a}; backward adds each block back where it came from. Copies go
     * through {@code System.arraycopy} and the gradient through {@code axpy}, so transposes that
     * keep the last dimension cost a memory copy.
     */
    public static Tensor gatherBlocks(Tensor a, int[] index, int block, int[] outShape, String name) {
        return GatherOps.gatherBlocks(a, index, block, outShape, name);
    }

    /**
     * Rows of a matrix view: {@code a} seen as (R, C) with C its last dimension, rows picked by
     * {@code rows} → (rows.length, C). Used to take each sequence's last valid step.
     */
    public static Tensor indexRows(Tensor a, int[] rows) {
        return ShapeOps.indexRows(a, rows);
    }

    /** The slice [start, start + length) of dimension {@code dim} (a copy). */
    public static Tensor narrow(Tensor a, int dim, int start, int length) {
        return ShapeOps.narrow(a, dim, start, length);
    }

    /** Concatenation along an existing dimension. */
    public static Tensor cat(List<Tensor> parts, int dim) {
        return ShapeOps.cat(parts, dim);
    }

    /** Stacks equal-shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> parts, int dim) {
        return ShapeOps.stack(parts, dim);
    }

    // ================================================================== softmax

    /** Softmax (or log-softmax) along {@code dim}, computed stably. */
    public static Tensor softmax(Tensor a, int dim, boolean log) {
        return SoftmaxOps.alongDim(a, dim, log);
    }

    // ================================================================== embedding and dropout

    /**
     * Embedding lookup: {@code weight (V, E)}, token ids of any shape S → (S..., E). Rows equal to
     * {@code paddingIdx} (if ≥ 0) get no gradient. Backward touches only the rows used.
     */
    public static Tensor embedding(Tensor weight, int[] ids, int[] idsShape, int paddingIdx) {
        return EmbeddingLookup.forward(weight, ids, idsShape, paddingIdx);
    }

    /**
     * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1−p).
     * Identity when p is 0.
     *
     * <p>The mask, as large as {@code a}, lives from this forward to its backward; it comes from
     * {@link ArrayCache} and goes back there once the backward pass has used it (at once when no
     * graph is recorded), so that a training step with dropout leaves no mask for the collector.
     */
    public static Tensor dropout(Tensor a, double p, Rng rng) {
        return DropoutOps.dropout(a, p, rng);
    }

    /**
     * {@code out[i] = a[i] · mask[i % mask.length]}: the mask repeats every {@code mask.length}
     * elements, so one mask can be shared over leading dimensions (variational dropout). The
     * caller keeps the mask; it must not change it before the backward pass.
     */
    public static Tensor applyMask(Tensor a, float[] mask, String name) {
        return DropoutOps.applyMask(a, mask, name);
    }
}
