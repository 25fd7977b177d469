package dev.rnn4j.speech.features;

/**
 * How features are computed. Names follow torchaudio's {@code MelSpectrogram} and {@code MFCC}
 * arguments, given after each field.
 *
 * @param sampleRate the audio rate in Hz ({@code sample_rate})
 * @param window the analysis window ({@code window_fn})
 * @param windowLength samples per window ({@code win_length}), at most {@code fftSize}; a shorter window
 *     sits in the middle of the FFT frame, zero on both sides
 * @param hopLength samples between frame starts ({@code hop_length})
 * @param fftSize FFT length ({@code n_fft}); fftSize / 2 + 1 frequency bins
 * @param melBands number of mel filters ({@code n_mels})
 * @param minFrequency lowest filter edge in Hz ({@code f_min})
 * @param maxFrequency highest filter edge in Hz ({@code f_max}), at most sampleRate / 2
 * @param melScale the mel scale ({@code mel_scale})
 * @param slaneyNormalization whether each filter is divided by its width in Hz, 2 / (f[m+2] − f[m])
 *     ({@code norm="slaney"}), rather than peaking at 1 ({@code norm=None})
 * @param logOffset the ε of log(mel + ε), positive (torchaudio's {@code MFCC} with {@code log_mels=True} uses 1e-6)
 * @param coefficients number of MFCCs kept ({@code n_mfcc}), at most {@code melBands}
 * @param center whether the signal is padded by fftSize / 2 on each side by reflection so frame t is
 *     centred on sample t · hop ({@code center=True, pad_mode="reflect"}); otherwise frames start at t · hop
 */
public record FeatureSettings(int sampleRate, WindowType window, int windowLength, int hopLength, int fftSize,
        int melBands, double minFrequency, double maxFrequency, MelScale melScale, boolean slaneyNormalization,
        double logOffset, int coefficients, boolean center) {

    /** Checks every field, naming it with expected versus actual. */
    public FeatureSettings {
        positive("sampleRate", sampleRate);
        if (window == null) {
            throw new IllegalArgumentException("window: expected a window type, got null");
        }
        positive("hopLength", hopLength);
        positive("fftSize", fftSize);
        positive("melBands", melBands);
        positive("coefficients", coefficients);
        if (windowLength < 1 || windowLength > fftSize) {
            throw new IllegalArgumentException("windowLength: expected 1 to fftSize = " + fftSize + ", got "
                    + windowLength);
        }
        if (!(minFrequency >= 0) || !(maxFrequency > minFrequency) || maxFrequency > sampleRate / 2.0) {
            throw new IllegalArgumentException("minFrequency, maxFrequency: expected 0 <= min < max <= sampleRate / 2 = "
                    + sampleRate / 2.0 + ", got " + minFrequency + ", " + maxFrequency);
        }
        if (melScale == null) {
            throw new IllegalArgumentException("melScale: expected HTK or SLANEY, got null");
        }
        if (!(logOffset > 0) || Double.isInfinite(logOffset)) {
            throw new IllegalArgumentException("logOffset: expected a positive finite value, got " + logOffset);
        }
        if (coefficients > melBands) {
            throw new IllegalArgumentException("coefficients: expected at most melBands = " + melBands + ", got "
                    + coefficients);
        }
    }

    /**
     * Speech defaults at {@code sampleRate}: Hann window of 25 ms, hop of 10 ms, FFT size the next
     * power of two, 40 HTK mel bands from 0 Hz to the Nyquist frequency without area normalisation,
     * log offset 1e-6, 13 coefficients, centred frames. At 8 kHz: window 200, hop 80, FFT 256.
     */
    public static FeatureSettings defaults(int sampleRate) {
        positive("sampleRate", sampleRate);
        int windowLength = Math.max(1, Math.round(sampleRate * 0.025f));
        int hop = Math.max(1, Math.round(sampleRate * 0.010f));
        int fft = Integer.highestOneBit(windowLength);
        if (fft < windowLength) {
            fft *= 2;
        }
        return new FeatureSettings(sampleRate, WindowType.HANN, windowLength, hop, fft, 40, 0.0, sampleRate / 2.0,
                MelScale.HTK, false, 1e-6, 13, true);
    }

    /** The number of frequency bins, fftSize / 2 + 1. */
    public int frequencyBins() {
        return fftSize / 2 + 1;
    }

    /**
     * The fewest samples these settings can frame: more than fftSize / 2 when centred (reflection
     * padding needs it, as in PyTorch), fftSize otherwise.
     */
    public int minSamples() {
        return center ? fftSize / 2 + 1 : fftSize;
    }

    /** The number of frames of {@code samples} samples: 1 + N / hop when centred, 1 + (N − fftSize) / hop otherwise. */
    public int frames(int samples) {
        return center ? 1 + samples / hopLength : 1 + (samples - fftSize) / hopLength;
    }

    /** A copy with another window type and length. */
    public FeatureSettings withWindow(WindowType type, int length) {
        return new FeatureSettings(sampleRate, type, length, hopLength, fftSize, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, logOffset, coefficients, center);
    }

    /** A copy with another hop. */
    public FeatureSettings withHopLength(int hop) {
        return new FeatureSettings(sampleRate, window, windowLength, hop, fftSize, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, logOffset, coefficients, center);
    }

    /** A copy with another FFT size. */
    public FeatureSettings withFftSize(int size) {
        return new FeatureSettings(sampleRate, window, windowLength, hopLength, size, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, logOffset, coefficients, center);
    }

    /** A copy with other mel bands, frequency range, scale and normalisation. */
    public FeatureSettings withMel(int bands, double minHz, double maxHz, MelScale scale, boolean slaney) {
        return new FeatureSettings(sampleRate, window, windowLength, hopLength, fftSize, bands, minHz,
                maxHz, scale, slaney, logOffset, coefficients, center);
    }

    /** A copy with another log offset ε. */
    public FeatureSettings withLogOffset(double offset) {
        return new FeatureSettings(sampleRate, window, windowLength, hopLength, fftSize, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, offset, coefficients, center);
    }

    /** A copy with another number of MFCCs. */
    public FeatureSettings withCoefficients(int count) {
        return new FeatureSettings(sampleRate, window, windowLength, hopLength, fftSize, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, logOffset, count, center);
    }

    /** A copy with centred or uncentred frames. */
    public FeatureSettings withCenter(boolean centred) {
        return new FeatureSettings(sampleRate, window, windowLength, hopLength, fftSize, melBands, minFrequency,
                maxFrequency, melScale, slaneyNormalization, logOffset, coefficients, centred);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive value, got " + value);
        }
    }
}
