package dev.rnn4j.quant;

import dev.rnn4j.kernels.Kernels;

/**
 * The dynamically quantized product {@code y = x · Wᵀ + bias} with int8 W: the rows of x are
 * quantized at run time ({@link Kernels#quantizeRowsInt8}, one symmetric scale per row), multiplied
 * with {@link Kernels#int8GemmPacked} (W prepared once per kernels, {@code Int8Matrix.packedFor})
 * into int32 and dequantized with both scales
 * ({@link Kernels#dequantizeInt32}). Holds the work arrays of one caller: not thread-safe; each
 * thread (or each call of a thread-safe caller) uses its own.
 *
 * <p>Error: for one output, with {@code sx}, {@code sw} the two scales, the result differs from the
 * float product {@code Σ_k w_k x_k} by at most
 * {@code sw/2 · Σ|x_k| + sx/2 · Σ|w_k| + K · sw · sx / 4} (each factor is off by at most half its
 * scale), plus float rounding of the last two steps.
 */
final class Int8Products {

    private byte[] q = new byte[0];
    private float[] rowScales = new float[0];
    private int[] acc = new int[0];

    /**
     * {@code y (m, n) = beta · y + x (m, k) · Wᵀ + bias}, W (n, k) in int8; x has row stride
     * {@code ldx}, y row stride {@code ldy}; bias (n) or null; beta 0 or 1.
     */
    void project(Kernels kernels, int m, float[] x, int xOff, int ldx, Int8Matrix w, float[] bias, float beta,
                 float[] y, int yOff, int ldy) {
        int k = w.cols();
        int n = w.rows();
        if (q.length < m * k) {
            q = new byte[m * k];
        }
        if (rowScales.length < m) {
            rowScales = new float[m];
        }
        if (acc.length < m * n) {
            acc = new int[m * n];
        }
        kernels.quantizeRowsInt8(m, k, x, xOff, ldx, q, 0, rowScales, 0);
        kernels.int8GemmPacked(m, q, 0, k, w.packedFor(kernels), acc, 0, n);
        kernels.dequantizeInt32(m, n, acc, rowScales, 0, w.scales(), bias, beta, y, yOff, ldy);
    }
}
