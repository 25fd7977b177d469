package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every pointwise kernel of {@link VectorKernels} against {@link ScalarKernels} on awkward sizes
 * (the tails of 8- and 16-lane vectors, 1, 3, 13, 207, 4098), several rows, non-zero offsets and
 * pre-activations wide enough to reach the saturated ends of sigmoid and tanh. Tolerance: 1e-6
 * absolute plus 1e-5 relative, well inside the golden tests' 1e-5 + 1e-4.
 */
class VectorKernelsTest {

    private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
    private static final VectorKernels VECTOR = new VectorKernels();

    @ParameterizedTest(name = "hidden={0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33, 207})
    void lstmForwardAndBackward(int hidden) {
        Random random = new Random(hidden);
        // the last row count reaches the multi-threaded split (PARALLEL_MIN_GATE_ELEMENTS)
        for (int rows : new int[] {1, 3, VectorGates.PARALLEL_MIN_GATE_ELEMENTS / hidden + 1}) {
            int width = 4 * hidden;
            float[] gates = spread(random, 5 + rows * width, 12f);
            float[] cPrev = spread(random, 2 + rows * hidden, 3f);
            float[] gatesVector = gates.clone();
            float[] c = new float[3 + rows * hidden];
            float[] h = new float[1 + rows * hidden];
            float[] cVector = c.clone();
            float[] hVector = h.clone();
            SCALAR.lstmGatesForward(gates, 5, cPrev, 2, c, 3, h, 1, rows, hidden);
            VECTOR.lstmGatesForward(gatesVector, 5, cPrev, 2, cVector, 3, hVector, 1, rows, hidden);
            close("lstm gates", gates, gatesVector);
            close("lstm c", c, cVector);
            close("lstm h", h, hVector);

            float[] dh = spread(random, 4 + rows * hidden, 1f);
            float[] dc = spread(random, 6 + rows * hidden, 1f);
            float[] dGates = new float[2 + rows * width];
            float[] dcPrev = new float[rows * hidden + 1];
            float[] dGatesVector = dGates.clone();
            float[] dcPrevVector = dcPrev.clone();
            SCALAR.lstmGatesBackward(gates, 5, cPrev, 2, c, 3, dh, 4, dc, 6, dGates, 2, dcPrev, 1, rows, hidden);
            VECTOR.lstmGatesBackward(gates, 5, cPrev, 2, c, 3, dh, 4, dc, 6, dGatesVector, 2, dcPrevVector, 1,
                    rows, hidden);
            close("lstm dGates", dGates, dGatesVector);
            close("lstm dcPrev", dcPrev, dcPrevVector);

            // dcPrev may alias dc
            float[] dcAliased = dc.clone();
            float[] dcAliasedVector = dc.clone();
            SCALAR.lstmGatesBackward(gates, 5, cPrev, 2, c, 3, dh, 4, dcAliased, 6, dGates, 2, dcAliased, 6,
                    rows, hidden);
            VECTOR.lstmGatesBackward(gates, 5, cPrev, 2, c, 3, dh, 4, dcAliasedVector, 6, dGatesVector, 2,
                    dcAliasedVector, 6, rows, hidden);
            close("lstm dcPrev aliased", dcAliased, dcAliasedVector);
        }
    }

    @ParameterizedTest(name = "hidden={0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33, 207})
    void gruForwardAndBackward(int hidden) {
        Random random = new Random(100 + hidden);
        for (int rows : new int[] {1, 3, VectorGates.PARALLEL_MIN_GATE_ELEMENTS / hidden + 1}) {
            int width = 3 * hidden;
            float[] ih = spread(random, 3 + rows * width, 8f);
            float[] hh = spread(random, 1 + rows * width, 8f);
            float[] hPrev = spread(random, 2 + rows * hidden, 1f);
            float[] acts = new float[4 + rows * width];
            float[] h = new float[rows * hidden];
            float[] actsVector = acts.clone();
            float[] hVector = h.clone();
            SCALAR.gruGatesForward(ih, 3, hh, 1, hPrev, 2, acts, 4, h, 0, rows, hidden);
            VECTOR.gruGatesForward(ih, 3, hh, 1, hPrev, 2, actsVector, 4, hVector, 0, rows, hidden);
            close("gru acts", acts, actsVector);
            close("gru h", h, hVector);

            float[] dh = spread(random, 5 + rows * hidden, 1f);
            float[] dIh = new float[1 + rows * width];
            float[] dHh = new float[2 + rows * width];
            float[] dhPrev = new float[3 + rows * hidden];
            float[] dIhVector = dIh.clone();
            float[] dHhVector = dHh.clone();
            float[] dhPrevVector = dhPrev.clone();
            SCALAR.gruGatesBackward(acts, 4, hh, 1, hPrev, 2, dh, 5, dIh, 1, dHh, 2, dhPrev, 3, rows, hidden);
            VECTOR.gruGatesBackward(acts, 4, hh, 1, hPrev, 2, dh, 5, dIhVector, 1, dHhVector, 2, dhPrevVector, 3,
                    rows, hidden);
            close("gru dIh", dIh, dIhVector);
            close("gru dHh", dHh, dHhVector);
            close("gru dhPrev", dhPrev, dhPrevVector);
        }
    }

    @ParameterizedTest(name = "count={0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33, 207, 4098})
    void rnnActivationsAndHelpers(int count) {
        Random random = new Random(200 + count);
        for (boolean relu : new boolean[] {false, true}) {
            float[] pre = spread(random, 3 + count, 10f);
            float[] h = new float[1 + count];
            float[] hVector = h.clone();
            SCALAR.rnnActivationForward(pre, 3, h, 1, count, relu);
            VECTOR.rnnActivationForward(pre, 3, hVector, 1, count, relu);
            close("rnn h relu=" + relu, h, hVector);
            float[] dh = spread(random, 2 + count, 1f);
            float[] dPre = new float[4 + count];
            float[] dPreVector = dPre.clone();
            SCALAR.rnnActivationBackward(h, 1, dh, 2, dPre, 4, count, relu);
            VECTOR.rnnActivationBackward(h, 1, dh, 2, dPreVector, 4, count, relu);
            close("rnn dPre relu=" + relu, dPre, dPreVector);
        }

        float[] x = spread(random, 2 + count, 1f);
        float[] y = spread(random, 5 + count, 1f);
        float[] yVector = y.clone();
        SCALAR.axpy(count, -0.75f, x, 2, y, 5);
        VECTOR.axpy(count, -0.75f, x, 2, yVector, 5);
        close("axpy", y, yVector);

        for (int rows : new int[] {1, 3}) {
            float[] dst = spread(random, 3 + rows * count + 2, 1f);
            float[] dstVector = dst.clone();
            float[] bias = spread(random, 1 + count, 1f);
            SCALAR.addRowVector(dst, 3, rows, count, bias, 1);
            VECTOR.addRowVector(dstVector, 3, rows, count, bias, 1);
            close("addRowVector", dst, dstVector);
            float[] sums = spread(random, 2 + count, 1f);
            float[] sumsVector = sums.clone();
            SCALAR.addColumnSums(dst, 3, rows, count, sums, 2);
            VECTOR.addColumnSums(dst, 3, rows, count, sumsVector, 2);
            close("addColumnSums", sums, sumsVector);
        }
    }

    @Test
    void columnSumsAddEachColumnsRowsInTheReferenceOrder() {
        // Same order of additions per column as the scalar reference, so the sums agree bit for bit.
        Random random = new Random(31);
        for (int rows : new int[] {1, 3, 13, 207}) {
            for (int cols : new int[] {1, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33, 207, 1024}) {
                float[] src = spread(random, 3 + rows * cols + 2, 1f);
                float[] sums = spread(random, 2 + cols + 1, 1f);
                float[] sumsVector = sums.clone();
                SCALAR.addColumnSums(src, 3, rows, cols, sums, 2);
                VECTOR.addColumnSums(src, 3, rows, cols, sumsVector, 2);
                for (int i = 0; i < sums.length; i++) {
                    if (Float.floatToIntBits(sums[i]) != Float.floatToIntBits(sumsVector[i])) {
                        fail("addColumnSums rows=" + rows + " cols=" + cols + " [" + i + "]: expected " + sums[i]
                                + ", got " + sumsVector[i]);
                    }
                }
            }
        }
    }

    @Test
    void gatePassesAgreeOnOneAndThreeThreads() {
        try {
            for (int threads : new int[] {1, 3}) {
                VectorKernels.setThreads(threads);
                lstmForwardAndBackward(64);
                gruForwardAndBackward(129);
            }
        } finally {
            VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void providerLoadsTheVectorKernels() {
        assertInstanceOf(VectorKernels.class, KernelProvider.tryVector());
        assertTrue(VECTOR.name().startsWith("vector ("), VECTOR.name());
    }

    @Test
    void setThreadsRejectsNonsense() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorKernels.setThreads(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    /** Values uniform in [-range, range], with a few exact saturating extremes mixed in. */
    private static float[] spread(Random random, int length, float range) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * range;
        }
        if (length > 4) {
            values[length - 1] = 100f;
            values[length - 2] = -100f;
        }
        return values;
    }

    private static void close(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (!(Math.abs(e - a) <= 1e-6 + 1e-5 * Math.abs(e))) {
                fail(what + "[" + i + "]: expected " + e + ", got " + a);
            }
        }
    }
}
