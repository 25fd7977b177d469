package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.ArrayCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link VectorKernels#sgemmPacked} with a right operand from {@link VectorKernels#packRight}
 * against the reference {@link ScalarKernels#sgemm}: both storages of B, beta 0 and 1, awkward
 * sizes (1, 3, 13, 207, the 6-row micro-tile's and the vector widths' tails, k past one and two
 * blocks), offsets, leading dimensions wider than the rows, guard cells around C, one handle used
 * for many products, panels released and reused by the next operand, and 1 to 3 threads.
 */
class PackedGemmTest {

    private static final VectorKernels VECTOR = new VectorKernels();

    @AfterEach
    void restoreThreads() {
        VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> shapes() {
        int[] rows = {1, 3, 4, 5, 6, 7, 13, 64, 121, 207};
        int[][] nk = {{1, 1}, {3, 3}, {13, 13}, {8, 17}, {15, 31}, {16, 33}, {17, 256}, {31, 257}, {33, 520},
            {64, 7}, {207, 207}, {1025, 3}, {48, 600}};
        List<Arguments> list = new ArrayList<>();
        for (int m : rows) {
            for (int[] s : nk) {
                list.add(Arguments.of(m, s[0], s[1]));
            }
        }
        // the recurrent steps of the benchmarks: h · W_hhᵀ and dGates · W_hh
        list.add(Arguments.of(64, 1024, 256));
        list.add(Arguments.of(64, 256, 1024));
        list.add(Arguments.of(32, 2048, 512));
        list.add(Arguments.of(130, 300, 70));
        return list.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void matchesScalarGemm(int m, int n, int k) {
        Random random = new Random(17L * m + 5L * n + k);
        for (boolean transB : new boolean[] {false, true}) {
            for (float beta : new float[] {0f, 1f}) {
                check(random, transB, m, n, k, beta);
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sameResultOnOneTwoAndThreeThreads() {
        Random random = new Random(5);
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels.setThreads(threads);
            check(random, true, 64, 1024, 256, 1f);
            check(random, false, 64, 256, 1024, 0f);
            check(random, true, 9, 100, 40, 0f);
            check(random, false, 300, 70, 300, 1f);
        }
    }

    @Test
    void releasedPanelsServeTheNextOperandOfTheSameSizeWithItsOwnValues() {
        assertTrue(ArrayCache.keeping(), "the tests run with -Drnn4j.java21Paths=true (pom.xml)");
        ArrayCache.clear();
        Random random = new Random(11);
        int m = 64;
        int n = 300; // not a multiple of the panel width: padded columns
        int k = 260; // past one KC block; the panels (320 · 260 floats) are big enough to be kept
        VECTOR.packRight(true, k, n, new float[n * k], 0, k).release(); // never packed: nothing to give
        float[] a = SgemmTest.random(random, m * k);
        float[] first = new float[n * k];
        java.util.Arrays.fill(first, 1e3f);
        Kernels.PackedMatrix firstPacked = VECTOR.packRight(true, k, n, first, 0, k);
        VECTOR.sgemmPacked(m, a, 0, k, firstPacked, 0f, new float[m * n], 0, n);
        float[] firstPanels = ((PreparedSgemm.PackedB) firstPacked).panels();
        firstPacked.release();

        float[] second = SgemmTest.random(random, n * k);
        Kernels.PackedMatrix secondPacked = VECTOR.packRight(true, k, n, second, 0, k);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        ScalarKernels.INSTANCE.sgemm(false, true, m, n, k, a, 0, k, second, 0, k, 0f, expected, 0, n);
        VECTOR.sgemmPacked(m, a, 0, k, secondPacked, 0f, actual, 0, n);
        assertTrue(firstPanels == ((PreparedSgemm.PackedB) secondPacked).panels(), "the released panels are reused");
        for (int idx = 0; idx < actual.length; idx++) {
            assertEquals(expected[idx], actual[idx], 1e-6f * (k + 4), "C[" + idx + "]");
        }
        secondPacked.release();
        ArrayCache.clear();
    }

    @Test
    void oneHandleServesManyProductsAndIgnoresNanInCAtBetaZero() {
        Random random = new Random(9);
        int n = 200;
        int k = 300;
        float[] b = SgemmTest.random(random, n * k); // stored (n, k): op(B) = Bᵀ
        Kernels.PackedMatrix packed = VECTOR.packRight(true, k, n, b, 0, k);
        assertInstanceOf(PreparedSgemm.PackedB.class, packed);
        for (int m : new int[] {64, 2, 64, 13, 1, 64}) {
            float[] a = SgemmTest.random(random, m * k);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            java.util.Arrays.fill(actual, Float.NaN);
            ScalarKernels.INSTANCE.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, 0f, expected, 0, n);
            VECTOR.sgemmPacked(m, a, 0, k, packed, 0f, actual, 0, n);
            for (int idx = 0; idx < actual.length; idx++) {
                assertEquals(expected[idx], actual[idx], 1e-6f * (k + 4), "m=" + m + " C[" + idx + "]");
            }
        }
    }

    @Test
    void emptyOperandKeepsOrClearsC() {
        Kernels.PackedMatrix empty = VECTOR.packRight(false, 0, 4, new float[0], 0, 4);
        float[] c = new float[12];
        java.util.Arrays.fill(c, 5f);
        VECTOR.sgemmPacked(3, new float[0], 0, 1, empty, 1f, c, 0, 4);
        assertEquals(5f, c[7]);
        VECTOR.sgemmPacked(3, new float[0], 0, 1, empty, 0f, c, 0, 4);
        assertEquals(0f, c[7]);
    }

    @Test
    void scalarReferenceKeepsTheOperandByReference() {
        float[] b = {1f, 2f, 3f, 4f, 5f, 6f};
        Kernels.PackedMatrix packed = ScalarKernels.INSTANCE.packRight(false, 2, 3, b, 0, 3);
        assertEquals(2, packed.depth());
        assertEquals(3, packed.columns());
        float[] c = new float[3];
        ScalarKernels.INSTANCE.sgemmPacked(1, new float[] {1f, 10f}, 0, 2, packed, 0f, c, 0, 3);
        assertEquals(41f, c[0]);
        assertEquals(52f, c[1]);
        assertEquals(63f, c[2]);
        assertNotSame(PreparedSgemm.PackedB.class, packed.getClass());
    }

    /** One product with offsets, padded leading dimensions and guard cells, against the reference. */
    private static void check(Random random, boolean transB, int m, int n, int k, float beta) {
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = k + 3;
        int ldb = bCols + 5;
        int ldc = n + 2;
        int aOff = 7;
        int bOff = 2;
        int cOff = 11;
        float[] a = SgemmTest.random(random, aOff + m * lda);
        float[] b = SgemmTest.random(random, bOff + bRows * ldb);
        float[] expected = SgemmTest.random(random, cOff + m * ldc + 4);
        float[] actual = expected.clone();
        ScalarKernels.INSTANCE.sgemm(false, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        Kernels.PackedMatrix packed = VECTOR.packRight(transB, k, n, b, bOff, ldb);
        VECTOR.sgemmPacked(m, a, aOff, lda, packed, beta, actual, cOff, ldc);
        double tolerance = 1e-6 * (k + 4);
        for (int idx = 0; idx < actual.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(expected[idx], actual[idx], 0f, "guard cell " + idx + " changed");
            } else if (Math.abs(expected[idx] - actual[idx]) > tolerance) {
                fail(String.format("transB=%b m=%d n=%d k=%d beta=%s: C[%d, %d] expected %s, got %s",
                        transB, m, n, k, beta, rel / ldc, rel % ldc, expected[idx], actual[idx]));
            }
        }
    }
}
