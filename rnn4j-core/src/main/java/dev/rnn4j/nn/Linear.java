package dev.rnn4j.nn;

import dev.rnn4j.quant.QuantizedLinear;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code torch.nn.Linear}: {@code y = x · weightᵀ + bias}, weight (out, in), bias (out).
 * Default init as PyTorch: U(±1/√in) for both.
 */
public final class Linear extends Module {

    private final int inFeatures;
    private final int outFeatures;
    private Tensor weight;
    private Tensor bias;
    private QuantizedLinear int8; // the int8 form used for inference, or null

    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in and out features must be positive, got " + inFeatures
                    + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1.0 / Math.sqrt(inFeatures);
        this.weight = registerParameter("weight", Init.uniform(Tensor.zeros(outFeatures, inFeatures), -bound, bound, rng));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outFeatures), -bound, bound, rng)) : null;
    }

    /** x (..., in) → (..., out). */
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): expected input (..., "
                    + inFeatures + "), got " + dev.rnn4j.tensor.Shape.str(x.shape()));
        }
        if (int8 != null && !isTraining() && x.dtype() == DType.F32 && !Autograd.shouldRecord(x, weight, bias)) {
            return int8.forward(x);
        }
        return Ops.linear(x, weight, bias);
    }

    /**
     * Runs inference through {@code quantized} from now on (null: back to float): in evaluation mode,
     * on float32 input, whenever no gradient is recorded. Training, gradients (explanations) and
     * float64 keep the float path on this layer's parameters, which a loaded quantized model holds
     * dequantized ({@link dev.rnn4j.quant.QuantizedWeights}).
     */
    public void useInt8(QuantizedLinear quantized) {
        if (quantized != null && (quantized.weight().rows() != outFeatures || quantized.weight().cols() != inFeatures)) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): int8 weight is ("
                    + quantized.weight().rows() + ", " + quantized.weight().cols() + ")");
        }
        this.int8 = quantized;
    }

    /** The int8 form in use, or null. */
    public QuantizedLinear int8() {
        return int8;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected void onParametersReplaced() {
        weight = parameter("weight");
        bias = parameter("bias");
    }
}
