/**
 * Acoustic models for spoken digits: a bidirectional LSTM or GRU stack over feature frames
 * ({@link dev.rnn4j.speech.model.AcousticNetwork}), optionally reading k frames per step, stacked or
 * strided ({@link dev.rnn4j.speech.model.FrameSubsampling}), with a linear layer to the labels.
 * Isolated digits are classified from the mean of the last layer's outputs over the valid frames,
 * trained with cross entropy; connected digits emit per-frame log-probabilities over blank + ten
 * digits, trained with CTC and scored by the digit error rate
 * ({@link dev.rnn4j.speech.model.DigitScores}). {@link dev.rnn4j.speech.model.AcousticTrainer}
 * trains either on the {@link dev.rnn4j.train.Trainer}.
 */
package dev.rnn4j.speech.model;
