package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.kernels.ScalarKernels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vector row quantization and dequantization ({@link Int8Rows}) against the scalar reference: the same
 * bytes, scales and floats bit for bit, on row lengths around every vector width, with offsets, row
 * strides wider than the rows, zero rows, values that land exactly on a rounding tie, and on one, two
 * and three threads (large passes are split by rows).
 */
class Int8RowsTest {

    private static final VectorKernels VECTOR = new VectorKernels();
    private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;

    @AfterEach
    void restoreThreads() {
        VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "cols={0}")
    @ValueSource(ints = {1, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 128, 207, 256, 4098})
    void quantizationEqualsTheReference(int cols) {
        Random rnd = new Random(cols);
        int rows = 37;
        int ldx = cols + 3;
        int xOff = 5;
        float[] x = new float[xOff + rows * ldx];
        for (int i = 0; i < x.length; i++) {
            double scale = Math.pow(10, i % 7 - 3); // rows and columns of very different sizes
            x[i] = (float) (rnd.nextGaussian() * scale);
        }
        Arrays.fill(x, xOff + 2 * ldx, xOff + 2 * ldx + cols, 0f);          // a row of zeros
        Arrays.fill(x, xOff + 3 * ldx, xOff + 3 * ldx + cols, -0f);         // of negative zeros
        Arrays.fill(x, xOff + 4 * ldx, xOff + 4 * ldx + cols, 1e-40f);      // of subnormals
        assertQuantizedAlike(rows, cols, x, xOff, ldx);
    }

    @Test
    void tiesRoundUpAsMathRoundDoes() {
        // with the largest magnitude 127 the multiplier is 1, so these are rounded as they stand
        float[] values = {127f, 2.5f, -2.5f, 0.5f, -0.5f, 1.5f, -1.5f, 126.5f, -126.5f, 0.49999997f, -0.49999997f,
            0.50000006f, -0.50000006f, 63.5f, -63.5f, -127f, 3.4999998f, -3.5000002f, 0f, -0f, 100.25f, -100.75f};
        int cols = values.length;
        float[] x = new float[3 * cols];
        System.arraycopy(values, 0, x, 0, cols);
        for (int j = 0; j < cols; j++) {
            x[cols + j] = values[j] / 2f;       // multiplier 2: the ties stay ties
            x[2 * cols + j] = values[j] * 3f;   // multiplier 1/3: rounded products
        }
        byte[] q = assertQuantizedAlike(3, cols, x, 0, cols);
        assertEquals(3, q[1]);    // 2.5 → 3
        assertEquals(-2, q[2]);   // -2.5 → -2: ties towards +∞
        assertEquals(1, q[3]);
        assertEquals(0, q[4]);
        assertEquals(127, q[7]);  // 126.5 → 127
        assertEquals(-126, q[8]);
        assertEquals(0, q[9]);    // just below one half stays 0
        assertEquals(0, q[10]);
    }

    /** Quantizes with both kernels and checks that bytes (outside the rows too) and scales agree. */
    private static byte[] assertQuantizedAlike(int rows, int cols, float[] x, int xOff, int ldx) {
        int qOff = 2;
        byte[] expected = new byte[qOff + rows * cols + 3];
        byte[] actual = new byte[expected.length];
        Arrays.fill(expected, (byte) 99);
        Arrays.fill(actual, (byte) 99);
        float[] expectedScales = new float[rows + 1];
        float[] actualScales = new float[rows + 1];
        SCALAR.quantizeRowsInt8(rows, cols, x, xOff, ldx, expected, qOff, expectedScales, 1);
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels.setThreads(threads);
            Arrays.fill(actual, (byte) 99);
            Arrays.fill(actualScales, 0f);
            VECTOR.quantizeRowsInt8(rows, cols, x, xOff, ldx, actual, qOff, actualScales, 1);
            assertArrayEquals(expected, actual, threads + " threads");
            assertArrayEquals(expectedScales, actualScales, threads + " threads");
        }
        return Arrays.copyOfRange(actual, qOff, qOff + rows * cols);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 8, 15, 16, 17, 33, 207, 1024, 1027})
    void dequantizationEqualsTheReference(int n) {
        Random rnd = new Random(n);
        int m = 37;
        int ldy = n + 2;
        int yOff = 3;
        int[] acc = new int[m * n];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = i % 11 == 0 ? rnd.nextInt() : rnd.nextInt(2_000_001) - 1_000_000; // some beyond 2²⁴
        }
        float[] aScale = new float[m + 1];
        float[] bScale = new float[n];
        float[] bias = new float[n];
        for (int i = 0; i < aScale.length; i++) {
            aScale[i] = (float) (rnd.nextDouble() * 0.1);
        }
        for (int j = 0; j < n; j++) {
            bScale[j] = (float) (rnd.nextDouble() * 0.01);
            bias[j] = (float) rnd.nextGaussian();
        }
        float[] start = new float[yOff + m * ldy + 2];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) rnd.nextGaussian();
        }
        for (float beta : new float[] {0f, 1f}) {
            for (float[] b : new float[][] {bias, null}) {
                float[] expected = start.clone();
                SCALAR.dequantizeInt32(m, n, acc, aScale, 1, bScale, b, beta, expected, yOff, ldy);
                for (int threads : new int[] {1, 2, 3}) {
                    VectorKernels.setThreads(threads);
                    float[] actual = start.clone();
                    VECTOR.dequantizeInt32(m, n, acc, aScale, 1, bScale, b, beta, actual, yOff, ldy);
                    assertArrayEquals(expected, actual, "beta " + beta + (b == null ? ", no bias" : ", bias") + ", "
                            + threads + " threads");
                }
            }
        }
    }
}
