package dev.rnn4j.tensor;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;

import java.util.Arrays;
import java.util.List;


/**
 * The primitive differentiable operations. Each is a static method that computes the result and
 * records a {@link Node} whose {@code backward} is written right beside it.
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
        int[] shape = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension can be -1, got "
                            + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0 && known > 0) {
            shape[infer] = a.numel() / known;
        }
        if (Shape.size(shape) != a.numel()) {
            throw new IllegalArgumentException("reshape: cannot view " + Shape.str(a.shape()) + " ("
                    + a.numel() + " elements) as " + Arrays.toString(newShape));
        }
        Tensor out = a.f() != null ? Tensor.of(a.f(), shape) : Tensor.of(a.d(), shape);
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "reshape";
            }

            @Override
            protected void backward(Tensor[] g) {
                gradOf(input(0)).addInPlace(g[0]);
            }
        }, out);
    }

    /** Swaps dimensions {@code dim0} and {@code dim1} (copies). */
    public static Tensor transpose(Tensor a, int dim0, int dim1) {
        int[] shape = a.shape();
        int d0 = Shape.dim(dim0, shape.length);
        int d1 = Shape.dim(dim1, shape.length);
        if (d0 == d1) {
            return a;
        }
        int[] outShape = shape.clone();
        outShape[d0] = shape[d1];
        outShape[d1] = shape[d0];
        // dimensions after the later of the two are untouched: move them as contiguous blocks
        int last = Math.max(d0, d1);
        int block = Shape.prod(shape, last + 1, shape.length);
        int[] unitShape = java.util.Arrays.copyOf(shape, last + 1);
        int[] unitOut = java.util.Arrays.copyOf(outShape, last + 1);
        int units = Shape.prod(unitShape, 0, unitShape.length);
        int[] perm = new int[units]; // out block index → a block index
        int[] inStrides = Shape.strides(unitShape);
        int[] idx = new int[unitShape.length];
        for (int o = 0; o < units; o++) {
            int src = 0;
            for (int i = 0; i < unitShape.length; i++) {
                int axis = i == d0 ? d1 : (i == d1 ? d0 : i);
                src += idx[i] * inStrides[axis];
            }
            perm[o] = src;
            for (int i = unitShape.length - 1; i >= 0; i--) {
                if (++idx[i] < unitOut[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return GatherOps.gatherBlocks(a, perm, block, outShape, "transpose");
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
        int c = a.size(-1);
        int r = a.numel() / Math.max(1, c);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= r) {
                throw new IllegalArgumentException("indexRows: row " + rows[i] + " at position " + i
                        + " is outside 0.." + (r - 1));
            }
        }
        return GatherOps.gatherBlocks(a, rows.clone(), c, new int[] {rows.length, c}, "index_rows");
    }

    /** The slice [start, start + length) of dimension {@code dim} (a copy). */
    public static Tensor narrow(Tensor a, int dim, int start, int length) {
        int[] shape = a.shape();
        int dm = Shape.dim(dim, shape.length);
        if (start < 0 || length < 0 || start + length > shape[dm]) {
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is outside dimension "
                    + dim + " of size " + shape[dm]);
        }
        int outer = Shape.prod(shape, 0, dm);
        int inner = Shape.prod(shape, dm + 1, shape.length);
        int[] outShape = shape.clone();
        outShape[dm] = length;
        if (inner == 0) {
            return GatherOps.gatherBlocks(a, new int[0], 1, outShape, "narrow");
        }
        int[] index = new int[outer * length]; // in blocks of `inner` contiguous elements
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < length; l++) {
                index[k++] = o * shape[dm] + start + l;
            }
        }
        return GatherOps.gatherBlocks(a, index, inner, outShape, "narrow");
    }

    /** Concatenation along an existing dimension. */
    public static Tensor cat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("cat: no tensors given");
        }
        Tensor first = parts.get(0);
        int[] shape = first.shape();
        int dm = Shape.dim(dim, shape.length);
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            requireSameDtype("cat", first, t);
            int[] s = t.shape();
            boolean ok = s.length == shape.length;
            for (int i = 0; ok && i < s.length; i++) {
                ok = i == dm || s[i] == shape[i];
            }
            if (!ok) {
                throw new IllegalArgumentException("cat: tensor " + p + " has shape " + Shape.str(s)
                        + ", expected " + Shape.str(shape) + " except in dimension " + dim);
            }
            total += s[dm];
        }
        int outer = Shape.prod(shape, 0, dm);
        int inner = Shape.prod(shape, dm + 1, shape.length);
        int[] outShape = shape.clone();
        outShape[dm] = total;
        Tensor out = Tensor.zeros(first.dtype(), outShape);
        Object dst = out.data();
        int offset = 0;
        for (Tensor t : parts) {
            int len = t.size(dm);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data(), o * len * inner, dst, (o * total + offset) * inner, len * inner);
            }
            offset += len;
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        int totalLen = total;
        return Autograd.record(new Node(inputs) {
            @Override
            public String name() {
                return "cat";
            }

            @Override
            protected void backward(Tensor[] g) {
                int off = 0;
                for (int p = 0; p < inputs.length; p++) {
                    int len = inputs[p].size(dm);
                    if (needsGrad(p)) {
                        Tensor gp = gradOf(inputs[p]);
                        for (int o = 0; o < outer; o++) {
                            int src = (o * totalLen + off) * inner;
                            int dstOff = o * len * inner;
                            for (int i = 0; i < len * inner; i++) {
                                gp.setFlat(dstOff + i, gp.getFlat(dstOff + i) + g[0].getFlat(src + i));
                            }
                        }
                    }
                    off += len;
                }
            }
        }, out);
    }

    /** Stacks equal-shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int[] shape = parts.get(0).shape();
        int dm = dim < 0 ? dim + shape.length + 1 : dim;
        if (dm < 0 || dm > shape.length) {
            throw new IllegalArgumentException("stack: dimension " + dim + " is out of range for rank " + shape.length);
        }
        int[] expanded = new int[shape.length + 1];
        for (int i = 0, j = 0; i < expanded.length; i++) {
            expanded[i] = i == dm ? 1 : shape[j++];
        }
        List<Tensor> views = new java.util.ArrayList<>(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            if (!Arrays.equals(parts.get(p).shape(), shape)) {
                throw new IllegalArgumentException("stack: tensor " + p + " has shape " + Shape.str(parts.get(p).shape())
                        + ", expected " + Shape.str(shape));
            }
            views.add(reshape(parts.get(p), expanded));
        }
        return cat(views, dm);
    }

    // ================================================================== softmax

    /** Softmax (or log-softmax) along {@code dim}, computed stably. */
    public static Tensor softmax(Tensor a, int dim, boolean log) {
        int[] shape = a.shape();
        int dm = Shape.dim(dim, shape.length);
        int outer = Shape.prod(shape, 0, dm);
        int len = shape[dm];
        int inner = Shape.prod(shape, dm + 1, shape.length);
        Tensor out = a.zerosLike();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    max = Math.max(max, a.getFlat(base + l * inner));
                }
                double sum = 0;
                for (int l = 0; l < len; l++) {
                    sum += Math.exp(a.getFlat(base + l * inner) - max);
                }
                double logSum = Math.log(sum) + max;
                for (int l = 0; l < len; l++) {
                    double ls = a.getFlat(base + l * inner) - logSum;
                    out.setFlat(base + l * inner, log ? ls : Math.exp(ls));
                }
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return log ? "log_softmax" : "softmax";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        int base = o * len * inner + i;
                        double dot = 0;
                        for (int l = 0; l < len; l++) {
                            int idx = base + l * inner;
                            dot += log ? g[0].getFlat(idx) : g[0].getFlat(idx) * out.getFlat(idx);
                        }
                        for (int l = 0; l < len; l++) {
                            int idx = base + l * inner;
                            double y = out.getFlat(idx);
                            double gi = g[0].getFlat(idx);
                            double d = log ? gi - Math.exp(y) * dot : y * (gi - dot);
                            ga.setFlat(idx, ga.getFlat(idx) + d);
                        }
                    }
                }
            }
        }, out);
    }

    // ================================================================== embedding and dropout

    /**
     * Embedding lookup: {@code weight (V, E)}, token ids of any shape S → (S..., E). Rows equal to
     * {@code paddingIdx} (if ≥ 0) get no gradient. Backward touches only the rows used.
     */
    public static Tensor embedding(Tensor weight, int[] ids, int[] idsShape, int paddingIdx) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding: expected weight (V, E), got " + Shape.str(weight.shape()));
        }
        int vocab = weight.size(0);
        int dim = weight.size(1);
        if (Shape.size(idsShape) != ids.length) {
            throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill shape "
                    + Shape.str(idsShape));
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("embedding: token id " + ids[i] + " at position " + i
                        + " is outside the vocabulary 0.." + (vocab - 1));
            }
        }
        int[] outShape = Arrays.copyOf(idsShape, idsShape.length + 1);
        outShape[idsShape.length] = dim;
        Tensor out = Tensor.zeros(weight.dtype(), outShape);
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(weight.data(), ids[i] * dim, out.data(), i * dim, dim);
        }
        return Autograd.record(new EmbeddingLookup(weight, ids, idsShape, paddingIdx), out);
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
        if (p < 0 || p >= 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return a;
        }
        int n = a.numel();
        float[] mask = ArrayCache.takeOrAllocate(n, false); // every element written below
        float keepScale = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() >= p ? keepScale : 0f;
        }
        Tensor out = applyMask(a, mask, "dropout", true);
        if (out.gradFn() == null) {
            ArrayCache.give(mask); // no backward will read it
        }
        return out;
    }

    /**
     * {@code out[i] = a[i] · mask[i % mask.length]}: the mask repeats every {@code mask.length}
     * elements, so one mask can be shared over leading dimensions (variational dropout). The
     * caller keeps the mask; it must not change it before the backward pass.
     */
    public static Tensor applyMask(Tensor a, float[] mask, String name) {
        return applyMask(a, mask, name, false);
    }

    /** As {@link #applyMask(Tensor, float[], String)}; {@code ownsMask}: the mask goes back to ArrayCache after backward. */
    private static Tensor applyMask(Tensor a, float[] mask, String name, boolean ownsMask) {
        int n = a.numel();
        int m = mask.length;
        if (m == 0 || n % m != 0) {
            throw new IllegalArgumentException(name + ": mask of " + m + " elements does not tile " + n);
        }
        Tensor out = a.zerosLike();
        multiplyTiled(a, mask, out, false);
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                multiplyTiled(g[0], mask, gradOf(input(0)), true);
            }

            @Override
            protected void release() {
                if (ownsMask) {
                    ArrayCache.give(mask);
                }
            }
        }, out);
    }

    /**
     * {@code dst (+)= src ⊙ mask}, the mask tiled over src: block by block rather than
     * {@code i % m} per element, so the inner loop vectorises.
     */
    private static void multiplyTiled(Tensor src, float[] mask, Tensor dst, boolean accumulate) {
        int n = src.numel();
        int m = mask.length;
        if (src.f() != null) {
            float[] x = src.f();
            float[] y = dst.f();
            for (int base = 0; base < n; base += m) {
                for (int j = 0; j < m; j++) {
                    float v = x[base + j] * mask[j];
                    y[base + j] = accumulate ? y[base + j] + v : v;
                }
            }
        } else {
            double[] x = src.d();
            double[] y = dst.d();
            for (int base = 0; base < n; base += m) {
                for (int j = 0; j < m; j++) {
                    double v = x[base + j] * mask[j];
                    y[base + j] = accumulate ? y[base + j] + v : v;
                }
            }
        }
    }
}
