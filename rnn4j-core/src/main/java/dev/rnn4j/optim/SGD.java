package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, exactly
 * as {@code torch.optim.SGD} (PyTorch 1.13, single-tensor path).
 *
 * <p>For each parameter with a gradient g:
 * <pre>
 *   g = g + weight_decay * p                         (if weight_decay != 0)
 *   if momentum != 0:
 *       buf = g                                      (first step of this parameter)
 *       buf = momentum * buf + (1 - dampening) * g   (later steps)
 *       g = g + momentum * buf  if nesterov, else g = buf
 *   p = p - lr * g
 * </pre>
 * Note PyTorch's convention: lr multiplies the momentum buffer, not the gradient inside it. State
 * buffer: {@code momentum_buffer} (when momentum != 0). As in PyTorch, SGD has no default learning
 * rate: every constructor takes one.
 */
public final class SGD extends Optimizer {

    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD: {@code p -= lr * g}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0.0, 0.0, 0.0, false);
    }

    /** SGD with (heavy-ball) momentum. */
    public SGD(List<Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0.0, 0.0, false);
    }

    /**
     * @throws IllegalArgumentException if lr, momentum or weightDecay is negative or not finite, if
     *                                  dampening is not finite, or if nesterov is asked for without
     *                                  momentum &gt; 0 and dampening = 0 (as PyTorch)
     */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        super(params, lr);
        checkNonNegative("momentum", momentum);
        checkNonNegative("weight_decay", weightDecay);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("invalid dampening: " + dampening + " (expected a finite value)");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return "SGD";
    }

    public double momentum() {
        return momentum;
    }

    public double dampening() {
        return dampening;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected List<String> bufferNames() {
        return momentum != 0 ? List.of(MOMENTUM_BUFFER) : List.of();
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return ordered("momentum", fmt(momentum), "dampening", fmt(dampening), "weight_decay", fmt(weightDecay),
                "nesterov", Boolean.toString(nesterov));
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        double lr = learningRate();
        boolean first = stepCount(index) == 1;
        Tensor buf = momentum != 0 ? buffer(index, MOMENTUM_BUFFER) : null;
        if (param.f() != null) {
            updateF(param.f(), grad.f(), buf == null ? null : buf.f(), first, (float) weightDecay, weightDecay != 0,
                    (float) momentum, (float) (1 - dampening), nesterov, (float) -lr);
        } else {
            updateD(param.d(), grad.d(), buf == null ? null : buf.d(), first, weightDecay, weightDecay != 0,
                    momentum, 1 - dampening, nesterov, -lr);
        }
    }

    // p, g, buf: (numel) each; add(x, alpha) is a fused multiply-add in PyTorch's CPU kernel
    private static void updateF(float[] p, float[] g, float[] buf, boolean first, float weightDecay, boolean decay,
            float momentum, float oneMinusDampening, boolean nesterov, float negLr) {
        for (int k = 0; k < p.length; k++) {
            float d = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            if (buf != null) {
                float b = first ? d : Math.fma(oneMinusDampening, d, buf[k] * momentum);
                buf[k] = b;
                d = nesterov ? Math.fma(momentum, b, d) : b;
            }
            p[k] = Math.fma(negLr, d, p[k]);
        }
    }

    private static void updateD(double[] p, double[] g, double[] buf, boolean first, double weightDecay,
            boolean decay, double momentum, double oneMinusDampening, boolean nesterov, double negLr) {
        for (int k = 0; k < p.length; k++) {
            double d = decay ? Math.fma(weightDecay, p[k], g[k]) : g[k];
            if (buf != null) {
                double b = first ? d : Math.fma(oneMinusDampening, d, buf[k] * momentum);
                buf[k] = b;
                d = nesterov ? Math.fma(momentum, b, d) : b;
            }
            p[k] = Math.fma(negLr, d, p[k]);
        }
    }
}
