package dev.rnn4j.recurrent;

/**
 * The row arithmetic the layer-normalised cells share ({@link LayerNormLstmCell},
 * {@link LayerNormGruCell}): moving one row between the run's arrays ({@code float[]} or
 * {@code double[]}, as the run's {@link SeqMath}) and a {@code double[]} scratch, and layer
 * normalisation of one block of a row, forward and backward. The cells compute each row in double
 * precision in the scratch and store the results back in the run's element type; the dispatch on
 * the array type happens once per row and block, never per element.
 */
final class RowMath {

    /** PyTorch's {@code nn.LayerNorm} default. */
    static final double LAYER_NORM_EPS = 1e-5;

    private RowMath() {
    }

    /**
     * The streaming stepper's weight of a layer-normalised cell: {@code [W_ih | 0]} ({@code rows} rows) over
     * {@code [0 | W_hh]} ({@code rows} rows), each row {@code in + state} wide, so that the two products stay apart.
     */
    static void stackBlockDiagonal(int in, int state, int rows, float[] wIh, float[] wHh, float[] w) {
        int width = in + state;
        for (int j = 0; j < rows; j++) {
            System.arraycopy(wIh, j * in, w, j * width, in);
            System.arraycopy(wHh, j * state, w, (rows + j) * width + in, state);
        }
    }

    /** {@code dst[dOff..dOff + n) = src[off..off + n)}, src a {@code float[]} or {@code double[]}. */
    static void load(Object src, int off, double[] dst, int dOff, int n) {
        if (src instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                dst[dOff + i] = f[off + i];
            }
        } else {
            System.arraycopy((double[]) src, off, dst, dOff, n);
        }
    }

    /** {@code dst[off..off + n) = src[sOff..sOff + n)}, dst a {@code float[]} or {@code double[]}. */
    static void store(double[] src, int sOff, Object dst, int off, int n) {
        if (dst instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                f[off + i] = (float) src[sOff + i];
            }
        } else {
            System.arraycopy(src, sOff, (double[]) dst, off, n);
        }
    }

    /** {@code dst[0..n) += src[sOff..sOff + n)}, dst a {@code float[]} or {@code double[]} (a parameter's gradient). */
    static void addInto(double[] src, int sOff, Object dst, int n) {
        if (dst instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                f[i] += (float) src[sOff + i];
            }
        } else {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] += src[sOff + i];
            }
        }
    }

    /**
     * Layer normalisation without gain or shift, in place: {@code x̂ = (x − mean) / √(var + eps)} over
     * {@code s[off..off + n)}, the biased variance as PyTorch's. Returns {@code 1 / √(var + eps)}.
     */
    static double normalize(double[] s, int off, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += s[off + i];
        }
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double centred = s[off + i] - mean;
            variance += centred * centred;
        }
        variance /= n;
        double rstd = 1 / Math.sqrt(variance + LAYER_NORM_EPS);
        for (int i = 0; i < n; i++) {
            s[off + i] = (s[off + i] - mean) * rstd;
        }
        return rstd;
    }

    /**
     * Backward of {@link #normalize}, in place: turns the gradient of x̂ at {@code s[dOff..dOff + n)}
     * into that of x, {@code dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂))}, with x̂ at
     * {@code s[xHatOff..xHatOff + n)}.
     */
    static void normalizeBackward(double[] s, int xHatOff, int dOff, int n, double rstd) {
        double meanD = 0;
        double meanDx = 0;
        for (int i = 0; i < n; i++) {
            meanD += s[dOff + i];
            meanDx += s[dOff + i] * s[xHatOff + i];
        }
        meanD /= n;
        meanDx /= n;
        for (int i = 0; i < n; i++) {
            s[dOff + i] = rstd * (s[dOff + i] - meanD - s[xHatOff + i] * meanDx);
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
