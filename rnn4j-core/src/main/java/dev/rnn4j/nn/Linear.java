package dev.rnn4j.nn;

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
        return Ops.linear(x, weight, bias);
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
