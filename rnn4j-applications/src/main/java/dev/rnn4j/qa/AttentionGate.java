package dev.rnn4j.qa;

import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.SoftmaxOps;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * The attention over facts of DMN+ (Xiong et al. 2016, section 3.3, equations 6-9): for fact f_i, question q
 * and the previous memory m,
 * <pre>{@code
 * z_i = [f_i ∘ q ; f_i ∘ m ; |f_i − q| ; |f_i − m|]          (4H)
 * Z_i = W2 tanh(W1 z_i + b1) + b2                            (W1: (H, 4H), W2: (1, H))
 * g   = softmax(Z) over the story's facts (padding facts get exactly 0)
 * }</pre>
 * Parameters {@code hidden.weight}, {@code hidden.bias} (W1, b1) and {@code score.weight}, {@code score.bias}
 * (W2, b2).
 */
public final class AttentionGate extends Module {

    private final Linear hidden;
    private final Linear score;

    public AttentionGate(int size, Rng rng) {
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
        int f = facts.size(0);
        int b = facts.size(1);
        Tensor z = Ops.cat(List.of(Ops.mul(facts, q), Ops.mul(facts, memory), Ops.abs(Ops.sub(facts, q)),
                Ops.abs(Ops.sub(facts, memory))), 2);                           // (F, B, 4H)
        Tensor scores = score.forward(Ops.tanh(hidden.forward(z)));             // (F, B, 1)
        return SoftmaxOps.softmax(scores.reshape(f, b).transpose(0, 1), keep);  // (B, F)
    }
}
