package dev.rnn4j.speech.audio;

import java.util.Locale;

/**
 * Mono audio: {@code samples} (N) at {@code sampleRate} Hz, full scale at ±1 for PCM sources.
 *
 * @param samples the N samples, not copied
 * @param sampleRate samples per second, positive
 */
public record Waveform(float[] samples, int sampleRate) {

    /** Checks the arguments. */
    public Waveform {
        if (samples == null) {
            throw new IllegalArgumentException("samples: expected an array, got null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate: expected a positive rate in Hz, got " + sampleRate);
        }
    }

    /** N, the number of samples. */
    public int length() {
        return samples.length;
    }

    /** The length in seconds, N / sampleRate. */
    public double seconds() {
        return (double) samples.length / sampleRate;
    }

    /**
     * This waveform at {@code targetRate} by {@link Resampler#resample(float[], int, int)} with
     * torchaudio's defaults, or this waveform itself when the rate already matches.
     */
    public Waveform resampled(int targetRate) {
        if (targetRate == sampleRate) {
            return this;
        }
        return new Waveform(new Resampler().resample(samples, sampleRate, targetRate), targetRate);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Waveform[%d samples, %d Hz, %.3f s]", samples.length, sampleRate, seconds());
    }
}
