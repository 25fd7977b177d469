package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * The teacher-forced pass over a target batch ({@link Seq2Seq#forward}).
 *
 * @param logits    (T−1, B, trgVocab): step t (from 0) predicts {@code trg[t + 1]} from {@code trg[0..t]}
 * @param attention (B, T−1, S) the attention weights of each step
 */
public record TeacherForced(Tensor logits, Tensor attention) {
}
