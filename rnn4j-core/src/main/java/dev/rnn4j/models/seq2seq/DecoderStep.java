package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * What one decoder step returns.
 *
 * @param logits    (B, trgVocab) unnormalised scores of the next token
 * @param attention (B, S) attention weights over the source positions (0 past each source's length)
 * @param next      the state after this step
 */
public record DecoderStep(Tensor logits, Tensor attention, DecoderState next) {
}
