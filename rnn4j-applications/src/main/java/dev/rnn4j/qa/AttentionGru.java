package dev.rnn4j.qa;

import dev.rnn4j.nn.Init;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

/**
 * The attention-based GRU of DMN+ (Xiong et al. 2016, section 3.3): a GRU over the facts whose update gate is
 * replaced by the fact's attention weight g_i, so a fact with g_i = 0 leaves the state unchanged and the final
 * state is the episode's context vector. With PyTorch's GRU layout (gates r, n) and names:
 * <pre>{@code
 * r_i = σ(W_ir f_i + b_ir + W_hr h_{i-1} + b_hr)
 * n_i = tanh(W_in f_i + b_in + r_i ∘ (W_hn h_{i-1} + b_hn))
 * h_i = g_i ∘ n_i + (1 − g_i) ∘ h_{i-1},     h_0 = 0
 * }</pre>
 * Parameters {@code weight_ih} (2H, I), {@code weight_hh} (2H, H), {@code bias_ih}, {@code bias_hh} (2H),
 * initialised U(−1/√H, 1/√H) as PyTorch's GRU. The input projections of all facts are one {@link Ops#linear}
 * ({@link #project}); the recurrence over the facts is one fused autograd operation,
 * {@link AttentionGruSequence}.
 */
public final class AttentionGru extends Module {

    private final int inputSize;
    private final int hiddenSize;

    public AttentionGru(int inputSize, int hiddenSize, Rng rng) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("AttentionGru: sizes must be positive, got " + inputSize + " and "
                    + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        registerParameter("weight_ih", Init.uniform(Tensor.zeros(2 * hiddenSize, inputSize), -bound, bound, rng));
        registerParameter("weight_hh", Init.uniform(Tensor.zeros(2 * hiddenSize, hiddenSize), -bound, bound, rng));
        registerParameter("bias_ih", Init.uniform(Tensor.zeros(2 * hiddenSize), -bound, bound, rng));
        registerParameter("bias_hh", Init.uniform(Tensor.zeros(2 * hiddenSize), -bound, bound, rng));
    }

    /**
     * The input projections of every fact, shared by every episode: (F, B, 2H).
     *
     * @param facts (F, B, I)
     */
    public Tensor project(Tensor facts) {
        if (facts == null || facts.rank() != 3 || facts.size(2) != inputSize) {
            throw new IllegalArgumentException("AttentionGru: expected facts (F, B, " + inputSize + "), got "
                    + (facts == null ? "null" : Shape.str(facts.shape())));
        }
        return Ops.linear(facts, parameter("weight_ih"), parameter("bias_ih"));
    }

    /**
     * Runs over the facts.
     *
     * @param projected (F, B, 2H) from {@link #project}
     * @param gates     (B, F) attention weights, each in [0, 1]
     * @return (B, H) the final state
     */
    public Tensor forward(Tensor projected, Tensor gates) {
        int f = projected.size(0);
        int b = projected.size(1);
        if (projected.rank() != 3 || projected.size(2) != 2 * hiddenSize || gates == null || gates.rank() != 2
                || gates.size(0) != b || gates.size(1) != f) {
            throw new IllegalArgumentException("AttentionGru: expected projections (F, B, " + 2 * hiddenSize
                    + ") and gates (B, F), got " + Shape.str(projected.shape()) + " and "
                    + (gates == null ? "null" : Shape.str(gates.shape())));
        }
        Tensor weightHh = parameter("weight_hh");
        if (projected.dtype() != weightHh.dtype() || gates.dtype() != weightHh.dtype()) {
            throw new IllegalArgumentException("AttentionGru: expected projections and gates of the weights' dtype "
                    + weightHh.dtype() + ", got " + projected.dtype() + " and " + gates.dtype());
        }
        return AttentionGruSequence.run(projected, gates, weightHh, parameter("bias_hh"));
    }

    public int hiddenSize() {
        return hiddenSize;
    }
}
