/**
 * Audio input: {@link dev.rnn4j.speech.audio.WavReader} parses RIFF/WAVE itself, so every error names
 * the file and says what is wrong (not a WAV file, a compressed format, a header that claims more data
 * than the file holds, no samples); {@link dev.rnn4j.speech.audio.Resampler} changes the sample rate by
 * windowed sinc interpolation; {@link dev.rnn4j.speech.audio.AudioLoader} reads, resamples to a model's
 * rate and checks the length against one analysis window; {@link dev.rnn4j.speech.audio.WavWriter}
 * writes 16-bit PCM or 32-bit float files.
 */
package dev.rnn4j.speech.audio;
