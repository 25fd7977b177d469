package dev.rnn4j.quant;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

/**
 * A weight matrix (rows, cols) in int8 with one symmetric scale per row: row r stands for
 * {@code values[r, :] · scales[r]}, with {@code scales[r] = max_j |w[r, j]| / 127} and values in
 * [-127, 127] ({@link dev.rnn4j.kernels.Kernels#quantizeRowsInt8}, the rule the activations follow
 * at run time). A row of a weight (out, in) as PyTorch stores it is one output, so this is
 * PyTorch's per-channel symmetric weight quantization along the output axis. Immutable (the values
 * prepared for the kernels' products, {@link #packedFor}, are made once on first use).
 */
public final class Int8Matrix {

    private final int rows;
    private final int cols;
    private final byte[] values; // (rows, cols) row-major
    private final float[] scales; // (rows)
    private volatile Prepared prepared; // the values as the kernels in use multiply them, made on first use

    /** {@code values} prepared by {@code kernels.packInt8}, for those kernels only. */
    private record Prepared(Kernels kernels, Kernels.PackedInt8 matrix) {
    }

    private Int8Matrix(int rows, int cols, byte[] values, float[] scales) {
        this.rows = rows;
        this.cols = cols;
        this.values = values;
        this.scales = scales;
    }

    /**
     * Quantizes a float32 matrix (rows, cols).
     *
     * @throws IllegalArgumentException if {@code weight} is not a finite float32 matrix
     */
    public static Int8Matrix quantize(Tensor weight) {
        if (weight == null || weight.rank() != 2) {
            throw new IllegalArgumentException("weight: expected a matrix (rows, cols), got "
                    + (weight == null ? "null" : Shape.str(weight.shape())));
        }
        weight.checkFinite("weight");
        int rows = weight.size(0);
        int cols = weight.size(1);
        float[] w = weight.toFloatArray();
        byte[] q = new byte[rows * cols];
        float[] s = new float[rows];
        // the reference rule, so that a model quantizes the same whichever kernels are in use
        ScalarKernels.INSTANCE.quantizeRowsInt8(rows, cols, w, 0, cols, q, 0, s, 0);
        return new Int8Matrix(rows, cols, q, s);
    }

    /**
     * A matrix as stored in a quantized model file: {@code values} (rows, cols) of integers in
     * [-127, 127] held as floats (an {@code I8} tensor read by {@code SafeTensors}) and {@code scales}
     * (rows), finite and non-negative.
     *
     * @param name the tensor's name, for the messages
     * @throws IllegalArgumentException if a shape or value is out of place (the message names the tensor)
     */
    public static Int8Matrix of(String name, Tensor values, Tensor scales) {
        if (values == null || values.rank() != 2) {
            throw new IllegalArgumentException("tensor '" + name + "': expected an int8 matrix (rows, cols), got "
                    + (values == null ? "none" : "shape " + Shape.str(values.shape())));
        }
        int rows = values.size(0);
        int cols = values.size(1);
        if (scales == null || scales.rank() != 1 || scales.size(0) != rows) {
            throw new IllegalArgumentException("tensor '" + name + QuantizedWeights.SCALE_SUFFIX + "': expected shape ("
                    + rows + "), one scale per row of '" + name + "' " + Shape.str(values.shape()) + ", got "
                    + (scales == null ? "none" : "shape " + Shape.str(scales.shape())));
        }
        float[] v = values.toFloatArray();
        byte[] q = new byte[rows * cols];
        for (int i = 0; i < q.length; i++) {
            if (!(v[i] >= -127f && v[i] <= 127f)) {
                throw new IllegalArgumentException("tensor '" + name + "': element " + i + " is " + v[i]
                        + "; expected an int8 weight in [-127, 127]");
            }
            q[i] = (byte) v[i];
        }
        float[] s = scales.toFloatArray();
        for (int r = 0; r < rows; r++) {
            if (!(s[r] >= 0f) || Float.isInfinite(s[r])) {
                throw new IllegalArgumentException("tensor '" + name + QuantizedWeights.SCALE_SUFFIX + "': element " + r
                        + " is " + s[r] + "; expected a finite scale >= 0");
            }
        }
        return new Int8Matrix(rows, cols, q, s);
    }

    /** Rows: the outputs of the product. */
    public int rows() {
        return rows;
    }

    /** Columns: the inputs of the product. */
    public int cols() {
        return cols;
    }

    /** The int8 values (rows, cols), row-major; the matrix's own array, not to be changed. */
    byte[] values() {
        return values;
    }

    /** The scales (rows); the matrix's own array, not to be changed. */
    float[] scales() {
        return scales;
    }

    /**
     * The values prepared by {@code kernels} for {@link Kernels#int8GemmPacked}: made on the first call
     * and kept, since the values never change (two threads racing on the first call each make one;
     * either serves).
     */
    Kernels.PackedInt8 packedFor(Kernels kernels) {
        Prepared p = prepared;
        if (p == null || p.kernels() != kernels) {
            p = new Prepared(kernels, kernels.packInt8(rows, cols, values, 0, cols));
            prepared = p;
        }
        return p.matrix();
    }

    /** The float matrix this stands for, {@code values[r, j] · scales[r]} (rows, cols). */
    public Tensor dequantize() {
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                w[r * cols + j] = values[r * cols + j] * scales[r];
            }
        }
        return Tensor.of(w, rows, cols);
    }

    /** The int8 values as a float32 tensor (rows, cols), for {@code SafeTensors.write} as {@code I8}. */
    public Tensor valuesTensor() {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return Tensor.of(v, rows, cols);
    }

    /** The scales as a float32 tensor (rows). */
    public Tensor scalesTensor() {
        return Tensor.of(scales.clone(), rows);
    }
}
