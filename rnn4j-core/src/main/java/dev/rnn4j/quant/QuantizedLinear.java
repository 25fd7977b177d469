package dev.rnn4j.quant;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.tensor.Tensor;

/**
 * The int8 form of a {@link Linear}: {@code y = x · Wᵀ + bias} with W (out, in) an {@link Int8Matrix},
 * x quantized per row at run time, the bias in float. Inference only; immutable and thread-safe
 * (each call works in arrays of its own).
 */
public final class QuantizedLinear {

    private final Int8Matrix weight;
    private final float[] bias; // (out) or null

    /**
     * @param weight (out, in) int8
     * @param bias   (out) or null for none
     */
    public QuantizedLinear(Int8Matrix weight, Tensor bias) {
        if (weight == null) {
            throw new IllegalArgumentException("weight: expected an int8 matrix, got null");
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != weight.rows())) {
            throw new IllegalArgumentException("bias: expected shape (" + weight.rows() + "), got "
                    + dev.rnn4j.tensor.Shape.str(bias.shape()));
        }
        this.weight = weight;
        this.bias = bias == null ? null : bias.toFloatArray();
    }

    /** The int8 form of {@code linear}'s current weight and bias (a snapshot). */
    public static QuantizedLinear quantize(Linear linear) {
        return new QuantizedLinear(Int8Matrix.quantize(linear.weight()), linear.bias());
    }

    /** x (..., in) → (..., out); x float32, checked by the caller ({@link Linear#forward}). */
    public Tensor forward(Tensor x) {
        int in = weight.cols();
        int out = weight.rows();
        int rows = x.numel() / in;
        float[] y = new float[rows * out];
        new Int8Products().project(KernelProvider.get(), rows, x.toFloatArray(), 0, in, weight, bias, 0f, y, 0, out);
        int[] shape = x.shape().clone();
        shape[shape.length - 1] = out;
        return Tensor.of(y, shape);
    }

    /** The int8 weight (out, in). */
    public Int8Matrix weight() {
        return weight;
    }
}
