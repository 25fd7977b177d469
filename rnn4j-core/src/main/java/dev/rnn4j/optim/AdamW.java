package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019, decoupled weight decay) exactly as {@code torch.optim.AdamW}
 * (PyTorch 1.13, single-tensor path).
 *
 * <p>Each step first shrinks the parameter, {@code p = p * (1 - lr * weight_decay)}, then applies
 * the {@link Adam} update without adding weight decay to the gradient. Defaults as PyTorch: lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 0.01, no amsgrad.
 */
public final class AdamW extends AdamFamily {

    /** AdamW with all of PyTorch's defaults (lr 1e-3, weight decay 0.01). */
    public AdamW(List<Tensor> params) {
        this(params, 1e-3);
    }

    /** AdamW with PyTorch's defaults and learning rate {@code lr}. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01, false);
    }

    /**
     * @throws IllegalArgumentException if lr, eps or weightDecay is negative or not finite, or a beta is
     *                                  outside [0, 1); the message names it
     */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }

    @Override
    public String name() {
        return "AdamW";
    }
}
