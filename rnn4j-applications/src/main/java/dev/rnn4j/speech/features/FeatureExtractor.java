package dev.rnn4j.speech.features;

import dev.rnn4j.speech.audio.Waveform;

/**
 * Log-mel filterbank and MFCC features of an utterance, (T, F) with one row per frame.
 *
 * <ul>
 *   <li>Mel spectrogram: E = |STFT(x)|² H ({@link Stft}, {@link MelFilterbank}), torchaudio's
 *       {@code MelSpectrogram} with power 2.</li>
 *   <li>Log-mel: L[t][m] = ln(E[t][m] + ε), ε = {@code logOffset}.</li>
 *   <li>MFCC: C[t][c] = Σ_m L[t][m] · D[m][c], the orthonormal DCT-II
 *       D[m][c] = √(2 / M) · cos(π c (m + ½) / M), times 1/√2 for c = 0; torchaudio's
 *       {@code MFCC(dct_type=2, norm="ortho", log_mels=True)} when ε = 1e-6.</li>
 * </ul>
 *
 * <p>Computed in double precision and returned as float. An instance holds FFT work space: not
 * thread-safe, one per thread.
 */
public final class FeatureExtractor {
    private final FeatureSettings settings;
    private final Stft stft;
    private final MelFilterbank filterbank;
    private final double[][] dct;

    /** An extractor for {@code settings}. */
    public FeatureExtractor(FeatureSettings settings) {
        this.stft = new Stft(settings);
        this.settings = settings;
        this.filterbank = new MelFilterbank(settings);
        int bands = settings.melBands();
        int coefficients = settings.coefficients();
        dct = new double[bands][coefficients];
        for (int m = 0; m < bands; m++) {
            for (int c = 0; c < coefficients; c++) {
                double value = Math.cos(Math.PI / bands * (m + 0.5) * c) * Math.sqrt(2.0 / bands);
                dct[m][c] = c == 0 ? value / Math.sqrt(2.0) : value;
            }
        }
    }

    /** The settings. */
    public FeatureSettings settings() {
        return settings;
    }

    /** The mel spectrogram E (T, M) of {@code samples} (at least {@link FeatureSettings#minSamples()} of them). */
    public double[][] melSpectrogram(float[] samples) {
        return filterbank.apply(stft.power(samples));
    }

    /** The log-mel features (T, M) of {@code samples}. */
    public float[][] logMel(float[] samples) {
        double[][] mel = melSpectrogram(samples);
        float[][] out = new float[mel.length][];
        for (int t = 0; t < mel.length; t++) {
            out[t] = new float[mel[t].length];
            for (int m = 0; m < mel[t].length; m++) {
                out[t][m] = (float) Math.log(mel[t][m] + settings.logOffset());
            }
        }
        return out;
    }

    /** The MFCC features (T, C) of {@code samples}. */
    public float[][] mfcc(float[] samples) {
        double[][] mel = melSpectrogram(samples);
        int bands = settings.melBands();
        int coefficients = settings.coefficients();
        float[][] out = new float[mel.length][coefficients];
        double[] log = new double[bands];
        for (int t = 0; t < mel.length; t++) {
            for (int m = 0; m < bands; m++) {
                log[m] = Math.log(mel[t][m] + settings.logOffset());
            }
            for (int c = 0; c < coefficients; c++) {
                double sum = 0;
                for (int m = 0; m < bands; m++) {
                    sum += log[m] * dct[m][c];
                }
                out[t][c] = (float) sum;
            }
        }
        return out;
    }

    /** The log-mel features of {@code waveform}, whose rate must be the settings' rate. */
    public float[][] logMel(Waveform waveform) {
        return logMel(checkRate(waveform));
    }

    /** The MFCC features of {@code waveform}, whose rate must be the settings' rate. */
    public float[][] mfcc(Waveform waveform) {
        return mfcc(checkRate(waveform));
    }

    private float[] checkRate(Waveform waveform) {
        if (waveform == null) {
            throw new IllegalArgumentException("waveform: expected audio, got null");
        }
        if (waveform.sampleRate() != settings.sampleRate()) {
            throw new IllegalArgumentException("waveform: expected " + settings.sampleRate() + " Hz, got "
                    + waveform.sampleRate() + " Hz; resample it first (Waveform.resampled)");
        }
        return waveform.samples();
    }
}
