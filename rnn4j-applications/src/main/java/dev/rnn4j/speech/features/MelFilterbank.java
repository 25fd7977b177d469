package dev.rnn4j.speech.features;

/**
 * Triangular mel filters over the FFT bins, as torchaudio's {@code melscale_fbanks}.
 *
 * <p>Bin k has frequency f_k = k · ⌊sampleRate / 2⌋ / (K / 2). The M + 2 edges are equally spaced on
 * the mel scale from minFrequency to maxFrequency, p_0 .. p_{M+1} in Hz; filter m rises from p_m to
 * p_{m+1} and falls to p_{m+2}:
 *
 * <pre>
 *   H[k][m] = max(0, min((f_k − p_m) / (p_{m+1} − p_m), (p_{m+2} − f_k) / (p_{m+2} − p_{m+1})))
 * </pre>
 *
 * <p>times 2 / (p_{m+2} − p_m) with Slaney normalisation. The mel spectrogram is E[t][m] = Σ_k S[t][k] H[k][m].
 */
public final class MelFilterbank {
    private final double[][] weights;

    /** The filters for {@code settings} (sample rate, FFT size, bands, frequency range, scale, normalisation). */
    public MelFilterbank(FeatureSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings: expected feature settings, got null");
        }
        int bins = settings.frequencyBins();
        int bands = settings.melBands();
        MelScale scale = settings.melScale();
        double[] frequencies = linspace(0, settings.sampleRate() / 2, bins);
        double[] mels = linspace(scale.hzToMel(settings.minFrequency()), scale.hzToMel(settings.maxFrequency()),
                bands + 2);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = scale.melToHz(mels[i]);
        }
        weights = new double[bins][bands];
        for (int k = 0; k < bins; k++) {
            for (int m = 0; m < bands; m++) {
                double rising = (frequencies[k] - edges[m]) / (edges[m + 1] - edges[m]);
                double falling = (edges[m + 2] - frequencies[k]) / (edges[m + 2] - edges[m + 1]);
                double value = Math.max(0.0, Math.min(rising, falling));
                if (settings.slaneyNormalization()) {
                    value *= 2.0 / (edges[m + 2] - edges[m]);
                }
                weights[k][m] = value;
            }
        }
    }

    /** H: (K / 2 + 1, M), a copy. */
    public double[][] weights() {
        double[][] copy = new double[weights.length][];
        for (int k = 0; k < weights.length; k++) {
            copy[k] = weights[k].clone();
        }
        return copy;
    }

    /**
     * E = S H.
     *
     * @param power (T, K / 2 + 1) power spectrogram
     * @return (T, M) mel energies
     */
    public double[][] apply(double[][] power) {
        int bands = weights[0].length;
        double[][] mel = new double[power.length][bands];
        for (int t = 0; t < power.length; t++) {
            if (power[t].length != weights.length) {
                throw new IllegalArgumentException("power: expected " + weights.length + " bins per frame, got "
                        + power[t].length + " in frame " + t);
            }
            for (int k = 0; k < weights.length; k++) {
                double s = power[t][k];
                double[] row = weights[k];
                for (int m = 0; m < bands; m++) {
                    mel[t][m] += s * row[m];
                }
            }
        }
        return mel;
    }

    /** torch.linspace: the first half counted up from start, the second half down from end. */
    private static double[] linspace(double start, double end, int steps) {
        double[] values = new double[steps];
        if (steps == 1) {
            values[0] = start;
            return values;
        }
        double step = (end - start) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            values[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
        }
        return values;
    }
}
