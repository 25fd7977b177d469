package dev.rnn4j.models.seq2seq;

import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

/**
 * Attention of a decoder state over the encoder outputs, with PyTorch's parameter names:
 * <ul>
 *   <li>{@link AttentionScore#ADDITIVE}: {@code attn} = Linear(Q + V, Q) over {@code [q; h_j]} and
 *       {@code v} = Linear(Q, 1, bias=False), as {@code decoder.attention} of the reference model;</li>
 *   <li>{@link AttentionScore#GENERAL}: {@code attn} = Linear(V, Q, bias=False);</li>
 *   <li>{@link AttentionScore#DOT}: no parameters (Q = V).</li>
 * </ul>
 * Q is the query (decoder state) size, V the encoder output size. The weights are
 * {@code softmax(scores.masked_fill(mask == 0, -1e10))} over the source positions, the mask being
 * each source's length, and the context is their weighted sum of the encoder outputs.
 *
 * <p>Everything that depends only on the source ({@code W_h h_j + b} for additive scores,
 * {@code W h_j} for general ones) is computed once by {@link #prepare}; a step then costs one
 * small product for the query (additive only) and one fused pass over the memory
 * ({@code AttentionOp}), with no (B, S, ·) intermediate.
 */
public final class Attention extends Module {

    /** The weights (B, S) and the context (B, V) of one attention read. */
    public record Read(Tensor weights, Tensor context) {
    }

    private final AttentionScore score;
    private final int querySize;
    private final int memorySize;
    private final Linear attn;
    private final Linear v;

    /**
     * @param querySize  Q, the decoder state size
     * @param memorySize V, the encoder output size (2 · encoder hidden for a bidirectional encoder)
     */
    public Attention(AttentionScore score, int querySize, int memorySize, Rng rng) {
        if (score == null) {
            throw new IllegalArgumentException("Attention: score is null");
        }
        if (querySize <= 0 || memorySize <= 0) {
            throw new IllegalArgumentException("Attention: sizes must be positive, got query " + querySize
                    + " and memory " + memorySize);
        }
        if (score == AttentionScore.DOT && querySize != memorySize) {
            throw new IllegalArgumentException("Attention: DOT scores need query size = memory size, got "
                    + querySize + " and " + memorySize);
        }
        this.score = score;
        this.querySize = querySize;
        this.memorySize = memorySize;
        this.attn = switch (score) {
            case ADDITIVE -> registerModule("attn", new Linear(querySize + memorySize, querySize, rng));
            case GENERAL -> registerModule("attn", new Linear(memorySize, querySize, false, rng));
            case DOT -> null;
        };
        this.v = score == AttentionScore.ADDITIVE ? registerModule("v", new Linear(querySize, 1, false, rng)) : null;
    }

    public AttentionScore score() {
        return score;
    }

    public int querySize() {
        return querySize;
    }

    public int memorySize() {
        return memorySize;
    }

    /**
     * Prepares the memory of a batch of sources.
     *
     * @param values  encoder outputs (B, S, V), batch-major
     * @param lengths each source's valid length, 1..S; positions past it are masked
     */
    public AttentionMemory prepare(Tensor values, int[] lengths) {
        if (values == null || values.rank() != 3 || values.size(2) != memorySize) {
            throw new IllegalArgumentException("Attention: expected values (B, S, " + memorySize + "), got "
                    + (values == null ? "null" : Shape.str(values.shape())));
        }
        int batch = values.size(0);
        int steps = values.size(1);
        if (lengths == null || lengths.length != batch) {
            throw new IllegalArgumentException("Attention: expected " + batch + " lengths (one per source), got "
                    + (lengths == null ? "null" : lengths.length));
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("Attention: length " + lengths[b] + " of source " + b
                        + " is outside 1.." + steps);
            }
        }
        return switch (score) {
            case ADDITIVE -> {
                // attn.weight (Q, Q + V) reads [q; h_j]: columns [0, Q) take the query, [Q, Q + V) the memory
                Tensor w = attn.weight();
                Tensor keys = Ops.linear(values, w.narrow(1, querySize, memorySize), attn.bias());
                yield new AttentionMemory(values, keys, w.narrow(1, 0, querySize), lengths.clone());
            }
            case GENERAL -> new AttentionMemory(values, Ops.linear(values, attn.weight(), null), null, lengths.clone());
            case DOT -> new AttentionMemory(values, values, null, lengths.clone());
        };
    }

    /**
     * One attention read.
     *
     * @param query  (B, Q) decoder states
     * @param memory from {@link #prepare}
     * @param rows   the memory row each query row reads (B values in 0..M−1), or null for row b → b
     *               (then B must equal M)
     */
    public Read attend(Tensor query, AttentionMemory memory, int[] rows) {
        if (query == null || query.rank() != 2 || query.size(1) != querySize) {
            throw new IllegalArgumentException("Attention: expected query (B, " + querySize + "), got "
                    + (query == null ? "null" : Shape.str(query.shape())));
        }
        int batch = query.size(0);
        if (rows == null ? batch != memory.rows() : rows.length != batch) {
            throw new IllegalArgumentException("Attention: expected " + (rows == null ? memory.rows() : rows.length)
                    + " query rows, got " + batch);
        }
        if (rows != null) {
            for (int b = 0; b < batch; b++) {
                if (rows[b] < 0 || rows[b] >= memory.rows()) {
                    throw new IllegalArgumentException("Attention: memory row " + rows[b] + " of query row " + b
                            + " is outside 0.." + (memory.rows() - 1));
                }
            }
        }
        Tensor[] r = score == AttentionScore.ADDITIVE
                ? AttentionOp.attend(Ops.linear(query, memory.queryWeight(), null), memory.keys(), memory.values(),
                        v.weight(), rows, memory.lengthsView())
                : AttentionOp.attend(query, memory.keys(), memory.values(), null, rows, memory.lengthsView());
        return new Read(r[0], r[1]);
    }
}
