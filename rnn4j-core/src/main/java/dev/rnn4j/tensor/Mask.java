package dev.rnn4j.tensor;

import java.util.Objects;

/**
 * Which positions of a score tensor take part in a softmax: {@code true} keeps a position,
 * {@code false} masks it out, as the boolean {@code mask} of the common PyTorch attention code
 * ({@code scores.masked_fill(mask == 0, -1e10)}).
 *
 * <p>The mask's shape broadcasts over the scores as in PyTorch: aligned at the last dimension,
 * each mask dimension equals the scores' or is 1, and missing leading dimensions repeat. A (B, S)
 * source-padding mask therefore applies to (B, S) additive-attention scores, and a (B, 1, S) one to
 * (B, T, S) scores of all T decoder steps at once.
 */
public final class Mask {

    private final boolean[] keep;
    private final int[] shape;

    private Mask(boolean[] keep, int[] shape) {
        this.keep = keep;
        this.shape = shape;
    }

    /**
     * A mask of the given shape over row-major {@code keep} values (copied).
     *
     * @throws IllegalArgumentException if {@code keep.length} is not the number of elements of {@code shape}
     */
    public static Mask of(boolean[] keep, int... shape) {
        Objects.requireNonNull(keep, "keep");
        int n = Shape.size(shape);
        if (keep.length != n) {
            throw new IllegalArgumentException("Mask.of: keep has " + keep.length + " values but shape "
                    + Shape.str(shape) + " needs " + n);
        }
        return new Mask(keep.clone(), shape.clone());
    }

    /**
     * The padding mask of a batch of sequences: shape (B, steps), position (b, s) kept when
     * {@code s < lengths[b]} (PyTorch: {@code arange(steps)[None, :] < lengths[:, None]}).
     *
     * @param lengths B lengths, each in [0, steps]
     */
    public static Mask fromLengths(int[] lengths, int steps) {
        Objects.requireNonNull(lengths, "lengths");
        if (steps < 0) {
            throw new IllegalArgumentException("Mask.fromLengths: steps must be ≥ 0, got " + steps);
        }
        boolean[] keep = new boolean[Shape.size(lengths.length, steps)];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("Mask.fromLengths: length " + lengths[b] + " of sequence " + b
                        + " is outside 0.." + steps);
            }
            java.util.Arrays.fill(keep, b * steps, b * steps + lengths[b], true);
        }
        return new Mask(keep, new int[] {lengths.length, steps});
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Whether the element at flat (row-major) index {@code i} of the mask is kept. */
    public boolean keepsFlat(int i) {
        return keep[i];
    }

    /**
     * For each row of a tensor of shape {@code target} (its last dimension is a row), the flat
     * index in this mask of the row's first element; {@link #rowStride(int[])} steps along the row.
     *
     * @throws IllegalArgumentException (naming {@code op}) if the mask does not broadcast to {@code target}
     */
    int[] rowOffsets(String op, int[] target) {
        requireBroadcastsTo(op, target);
        int rank = target.length;
        int rows = Shape.prod(target, 0, rank - 1);
        int[] strides = broadcastStrides(rank);
        int[] offsets = new int[rows];
        int[] index = new int[Math.max(0, rank - 1)];
        for (int r = 0; r < rows; r++) {
            int off = 0;
            for (int d = 0; d < rank - 1; d++) {
                off += index[d] * strides[d];
            }
            offsets[r] = off;
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < target[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return offsets;
    }

    /** Flat step in this mask between neighbours of a row of {@code target}: 1, or 0 when broadcast. */
    int rowStride(int[] target) {
        return broadcastStrides(target.length)[target.length - 1];
    }

    /** Strides of this mask laid against a tensor of rank {@code rank}: 0 along broadcast dimensions. */
    private int[] broadcastStrides(int rank) {
        int[] own = Shape.strides(shape);
        int[] strides = new int[rank];
        for (int i = 1; i <= shape.length; i++) {
            strides[rank - i] = shape[shape.length - i] == 1 ? 0 : own[shape.length - i];
        }
        return strides;
    }

    private void requireBroadcastsTo(String op, int[] target) {
        boolean ok = target.length >= 1 && shape.length <= target.length;
        for (int i = 1; ok && i <= shape.length; i++) {
            int m = shape[shape.length - i];
            ok = m == 1 || m == target[target.length - i];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": mask of shape " + Shape.str(shape)
                    + " does not broadcast to the input's shape " + Shape.str(target)
                    + " (expected each mask dimension, aligned from the last, to equal the input's or be 1)");
        }
    }
}
