package dev.rnn4j.tensor;

import java.util.Arrays;

/**
 * Shape operations with gradients beyond those of {@link Ops} (reshape, transpose, narrow, cat,
 * stack): adding and removing unit dimensions, {@code expand} (PyTorch's broadcasting, as a copy),
 * {@code index_select}, and the general broadcast rule the element-wise operations fall back on.
 *
 * <p>Copies go through {@link Ops#gatherBlocks}, so the backward of each is the matching
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
        return Ops.reshape(input, out);
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
        return shape[d] == 1 ? Ops.reshape(input, Shape.removeDim(shape, d)) : input;
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
}
