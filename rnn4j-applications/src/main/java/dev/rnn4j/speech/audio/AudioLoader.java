package dev.rnn4j.speech.audio;

import java.nio.file.Path;

/**
 * Reads an utterance for a model: the WAV file mixed down to mono, resampled to the model's rate
 * when the file's rate differs (reported by {@link LoadedAudio#resampled()}, so a caller can say
 * so), and checked to hold at least one analysis window.
 */
public final class AudioLoader {
    private AudioLoader() {
    }

    /**
     * An utterance as loaded.
     *
     * @param file the file read
     * @param waveform the mono samples at the model's rate
     * @param source the file's own format
     */
    public record LoadedAudio(Path file, Waveform waveform, WavFile source) {
        /** Whether the file's rate differed from the model's, so the samples were resampled. */
        public boolean resampled() {
            return source.waveform().sampleRate() != waveform.sampleRate();
        }
    }

    /**
     * Reads {@code file}, resamples it to {@code sampleRate} and checks its length.
     *
     * @param file a WAV file
     * @param sampleRate the model's rate in Hz, positive
     * @param minSamples the fewest samples a model can use at {@code sampleRate} (one analysis window), at least 1
     * @return the utterance
     * @throws WavFormatException naming the file if it cannot be read ({@link WavReader}) or holds fewer
     *     than {@code minSamples} samples after resampling
     */
    public static LoadedAudio load(Path file, int sampleRate, int minSamples) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate: expected a positive rate in Hz, got " + sampleRate);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples: expected at least 1, got " + minSamples);
        }
        WavFile source = WavReader.read(file);
        Waveform waveform = source.waveform().resampled(sampleRate);
        if (waveform.length() < minSamples) {
            throw new WavFormatException(file, String.format(java.util.Locale.ROOT,
                    "too short: %d samples (%.4f s at %d Hz), shorter than one analysis window of %d samples",
                    waveform.length(), waveform.seconds(), sampleRate, minSamples));
        }
        return new LoadedAudio(file, waveform, source);
    }
}
