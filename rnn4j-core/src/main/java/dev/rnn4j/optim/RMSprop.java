package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e; centred variant from Graves, 2013) exactly as
 * {@code torch.optim.RMSprop} (PyTorch 1.13, single-tensor path).
 *
 * <p>For each parameter with a gradient g:
 * <pre>
 *   g   = g + weight_decay * p                        (if weight_decay != 0)
 *   sq  = alpha * sq + (1 - alpha) * g * g
 *   if centered: ga = alpha * ga + (1 - alpha) * g;  avg = sqrt(sq - ga * ga)
 *   else:        avg = sqrt(sq)
 *   avg = avg + eps
 *   if momentum &gt; 0: buf = momentum * buf + g / avg;  p = p - lr * buf
 *   else:            p = p - lr * g / avg
 * </pre>
 * Note eps is added outside the square root, as in PyTorch (TensorFlow adds it inside). Defaults as
 * PyTorch: lr 0.01, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not centred. State buffers:
 * {@code square_avg}, plus {@code momentum_buffer} (momentum &gt; 0) and {@code grad_avg} (centred).
 */
public final class RMSprop extends Optimizer {

    static final String SQUARE_AVG = "square_avg";
    static final String MOMENTUM_BUFFER = "momentum_buffer";
    static final String GRAD_AVG = "grad_avg";

    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** RMSprop with all of PyTorch's defaults (lr 0.01). */
    public RMSprop(List<Tensor> params) {
        this(params, 0.01);
    }

    /** RMSprop with PyTorch's defaults and learning rate {@code lr}. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0.0, 0.0, false);
    }

    /**
     * @throws IllegalArgumentException if lr, alpha, eps, weightDecay or momentum is negative or not
     *                                  finite (the message names it)
     */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered) {
        super(params, lr);
        checkNonNegative("alpha", alpha);
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        checkNonNegative("momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    public String name() {
        return "RMSprop";
    }

    public double alpha() {
        return alpha;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double momentum() {
        return momentum;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected List<String> bufferNames() {
        List<String> names = new ArrayList<>(List.of(SQUARE_AVG));
        if (momentum > 0) {
            names.add(MOMENTUM_BUFFER);
        }
        if (centered) {
            names.add(GRAD_AVG);
        }
        return names;
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return ordered("alpha", fmt(alpha), "eps", fmt(eps), "weight_decay", fmt(weightDecay), "momentum",
                fmt(momentum), "centered", Boolean.toString(centered));
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        double lr = learningRate();
        Tensor buf = momentum > 0 ? buffer(index, MOMENTUM_BUFFER) : null;
        Tensor gradAvg = centered ? buffer(index, GRAD_AVG) : null;
        if (param.f() != null) {
            updateF(param.f(), grad.f(), buffer(index, SQUARE_AVG).f(), gradAvg == null ? null : gradAvg.f(),
                    buf == null ? null : buf.f(), (float) weightDecay, weightDecay != 0, (float) alpha,
                    (float) (1 - alpha), (float) eps, (float) momentum, (float) -lr);
        } else {
            updateD(param.d(), grad.d(), buffer(index, SQUARE_AVG).d(), gradAvg == null ? null : gradAvg.d(),
                    buf == null ? null : buf.d(), weightDecay, weightDecay != 0, alpha, 1 - alpha, eps, momentum,
                    -lr);
        }
    }

    // p, g, sq (square_avg), ga (grad_avg), buf: (numel) each
    private static void updateF(float[] p, float[] g, float[] sq, float[] ga, float[] buf, float weightDecay,
            boolean decay, float alpha, float oneMinusAlpha, float eps, float momentum, float negLr) {
        for (int k = 0; k < p.length; k++) {
            float gk = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            float s = Math.fma(oneMinusAlpha * gk, gk, sq[k] * alpha);
            sq[k] = s;
            float avg;
            if (ga != null) {
                float a = Math.fma(oneMinusAlpha, gk, ga[k] * alpha);
                ga[k] = a;
                avg = (float) Math.sqrt(Math.fma(-a, a, s));
            } else {
                avg = (float) Math.sqrt(s);
            }
            avg = avg + eps;
            if (buf != null) {
                float b = buf[k] * momentum + gk / avg;
                buf[k] = b;
                p[k] = Math.fma(negLr, b, p[k]);
            } else {
                p[k] = p[k] + negLr * gk / avg;
            }
        }
    }

    private static void updateD(double[] p, double[] g, double[] sq, double[] ga, double[] buf, double weightDecay,
            boolean decay, double alpha, double oneMinusAlpha, double eps, double momentum, double negLr) {
        for (int k = 0; k < p.length; k++) {
            double gk = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            double s = Math.fma(oneMinusAlpha * gk, gk, sq[k] * alpha);
            sq[k] = s;
            double avg;
            if (ga != null) {
                double a = Math.fma(oneMinusAlpha, gk, ga[k] * alpha);
                ga[k] = a;
                avg = Math.sqrt(Math.fma(-a, a, s));
            } else {
                avg = Math.sqrt(s);
            }
            avg = avg + eps;
            if (buf != null) {
                double b = buf[k] * momentum + gk / avg;
                buf[k] = b;
                p[k] = Math.fma(negLr, b, p[k]);
            } else {
                p[k] = p[k] + negLr * gk / avg;
            }
        }
    }
}
