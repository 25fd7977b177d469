package dev.rnn4j.models.seq2seq;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * The source side: {@code embedding} → bidirectional {@code rnn} over the packed source →
 * {@code fc}, as the reference's {@code Encoder} (parameter names {@code embedding.weight},
 * {@code rnn.weight_ih_l0_reverse}, {@code fc.bias}, ...). The decoder's first state is
 * {@code tanh(fc([h_fwd; h_bwd]))}, the final states of the last layer's two directions (the forward
 * one at each source's last valid position).
 */
public final class Encoder extends Module {

    /**
     * @param outputs (S, B, 2·H) encoder outputs, time-major, zero past each source's length
     * @param hidden  (B, decoderHidden) the decoder's first state
     */
    public record Output(Tensor outputs, Tensor hidden) {
    }

    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Linear fc;
    private final Dropout dropout;

    public Encoder(Seq2SeqConfig c, Rng rng) {
        this.embedding = registerModule("embedding", new Embedding(c.srcVocab(), c.embeddingDim(), -1, rng));
        this.rnn = registerModule("rnn", RecurrentLayer.of(c.encoderCell(),
                new RecurrentLayer.Options(c.embeddingDim(), c.encoderHidden()).numLayers(c.encoderLayers())
                        .bidirectional(true), rng));
        this.fc = registerModule("fc", new Linear(c.memorySize(), c.decoderHidden(), rng));
        this.dropout = registerModule("dropout", new Dropout(c.dropout(), rng));
    }

    /**
     * Encodes a batch of padded sources.
     *
     * @param src     (S, B) token ids, time-major (row-major: {@code src[s * B + b]})
     * @param lengths (B) valid lengths, 1..S; tokens past a length are never read
     */
    public Output forward(int[] src, int[] lengths) {
        if (src == null || lengths == null || lengths.length == 0 || src.length % lengths.length != 0
                || src.length == 0) {
            throw new IllegalArgumentException("Encoder: expected src (S, B) with B = " + (lengths == null ? "?"
                    : lengths.length) + " (one length per source), got " + (src == null ? "null" : src.length)
                    + " ids");
        }
        int batch = lengths.length;
        int steps = src.length / batch;
        Tensor embedded = dropout.forward(embedding.forward(src, steps, batch)); // (S, B, E)
        RecurrentOutput r = rnn.forward(embedded, lengths);
        int last = 2 * (rnn.numLayers() - 1);
        Tensor finalStates = Tensor.cat(List.of(r.hN().select(0, last), r.hN().select(0, last + 1)), 1); // (B, 2H)
        return new Output(r.output(), fc.forward(finalStates).tanh());
    }
}
