package dev.rnn4j.speech.features;

/**
 * The analysis window, periodic as PyTorch's {@code torch.hann_window(L)} and
 * {@code torch.hamming_window(L)} (their default {@code periodic=True}): for n in [0, L),
 * <ul>
 *   <li>HANN: w[n] = 0.5 − 0.5 cos(2π n / L)</li>
 *   <li>HAMMING: w[n] = 0.54 − 0.46 cos(2π n / L)</li>
 *   <li>RECTANGULAR: w[n] = 1</li>
 * </ul>
 */
public enum WindowType {
    HANN,
    HAMMING,
    RECTANGULAR;

    /** The L coefficients of this window, L at least 1 (a window of length 1 is {1}). */
    public double[] coefficients(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length: expected at least 1, got " + length);
        }
        double[] w = new double[length];
        if (length == 1 || this == RECTANGULAR) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        double a = this == HANN ? 0.5 : 0.54;
        for (int n = 0; n < length; n++) {
            w[n] = a - (1 - a) * Math.cos(2 * Math.PI * n / length);
        }
        return w;
    }
}
