package dev.rnn4j.speech.audio;

/**
 * Changes the sample rate of a signal by band-limited (windowed sinc) interpolation, the method of
 * torchaudio's {@code functional.resample} with {@code resampling_method="sinc_interp_hann"}
 * ({@code "sinc_interpolation"} in torchaudio 0.13), and the same numbers.
 *
 * <p>With both rates divided by their greatest common divisor (o = from / g, n = to / g), the cut-off
 * is b = rolloff · min(o, n) and output sample j (of ⌈n · N / o⌉) is
 *
 * <pre>
 *   y[j] = Σ_i x[i] · (b / o) · sinc(π t) · cos²(π t / (2 w)),   t = b · (i / o − j / n),   |t| &lt; w
 * </pre>
 *
 * <p>where sinc(u) = sin(u) / u (1 at 0) and w is {@code lowpassFilterWidth}, the number of zero
 * crossings of the sinc kept on each side. Samples beyond either end count as zero. torchaudio
 * evaluates the same kernel on a grid of o phases times 2⌈w o / b⌉ + o taps, most of them clamped
 * to |t| = w where the window is below 1e-32; this evaluates only the taps with |t| &lt; w, in
 * double precision, so any pair of rates costs about 2 w · max(1, o / n) multiply-adds per output
 * sample and no kernel table.
 */
public final class Resampler {
    /** torchaudio's default number of zero crossings kept on each side. */
    public static final int DEFAULT_LOWPASS_FILTER_WIDTH = 6;
    /** torchaudio's default cut-off as a fraction of the lower Nyquist frequency. */
    public static final double DEFAULT_ROLLOFF = 0.99;

    private final int lowpassFilterWidth;
    private final double rolloff;

    /** A resampler with torchaudio's defaults (width 6, rolloff 0.99). */
    public Resampler() {
        this(DEFAULT_LOWPASS_FILTER_WIDTH, DEFAULT_ROLLOFF);
    }

    /**
     * @param lowpassFilterWidth zero crossings of the sinc kept on each side, positive (sharper and
     *     slower as it grows)
     * @param rolloff the cut-off as a fraction of the lower of the two Nyquist frequencies, in (0, 1]
     */
    public Resampler(int lowpassFilterWidth, double rolloff) {
        if (lowpassFilterWidth <= 0) {
            throw new IllegalArgumentException("lowpassFilterWidth: expected a positive width, got "
                    + lowpassFilterWidth);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("rolloff: expected a value in (0, 1], got " + rolloff);
        }
        this.lowpassFilterWidth = lowpassFilterWidth;
        this.rolloff = rolloff;
    }

    /**
     * Resamples {@code input} from {@code fromRate} to {@code toRate}.
     *
     * @param input the N samples at {@code fromRate}
     * @param fromRate the input rate in Hz, positive
     * @param toRate the output rate in Hz, positive
     * @return ⌈N · toRate / fromRate⌉ samples at {@code toRate}; a copy of the input when the rates match
     */
    public float[] resample(float[] input, int fromRate, int toRate) {
        if (input == null) {
            throw new IllegalArgumentException("input: expected samples, got null");
        }
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("fromRate, toRate: expected positive rates in Hz, got " + fromRate
                    + ", " + toRate);
        }
        if (fromRate == toRate) {
            return input.clone();
        }
        int gcd = gcd(fromRate, toRate);
        long orig = fromRate / gcd;
        long next = toRate / gcd;
        long outputs = (next * input.length + orig - 1) / orig;
        if (outputs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("input: " + input.length + " samples at " + fromRate + " Hz give "
                    + outputs + " samples at " + toRate + " Hz, more than an array holds");
        }
        double base = Math.min(orig, next) * rolloff;
        double scale = base / orig;
        double width = lowpassFilterWidth;
        float[] output = new float[(int) outputs];
        for (int j = 0; j < output.length; j++) {
            // input positions i with |b (i / o - j / n)| < w
            double centre = (double) j * orig / next;
            double reach = width * orig / base;
            long first = Math.max(0, (long) Math.floor(centre - reach));
            long last = Math.min(input.length - 1L, (long) Math.ceil(centre + reach));
            double sum = 0;
            for (long i = first; i <= last; i++) {
                double t = base * ((double) i / orig - (double) j / next);
                if (t <= -width || t >= width) {
                    continue;
                }
                double window = Math.cos(t * Math.PI / width / 2);
                double pt = t * Math.PI;
                double sinc = pt == 0 ? 1.0 : Math.sin(pt) / pt;
                sum += input[(int) i] * sinc * window * window * scale;
            }
            output[j] = (float) sum;
        }
        return output;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
