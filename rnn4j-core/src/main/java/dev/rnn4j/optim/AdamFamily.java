package dev.rnn4j.optim;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam's update, shared by {@link Adam} (L2 weight decay added to the gradient) and {@link AdamW}
 * (decoupled weight decay applied to the parameter first). The element loops reproduce PyTorch
 * 1.13's {@code _single_tensor_adam}/{@code _single_tensor_adamw} on the CPU: {@code add(x, alpha)}
 * and {@code addcmul} are fused multiply-adds there (measured against PyTorch: plain multiply-then-add
 * differs in about one element in six), {@code addcdiv} and the division by the bias correction are not.
 */
abstract class AdamFamily extends Optimizer {

    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    AdamFamily(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean decoupled) {
        super(params, lr);
        checkUnitInterval("beta1", beta1);
        checkUnitInterval("beta2", beta2);
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    public final double beta1() {
        return beta1;
    }

    public final double beta2() {
        return beta2;
    }

    public final double eps() {
        return eps;
    }

    public final double weightDecay() {
        return weightDecay;
    }

    public final boolean amsgrad() {
        return amsgrad;
    }

    @Override
    protected final List<String> bufferNames() {
        return amsgrad ? List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ) : List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected final Map<String, String> hyperParameters() {
        return ordered("beta1", fmt(beta1), "beta2", fmt(beta2), "eps", fmt(eps), "weight_decay", fmt(weightDecay),
                "amsgrad", Boolean.toString(amsgrad));
    }

    @Override
    protected final void update(int index, Tensor param, Tensor grad) {
        double lr = learningRate();
        long step = stepCount(index);
        // scalars in double, as Python computes them. Math.pow, not StrictMath: measured over betas
        // {0.5 .. 0.9999} and steps 1..1e5, HotSpot's pow (Java 17 and 25) differs from glibc's (what
        // Python's ** calls) in 0.04 % of cases, fdlibm's StrictMath.pow in 3 %.
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        double decay = decoupled ? 1 - lr * weightDecay : 1.0;
        double l2 = decoupled ? 0.0 : weightDecay;
        Tensor maxSq = amsgrad ? buffer(index, MAX_EXP_AVG_SQ) : null;
        if (param.f() != null) {
            float[] p = param.f();
            float[] g = grad.f();
            float[] m = buffer(index, EXP_AVG).f();
            float[] v = buffer(index, EXP_AVG_SQ).f();
            float[] vMax = maxSq == null ? null : maxSq.f();
            boolean applyDecay = decoupled && weightDecay != 0;
            // every element on its own: a large parameter (an embedding table) is cut into one range per
            // kernel thread, the same floats on any thread count
            Kernels kernels = KernelProvider.get();
            int parts = p.length >= SPLIT_MIN_ELEMENTS ? kernels.partThreads() : 1;
            if (parts > 1) {
                kernels.runParts(parts, part -> updateF(p, g, m, v, vMax, (int) ((long) p.length * part / parts),
                        (int) ((long) p.length * (part + 1) / parts), (float) decay, applyDecay, (float) l2, l2 != 0,
                        (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                        (float) biasCorrection2Sqrt, (float) eps, (float) -stepSize));
            } else {
                updateF(p, g, m, v, vMax, 0, p.length, (float) decay, applyDecay, (float) l2, l2 != 0, (float) beta1,
                        (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) biasCorrection2Sqrt,
                        (float) eps, (float) -stepSize);
            }
        } else {
            updateD(param.d(), grad.d(), buffer(index, EXP_AVG).d(), buffer(index, EXP_AVG_SQ).d(),
                    maxSq == null ? null : maxSq.d(), decay, decoupled && weightDecay != 0, l2, l2 != 0, beta1,
                    1 - beta1, beta2, 1 - beta2, biasCorrection2Sqrt, eps, -stepSize);
        }
    }

    /** Parameters from this many elements are updated in one range per kernel thread (a few hundred µs of work). */
    private static final int SPLIT_MIN_ELEMENTS = 1 << 18;

    // p, g, m (exp_avg), v (exp_avg_sq), vMax: (numel) each; elements [from, to)
    private static void updateF(float[] p, float[] g, float[] m, float[] v, float[] vMax, int from, int to,
            float decay, boolean applyDecay, float l2, boolean applyL2, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float biasCorrection2Sqrt, float eps, float negStepSize) {
        for (int k = from; k < to; k++) {
            if (applyDecay) {
                p[k] = p[k] * decay;
            }
            float gk = applyL2 ? Math.fma(l2, p[k], g[k]) : g[k];
            m[k] = Math.fma(oneMinusBeta1, gk, m[k] * beta1);
            float vk = Math.fma(oneMinusBeta2 * gk, gk, v[k] * beta2);
            v[k] = vk;
            if (vMax != null) {
                vk = Math.max(vMax[k], vk);
                vMax[k] = vk;
            }
            float denom = (float) Math.sqrt(vk) / biasCorrection2Sqrt + eps;
            p[k] = p[k] + negStepSize * m[k] / denom;
        }
    }

    private static void updateD(double[] p, double[] g, double[] m, double[] v, double[] vMax, double decay,
            boolean applyDecay, double l2, boolean applyL2, double beta1, double oneMinusBeta1, double beta2,
            double oneMinusBeta2, double biasCorrection2Sqrt, double eps, double negStepSize) {
        for (int k = 0; k < p.length; k++) {
            if (applyDecay) {
                p[k] = p[k] * decay;
            }
            double gk = applyL2 ? Math.fma(l2, p[k], g[k]) : g[k];
            m[k] = Math.fma(oneMinusBeta1, gk, m[k] * beta1);
            double vk = Math.fma(oneMinusBeta2 * gk, gk, v[k] * beta2);
            v[k] = vk;
            if (vMax != null) {
                vk = Math.max(vMax[k], vk);
                vMax[k] = vk;
            }
            double denom = Math.sqrt(vk) / biasCorrection2Sqrt + eps;
            p[k] = p[k] + negStepSize * m[k] / denom;
        }
    }
}
