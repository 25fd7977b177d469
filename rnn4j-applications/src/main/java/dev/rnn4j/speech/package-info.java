/**
 * Speech: audio input, acoustic features and the spoken-digit data sets, as a library.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.speech.audio}: WAV files read and written by the JDK alone (PCM 8/16/24/32-bit
 *       and IEEE float, mixed down to mono) and resampling by windowed sinc interpolation, as torchaudio's
 *       {@code functional.resample}.</li>
 *   <li>{@link dev.rnn4j.speech.features}: log-mel filterbank and MFCC features over a short-time
 *       Fourier transform (JTransforms), mean/variance normalisation and SpecAugment masking; the same
 *       numbers as torchaudio's {@code MelSpectrogram} and {@code MFCC} with the same settings.</li>
 *   <li>{@link dev.rnn4j.speech.data}: the Free Spoken Digit Dataset with its official split by
 *       recording index, leave-one-speaker-out splits, and connected-digit utterances built from its
 *       recordings.</li>
 *   <li>{@link dev.rnn4j.speech.model}: the acoustic models (bidirectional LSTM/GRU, cross entropy for
 *       isolated digits, CTC for connected digits), their training on the toolkit's Trainer, the digit
 *       error rate, and the {@code Transcriber} predictor with its model folder.</li>
 * </ul>
 */
package dev.rnn4j.speech;
