package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, 2011) exactly as {@code torch.optim.Adagrad} (PyTorch 1.13,
 * dense gradients).
 *
 * <p>For each parameter with a gradient g at step t (counted per parameter, from 1):
 * <pre>
 *   g   = g + weight_decay * p                  (if weight_decay != 0)
 *   clr = lr / (1 + (t - 1) * lr_decay)
 *   sum = sum + g * g
 *   p   = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * As in PyTorch, every parameter's state exists from construction: {@code sum} filled with
 * {@code initial_accumulator_value} and step 0. Defaults as PyTorch: lr 0.01, lr decay 0, weight
 * decay 0, initial accumulator 0, eps 1e-10.
 */
public final class Adagrad extends Optimizer {

    static final String SUM = "sum";

    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    /** Adagrad with all of PyTorch's defaults (lr 0.01). */
    public Adagrad(List<Tensor> params) {
        this(params, 0.01);
    }

    /** Adagrad with PyTorch's defaults and learning rate {@code lr}. */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, lr, 0.0, 0.0, 0.0, 1e-10);
    }

    /**
     * @throws IllegalArgumentException if lr, lrDecay, weightDecay, initialAccumulatorValue or eps is
     *                                  negative or not finite (the message names it)
     */
    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay,
            double initialAccumulatorValue, double eps) {
        super(params, lr);
        checkNonNegative("lr_decay", lrDecay);
        checkNonNegative("weight_decay", weightDecay);
        checkNonNegative("initial_accumulator_value", initialAccumulatorValue);
        checkNonNegative("eps", eps);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.eps = eps;
        for (int i = 0; i < params.size(); i++) {
            initState(i);
        }
    }

    @Override
    public String name() {
        return "Adagrad";
    }

    public double lrDecay() {
        return lrDecay;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(SUM);
    }

    @Override
    protected double initialBufferValue(String name) {
        return initialAccumulatorValue;
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return ordered("lr_decay", fmt(lrDecay), "weight_decay", fmt(weightDecay), "initial_accumulator_value",
                fmt(initialAccumulatorValue), "eps", fmt(eps));
    }

    @Override
    protected void afterLoad() {
        // Adagrad state always exists; parameters the saved state did not cover start afresh
        for (int i = 0; i < parameters().size(); i++) {
            if (!hasState(i)) {
                initState(i);
            }
        }
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        long step = stepCount(index);
        double clr = learningRate() / (1 + (step - 1) * lrDecay);
        if (param.f() != null) {
            updateF(param.f(), grad.f(), buffer(index, SUM).f(), (float) weightDecay, weightDecay != 0, (float) eps,
                    (float) -clr);
        } else {
            updateD(param.d(), grad.d(), buffer(index, SUM).d(), weightDecay, weightDecay != 0, eps, -clr);
        }
    }

    // p, g, sum: (numel) each
    private static void updateF(float[] p, float[] g, float[] sum, float weightDecay, boolean decay, float eps,
            float negClr) {
        for (int k = 0; k < p.length; k++) {
            float gk = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            float s = Math.fma(gk, gk, sum[k]);
            sum[k] = s;
            float std = (float) Math.sqrt(s) + eps;
            p[k] = p[k] + negClr * gk / std;
        }
    }

    private static void updateD(double[] p, double[] g, double[] sum, double weightDecay, boolean decay, double eps,
            double negClr) {
        for (int k = 0; k < p.length; k++) {
            double gk = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            double s = Math.fma(gk, gk, sum[k]);
            sum[k] = s;
            double std = Math.sqrt(s) + eps;
            p[k] = p[k] + negClr * gk / std;
        }
    }
}
