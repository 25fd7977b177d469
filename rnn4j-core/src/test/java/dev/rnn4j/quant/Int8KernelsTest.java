package dev.rnn4j.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The int8 seam on its own: row quantization (range, the largest element at ±127, zero rows) and the
 * whole dynamically quantized product against the float product, within the bound of
 * {@link Int8Products}: {@code sw/2 · Σ|x| + sx/2 · Σ|w| + K · sw · sx / 4} plus float rounding.
 * Runs with the kernels in use (the vector ones under {@code mvn verify}) and the scalar reference.
 */
class Int8KernelsTest {

    @Test
    void rowsQuantizeSymmetricallyWithTheLargestAt127() {
        float[] x = {0.5f, -2f, 1f, 0f, 0f, 0f, 3e-3f, -1e-3f, 0f};
        byte[] q = new byte[9];
        float[] s = new float[3];
        ScalarKernels.INSTANCE.quantizeRowsInt8(3, 3, x, 0, 3, q, 0, s, 0);
        assertEquals(2f / 127f, s[0]);
        assertEquals(32, q[0]); // round(0.5 · 63.5) = round(31.75)
        assertEquals(-127, q[1]);
        assertEquals(64, q[2]); // round(63.5)
        assertEquals(0f, s[1]); // a row of zeros
        assertEquals(0, q[3] | q[4] | q[5]);
        assertEquals(127, q[6]);
        assertEquals(-42, q[7]); // round(-42.33)
    }

    @Test
    void aMatrixIsPreparedOncePerKernels() {
        Int8Matrix w = Int8Matrix.quantize(dev.rnn4j.tensor.Tensor.of(new float[] {1, -2, 3, 4, 5, -6}, 2, 3));
        Kernels scalar = ScalarKernels.INSTANCE;
        Kernels other = new ScalarKernels();
        Kernels.PackedInt8 first = w.packedFor(scalar);
        assertSame(first, w.packedFor(scalar));
        assertEquals(2, first.rows());
        assertEquals(3, first.depth());
        Kernels.PackedInt8 second = w.packedFor(other);
        assertNotSame(first, second);
        assertSame(second, w.packedFor(other));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"1, 1, 1", "3, 5, 13", "7, 33, 207", "2, 9, 4098", "16, 64, 64"})
    void theQuantizedProductIsWithinItsBound(int m, int n, int k) {
        for (Kernels kernels : new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.get()}) {
            Random rnd = new Random(m * 1000L + n * 10L + k);
            float[] x = new float[m * k];
            float[] w = new float[n * k];
            float[] bias = new float[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * (1 + i % 5)); // rows of uneven magnitude
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((rnd.nextDouble() * 2 - 1) / Math.sqrt(k));
            }
            for (int j = 0; j < n; j++) {
                bias[j] = (float) rnd.nextGaussian();
            }
            Int8Matrix wq = Int8Matrix.quantize(dev.rnn4j.tensor.Tensor.of(w.clone(), n, k));
            float[] y = new float[m * n];
            new Int8Products().project(kernels, m, x, 0, k, wq, bias, 0f, y, 0, n);
            byte[] xq = new byte[m * k];
            float[] sx = new float[m];
            kernels.quantizeRowsInt8(m, k, x, 0, k, xq, 0, sx, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = bias[j];
                    double sumAbsX = 0;
                    double sumAbsW = 0;
                    for (int p = 0; p < k; p++) {
                        exact += (double) x[i * k + p] * w[j * k + p];
                        sumAbsX += Math.abs(x[i * k + p]);
                        sumAbsW += Math.abs(w[j * k + p]);
                    }
                    double sw = wq.scales()[j];
                    double bound = sw / 2 * sumAbsX + sx[i] / 2 * sumAbsW + k * sw * sx[i] / 4;
                    double rounding = 1e-6 * (Math.abs(exact) + Math.abs(bias[j]) + sw * sx[i] * 127 * 127 * k);
                    double error = Math.abs(y[i * n + j] - exact);
                    assertTrue(error <= bound + rounding, kernels.name() + ": y[" + i + ", " + j + "] = "
                            + y[i * n + j] + ", float " + exact + ", error " + error + " above the bound " + bound);
                }
            }
        }
    }
}
