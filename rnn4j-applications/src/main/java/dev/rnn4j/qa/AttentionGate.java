package dev.rnn4j.qa;

import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.SoftmaxOps;
import dev.rnn4j.tensor.Tensor;

/**
 * The attention over facts of DMN+ (Xiong et al. 2016, section 3.3, equations 6-9): for fact f_i, question q
 * and the previous memory m,
 * <pre>{@code
 * z_i = [f_i ∘ q ; f_i ∘ m ; |f_i − q| ; |f_i − m|]          (4H)
 * Z_i = W2 tanh(W1 z_i + b1) + b2                            (W1: (H, 4H), W2: (1, H))
 * g   = softmax(Z) over the story's facts (padding facts get exactly 0)
 * }</pre>
 * Parameters {@code hidden.weight}, {@code hidden.bias} (W1, b1) and {@code score.weight}, {@code score.bias}
 * (W2, b2). The scores Z are one fused autograd operation ({@link AttentionGateScores}); the masked softmax is
 * {@link SoftmaxOps#softmax(Tensor, Mask)}.
 */
public final class AttentionGate extends Module {

    private final int size;
    private final Linear hidden;
    private final Linear score;

    public AttentionGate(int size, Rng rng) {
        if (size < 1) {
            throw new IllegalArgumentException("AttentionGate: size must be positive, got " + size);
        }
        this.size = size;
        this.hidden = registerModule("hidden", new Linear(4 * size, size, rng));
        this.score = registerModule("score", new Linear(size, 1, rng));
    }

    /**
     * @param facts  (F, B, H)
     * @param q      (B, H)
     * @param memory (B, H)
     * @param keep   (B, F), which facts are real (not padding)
     * @return (B, F) attention weights, each row summing to 1
     */
    public Tensor forward(Tensor facts, Tensor q, Tensor memory, Mask keep) {
        Tensor w1 = hidden.parameter("weight");
        if (facts == null || facts.rank() != 3 || facts.size(2) != size || !sameShape(q, facts.size(1))
                || !sameShape(memory, facts.size(1)) || keep == null) {
            throw new IllegalArgumentException("AttentionGate: expected facts (F, B, " + size + "), q and memory (B, "
                    + size + ") and a mask, got " + describe(facts) + ", " + describe(q) + ", " + describe(memory)
                    + (keep == null ? " and no mask" : ""));
        }
        if (facts.dtype() != w1.dtype() || q.dtype() != w1.dtype() || memory.dtype() != w1.dtype()) {
            throw new IllegalArgumentException("AttentionGate: expected facts, q and memory of the weights' dtype "
                    + w1.dtype() + ", got " + facts.dtype() + ", " + q.dtype() + ", " + memory.dtype());
        }
        Tensor scores = AttentionGateScores.run(facts, q, memory, w1, hidden.parameter("bias"),
                score.parameter("weight"), score.parameter("bias"));                // (B, F)
        return SoftmaxOps.softmax(scores, keep);                                       // (B, F)
    }

    private boolean sameShape(Tensor t, int batch) {
        return t != null && t.rank() == 2 && t.size(0) == batch && t.size(1) == size;
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : Shape.str(t.shape());
    }
}
