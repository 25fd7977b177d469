/**
 * Ready-made models built from the {@code nn} layers: the sequence classifier
 * ({@link dev.rnn4j.models.SequenceClassifier}) used by the golden cases and the text
 * classification application; the attention encoder-decoder is in {@link dev.rnn4j.models.seq2seq}.
 */
package dev.rnn4j.models;
