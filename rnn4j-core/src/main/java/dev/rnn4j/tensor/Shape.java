package dev.rnn4j.tensor;

import java.util.Arrays;

/** Helpers for shapes given as {@code int[]} (row-major, last dimension contiguous). */
public final class Shape {
    private Shape() {
    }

    /** Number of elements; rejects negative dimensions and overflow past {@code int}. */
    public static int size(int... shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimension " + i
                        + " is negative");
            }
            n *= shape[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + (Integer.MAX_VALUE - 8) + " elements");
            }
        }
        return (int) n;
    }

    /** Shape as PyTorch prints it: {@code (2, 3, 4)}. */
    public static String str(int... shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Normalises a possibly negative dimension index against a rank. */
    public static int dim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("dimension " + dim + " is out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** Product of dimensions [from, to). */
    public static int prod(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** {@code shape} without dimension {@code dim}. */
    static int[] removeDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != dim) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** Row-major strides of {@code shape}, in elements: the last dimension is contiguous. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }
}
