package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba, 2015) exactly as {@code torch.optim.Adam} (PyTorch 1.13, single-tensor path).
 *
 * <p>For each parameter with a gradient g at step t (counted per parameter, from 1):
 * <pre>
 *   g  = g + weight_decay * p                      (if weight_decay != 0; L2 penalty)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g * g
 *   vMax = max(vMax, v); use vMax for v below       (if amsgrad)
 *   step_size = lr / (1 - beta1^t)
 *   denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 *   p  = p - step_size * m / denom
 * </pre>
 * Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no amsgrad. State
 * buffers: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 *
 * <p>Non-finite gradients propagate into the state and the parameter, as in PyTorch.
 */
public final class Adam extends AdamFamily {

    /** Adam with all of PyTorch's defaults (lr 1e-3). */
    public Adam(List<Tensor> params) {
        this(params, 1e-3);
    }

    /** Adam with PyTorch's defaults and learning rate {@code lr}. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /**
     * @throws IllegalArgumentException if lr, eps or weightDecay is negative or not finite, or a beta is
     *                                  outside [0, 1); the message names it
     */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    @Override
    public String name() {
        return "Adam";
    }
}
