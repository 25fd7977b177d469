package dev.rnn4j.speech.audio;

/**
 * A WAV file as read: its audio mixed down to mono, and the format it was stored in.
 *
 * @param waveform the samples, mixed down to mono (the mean of the channels) and scaled to ±1 full scale
 * @param channels the number of channels in the file, at least 1
 * @param bitsPerSample bits per stored sample: 8, 16, 24 or 32 for PCM, 32 or 64 for IEEE float
 * @param floatingPoint whether the samples were stored as IEEE float rather than integer PCM
 */
public record WavFile(Waveform waveform, int channels, int bitsPerSample, boolean floatingPoint) {

    /** A short description such as {@code "16-bit PCM, 2 channels, 44100 Hz"}. */
    public String describe() {
        return bitsPerSample + "-bit " + (floatingPoint ? "float" : "PCM") + ", " + channels
                + (channels == 1 ? " channel, " : " channels, ") + waveform.sampleRate() + " Hz";
    }
}
