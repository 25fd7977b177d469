package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * A batch of encoded sources ({@link Seq2Seq#encode}).
 *
 * @param memory        the encoder outputs prepared for attention (B sources)
 * @param initialHidden (B, decoderHidden) the decoder's first hidden state, {@code tanh(fc([h_fwd; h_bwd]))}
 */
public record EncodedSource(AttentionMemory memory, Tensor initialHidden) {

    /** B: the number of sources. */
    public int batch() {
        return memory.rows();
    }
}
