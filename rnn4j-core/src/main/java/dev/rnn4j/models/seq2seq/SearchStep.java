package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * One step of a search ({@link Seq2Seq#step}).
 *
 * @param logProbs  (B, trgVocab) log-probabilities of the next token, {@code log_softmax(logits)}
 * @param attention (B, S) attention weights over the source positions (0 past each source's length)
 * @param next      the state after this step
 */
public record SearchStep(Tensor logProbs, Tensor attention, DecoderState next) {
}
