package dev.rnn4j.nn;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.NormOps;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)}: normalises the
 * trailing {@code normalizedShape} dimensions of its input to zero mean and unit (biased) variance,
 * then applies {@code weight} and {@code bias} element-wise (equations in {@link NormOps}).
 *
 * <p>Parameters, when {@code elementwiseAffine}: {@code weight} (normalizedShape), initialised to
 * ones, and {@code bias} (normalizedShape), initialised to zeros, as PyTorch. Without them the
 * module has no parameters.
 */
public final class LayerNorm extends Module {

    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-5;

    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;
    private Tensor weight;
    private Tensor bias;

    /** {@code nn.LayerNorm(normalized_shape)} with eps 1e-5 and weight and bias. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, DEFAULT_EPS, true);
    }

    /**
     * @param normalizedShape   the trailing dimensions normalised together, each ≥ 1
     * @param eps               added to the variance, &gt; 0
     * @param elementwiseAffine whether to learn {@code weight} and {@code bias}
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must name at least one dimension");
        }
        for (int d : normalizedShape) {
            if (d < 1) {
                throw new IllegalArgumentException("LayerNorm: normalizedShape sizes must be ≥ 1, got "
                        + dev.rnn4j.tensor.Shape.str(normalizedShape));
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be > 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            weight = registerParameter("weight", Tensor.full(DType.F32, 1.0, normalizedShape));
            bias = registerParameter("bias", Tensor.zeros(normalizedShape));
        }
    }

    /** x (..., *normalizedShape) → the same shape. */
    public Tensor forward(Tensor x) {
        return NormOps.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** The scale (normalizedShape), or null without elementwise affine. */
    public Tensor weight() {
        return weight;
    }

    /** The shift (normalizedShape), or null without elementwise affine. */
    public Tensor bias() {
        return bias;
    }

    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    public double eps() {
        return eps;
    }

    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

    @Override
    protected void onParametersReplaced() {
        weight = parameter("weight");
        bias = parameter("bias");
    }
}
