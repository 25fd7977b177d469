package dev.rnn4j.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Shape and indexing operations with gradients: adding and removing unit dimensions,
 * {@code expand} (PyTorch's broadcasting, as a copy), {@code index_select}, and the general
 * broadcast rule the element-wise operations fall back on; and, behind the {@link Ops} facade
 * (package-private here, documented there), {@code reshape}, {@code transpose}, {@code indexRows},
 * {@code narrow}, {@code cat} and {@code stack}.
 *
 * <p>{@code reshape} shares the data; the others copy. Copies go through {@link Ops#gatherBlocks}
 * (or, for {@code cat}, {@code System.arraycopy}), so the backward of each is the matching
 * scatter-add: expanding sums the gradient over the repeated positions, and a row selected twice
 * gets both gradients.
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    /**
     * {@code torch.unsqueeze(input, dim)}: the same data with a new dimension of size 1 at
     * {@code dim}, which may be negative (−1 appends).
     *
     * @param dim in [−(rank + 1), rank]
     */
    public static Tensor unsqueeze(Tensor input, int dim) {
        int[] shape = input.shape();
        int d = dim < 0 ? dim + shape.length + 1 : dim;
        if (d < 0 || d > shape.length) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " is out of range for input of shape "
                    + Shape.str(shape) + " (expected " + -(shape.length + 1) + ".." + shape.length + ")");
        }
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == d ? 1 : shape[j++];
        }
        return reshape(input, out);
    }

    /**
     * {@code torch.squeeze(input, dim)}: removes dimension {@code dim} if its size is 1 and, as in
     * PyTorch, returns the input unchanged otherwise.
     */
    public static Tensor squeeze(Tensor input, int dim) {
        int[] shape = input.shape();
        if (dim < -shape.length || dim >= shape.length) {
            throw new IllegalArgumentException("squeeze: dim " + dim + " is out of range for input of shape "
                    + Shape.str(shape) + " (expected " + -shape.length + ".." + (shape.length - 1) + ")");
        }
        int d = Shape.dim(dim, shape.length);
        return shape[d] == 1 ? reshape(input, Shape.removeDim(shape, d)) : input;
    }

    /**
     * {@code input.expand(*shape)} as a copy: dimensions of size 1 repeat to the requested size and
     * new leading dimensions are added; −1 keeps a dimension's size. For example a decoder state
     * (B, 1, H) expands to (B, S, H), which is {@code state.unsqueeze(1).repeat(1, S, 1)} of the
     * PyTorch attention tutorials. Backward sums the gradient over the repeated positions. Returns
     * the input itself when the shape does not change.
     *
     * @param shape the result's shape, of rank ≥ the input's, aligned with it at the last dimension
     */
    public static Tensor expand(Tensor input, int... shape) {
        int[] in = input.shape();
        int rank = shape.length;
        int[] target = shape.clone();
        boolean ok = rank >= in.length;
        for (int i = 1; ok && i <= in.length; i++) {
            int t = target[rank - i];
            int s = in[in.length - i];
            if (t == -1) {
                target[rank - i] = s;
            } else {
                ok = s == t || s == 1;
            }
        }
        for (int i = 0; ok && i < rank; i++) {
            ok = target[i] >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("expand: cannot expand input of shape " + Shape.str(in) + " to "
                    + Arrays.toString(shape) + " (expected each input dimension, aligned from the last, to equal "
                    + "the requested size or be 1, and no -1 in new leading dimensions)");
        }
        if (Arrays.equals(in, target)) {
            return input;
        }
        // the trailing dimensions the input already has in full move as contiguous blocks
        int k = rank;
        while (k > rank - in.length && in[in.length - (rank - k) - 1] == target[k - 1]) {
            k--;
        }
        int block = Shape.prod(target, k, rank);
        int units = Shape.prod(target, 0, k);
        int[] inStrides = Shape.strides(in);
        int[] strides = new int[k]; // block strides of the input along the first k result dimensions, 0 where repeated
        for (int i = 0; i < k; i++) {
            int j = i - (rank - in.length);
            strides[i] = j < 0 || in[j] == 1 ? 0 : inStrides[j] / Math.max(1, block);
        }
        int[] index = new int[units];
        int[] pos = new int[k];
        for (int u = 0; u < units; u++) {
            int src = 0;
            for (int i = 0; i < k; i++) {
                src += pos[i] * strides[i];
            }
            index[u] = src;
            for (int i = k - 1; i >= 0; i--) {
                if (++pos[i] < target[i]) {
                    break;
                }
                pos[i] = 0;
            }
        }
        if (block == 0) {
            return GatherOps.gatherBlocks(input, new int[0], 1, target, "expand");
        }
        return GatherOps.gatherBlocks(input, index, block, target, "expand");
    }

    /**
     * {@code torch.index_select(input, dim, index)}: the entries {@code index} of dimension
     * {@code dim}, in that order, repeats allowed. From (T, B, H) states, {@code indexSelect(h, 1, order)}
     * reorders the batch (beam search) and {@code indexSelect(h, 0, steps)} picks time steps.
     *
     * @param index positions in [0, input.size(dim))
     * @return the input's shape with {@code index.length} at {@code dim}; backward adds each selected
     *         entry's gradient back where it came from
     */
    public static Tensor indexSelect(Tensor input, int dim, int[] index) {
        int[] shape = input.shape();
        int d = Shape.dim(dim, shape.length);
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[d]) {
                throw new IllegalArgumentException("index_select: index " + index[i] + " at position " + i
                        + " is outside 0.." + (shape[d] - 1) + " (dimension " + dim + " of input " + Shape.str(shape)
                        + ")");
            }
        }
        int outer = Shape.prod(shape, 0, d);
        int inner = Shape.prod(shape, d + 1, shape.length);
        int[] outShape = shape.clone();
        outShape[d] = index.length;
        if (inner == 0) {
            return GatherOps.gatherBlocks(input, new int[0], 1, outShape, "index_select");
        }
        int[] blocks = new int[outer * index.length]; // in blocks of `inner` contiguous elements
        for (int o = 0, k = 0; o < outer; o++) {
            for (int i : index) {
                blocks[k++] = o * shape[d] + i;
            }
        }
        return GatherOps.gatherBlocks(input, blocks, inner, outShape, "index_select");
    }

    /**
     * The shape two operands broadcast to under PyTorch's rule: aligned at the last dimension, each
     * pair of sizes equal or one of them 1; missing leading dimensions count as 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static int[] broadcastShape(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int x = i <= a.length ? a[a.length - i] : 1;
            int y = i <= b.length ? b[b.length - i] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Shape.str(a) + " and " + Shape.str(b)
                        + " do not broadcast (sizes " + x + " and " + y + " at dimension " + (rank - i)
                        + " of the result; expected equal sizes or one of them 1)");
            }
            out[rank - i] = x == 1 ? y : x;
        }
        return out;
    }

    // ================================================================== behind the Ops facade

    static Tensor reshape(Tensor a, int... newShape) {
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

    static Tensor transpose(Tensor a, int dim0, int dim1) {
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

    static Tensor indexRows(Tensor a, int[] rows) {
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

    static Tensor narrow(Tensor a, int dim, int start, int length) {
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

    static Tensor cat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("cat: no tensors given");
        }
        Tensor first = parts.get(0);
        int[] shape = first.shape();
        int dm = Shape.dim(dim, shape.length);
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            Ops.requireSameDtype("cat", first, t);
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

    static Tensor stack(List<Tensor> parts, int dim) {
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
}
