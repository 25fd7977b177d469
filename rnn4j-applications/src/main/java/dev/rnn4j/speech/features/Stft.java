package dev.rnn4j.speech.features;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The power spectrogram |STFT|² of a signal, as torchaudio's {@code Spectrogram(power=2.0)} over
 * {@code torch.stft(onesided=True, normalized=False)}.
 *
 * <p>With hop h, FFT size K, window w of length L placed at offset (K − L) / 2 of each frame and, when
 * centred, the signal padded by K / 2 on both sides by reflection (x[−1] = x[1], x[N] = x[N − 2]):
 *
 * <pre>
 *   S[t][k] = | Σ_{n=0}^{K−1} x_pad[t h + n] · w_K[n] · e^{−2πi k n / K} |²,   k = 0 .. K / 2
 * </pre>
 *
 * <p>The FFT is JTransforms' {@link DoubleFFT_1D}, in double precision. Instances hold FFT work space:
 * not thread-safe, one per thread.
 */
public final class Stft {
    private final FeatureSettings settings;
    private final double[] window;
    private final int windowOffset;
    private final DoubleFFT_1D fft;
    private final double[] frame;

    /** The transform for {@code settings} (its window, hop, FFT size and centring). */
    public Stft(FeatureSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings: expected feature settings, got null");
        }
        this.settings = settings;
        this.window = settings.window().coefficients(settings.windowLength());
        this.windowOffset = (settings.fftSize() - settings.windowLength()) / 2;
        this.fft = new DoubleFFT_1D(settings.fftSize());
        this.frame = new double[settings.fftSize() % 2 == 0 ? settings.fftSize() : 2 * settings.fftSize()];
    }

    /**
     * The power spectrogram of {@code samples}.
     *
     * @param samples the N samples, N at least {@link FeatureSettings#minSamples()}
     * @return (T, K / 2 + 1) with T = {@link FeatureSettings#frames(int)}
     */
    public double[][] power(float[] samples) {
        if (samples == null) {
            throw new IllegalArgumentException("samples: expected audio samples, got null");
        }
        if (samples.length < settings.minSamples()) {
            throw new IllegalArgumentException("samples: expected at least " + settings.minSamples()
                    + " samples (one analysis window), got " + samples.length);
        }
        int size = settings.fftSize();
        int bins = settings.frequencyBins();
        int frames = settings.frames(samples.length);
        int pad = settings.center() ? size / 2 : 0;
        int length = samples.length;
        double[][] spectrum = new double[frames][bins];
        for (int t = 0; t < frames; t++) {
            java.util.Arrays.fill(frame, 0.0);
            int start = t * settings.hopLength() - pad;
            for (int n = 0; n < window.length; n++) {
                int index = start + windowOffset + n;
                if (index < 0) {
                    index = -index;
                } else if (index >= length) {
                    index = 2 * (length - 1) - index;
                }
                frame[windowOffset + n] = samples[index] * window[n];
            }
            if (size % 2 == 0) {
                // realForward packs: a[0] = Re X0, a[1] = Re X(K/2), a[2k], a[2k+1] = Re, Im Xk
                fft.realForward(frame);
                spectrum[t][0] = frame[0] * frame[0];
                spectrum[t][bins - 1] = frame[1] * frame[1];
                for (int k = 1; k < bins - 1; k++) {
                    spectrum[t][k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
                }
            } else {
                fft.realForwardFull(frame);
                for (int k = 0; k < bins; k++) {
                    spectrum[t][k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
                }
            }
        }
        return spectrum;
    }
}
