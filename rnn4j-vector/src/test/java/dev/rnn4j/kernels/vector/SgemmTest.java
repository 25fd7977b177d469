package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.kernels.ScalarKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector GEMM against {@link ScalarKernels#sgemm}: every transposition, beta 0 and 1, awkward
 * sizes (1, 3, 13, 207, 4098 and the tails of 8- and 16-lane vectors and of the 6-row micro-tile),
 * non-zero offsets, leading dimensions wider than the rows, and guard cells around C that must
 * stay untouched. Tolerance grows with k (a different summation order).
 */
class SgemmTest {

    private static final VectorKernels VECTOR = new VectorKernels();
    private static final int[] TAILS = {1, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33};

    @AfterEach
    void restoreThreads() {
        VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        // every (m, n) pair of tails at a few depths, incl. k tails
        for (int m : TAILS) {
            for (int n : TAILS) {
                list.add(Arguments.of(m, n, m % 2 == 0 ? 17 : 33));
            }
        }
        int[][] more = {
            {1, 1, 1}, {3, 3, 3}, {13, 13, 13}, {207, 207, 207}, {5, 64, 257}, {6, 32, 256},
            {1, 4098, 3}, {3, 4098, 13}, {4098, 3, 13}, {13, 1, 4098}, {2, 1025, 257}, {4, 1024, 256},
            {64, 1024, 256}, {121, 95, 520}, {12, 2049, 31}, {100, 33, 1}, {7, 300, 600},
            // many rows: the shared-B parallel path (row blocks of 72, partial last block and panel)
            {300, 301, 299}, {289, 1000, 33}, {1000, 70, 257}, {600, 2100, 20},
            // many rows, several blocks of k, op(B) packed whole (rows in blocks of n·k / threads)
            {700, 45, 600}, {290, 13, 1030}, {1031, 130, 513},
        };
        for (int[] s : more) {
            list.add(Arguments.of(s[0], s[1], s[2]));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void matchesScalarInAllCases(int m, int n, int k) {
        Random random = new Random(31L * m + 7L * n + k);
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 1f}) {
                    check(random, transA, transB, m, n, k, beta);
                }
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sameResultOnOneTwoAndThreeThreads() {
        Random random = new Random(3);
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels.setThreads(threads);
            check(random, false, false, 150, 300, 200, 0f);
            check(random, true, true, 150, 300, 200, 1f);
            check(random, false, true, 3, 5000, 64, 1f);
            check(random, true, false, 4, 3000, 64, 0f);
            check(random, false, true, 700, 40, 100, 0f);
        }
    }

    @Test
    void betaZeroIgnoresNanInC() {
        int m = 9;
        int n = 40;
        int k = 11;
        float[] a = filled(m * k, 1f);
        float[] b = filled(k * n, 2f);
        float[] c = filled(m * n, Float.NaN);
        VECTOR.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (float v : c) {
            assertEquals(2f * k, v, 0f);
        }
        float[] cSmall = filled(2 * n, Float.NaN);
        VECTOR.sgemm(false, true, 2, n, k, a, 0, k, b, 0, k, 0f, cSmall, 0, n);
        for (float v : cSmall) {
            assertEquals(2f * k, v, 0f);
        }
    }

    @Test
    void emptyDepthClearsOrKeepsC() {
        float[] c = filled(12, 5f);
        VECTOR.sgemm(false, false, 3, 4, 0, new float[0], 0, 1, new float[0], 0, 4, 1f, c, 0, 4);
        assertEquals(5f, c[7]);
        VECTOR.sgemm(false, false, 3, 4, 0, new float[0], 0, 1, new float[0], 0, 4, 0f, c, 0, 4);
        assertEquals(0f, c[7]);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void concurrentCallersGetTheirOwnResults() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                try {
                    Random random = new Random(seed);
                    for (int rep = 0; rep < 5; rep++) {
                        check(random, rep % 2 == 0, rep % 3 == 0, 40 + seed, 200, 90, rep % 2);
                        check(random, false, true, 1 + seed % 4, 2000, 100, 1f);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
    }

    @Test
    void transposedAWithoutSlackAfterTheLastRow() {
        // A stored (k, m) with lda = m and nothing after it: the last copy of each A panel cannot
        // read past m, so packing must not take its 8-lane copy there.
        Random random = new Random(23);
        for (int[] s : new int[][] {{6, 40, 9}, {12, 33, 300}, {18, 64, 7}, {72, 5, 260}, {300, 40, 20}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = random(random, k * m);
            float[] b = random(random, k * n);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            ScalarKernels.INSTANCE.sgemm(true, false, m, n, k, a, 0, m, b, 0, n, 0f, expected, 0, n);
            VECTOR.sgemm(true, false, m, n, k, a, 0, m, b, 0, n, 0f, actual, 0, n);
            for (int idx = 0; idx < actual.length; idx++) {
                assertEquals(expected[idx], actual[idx], 1e-6f * (k + 4), "m=" + m + " n=" + n + " k=" + k + " C[" + idx + "]");
            }
        }
    }

    /** Runs one case with offsets, padded leading dimensions and guard cells, and compares. */
    static void check(Random random, boolean transA, boolean transB, int m, int n, int k, float beta) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 5;
        int ldc = n + 2;
        int aOff = 7;
        int bOff = 2;
        int cOff = 11;
        float[] a = random(random, aOff + aRows * lda);
        float[] b = random(random, bOff + bRows * ldb);
        float[] expected = random(random, cOff + m * ldc + 4);
        float[] actual = expected.clone();
        ScalarKernels.INSTANCE.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        VECTOR.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        double tolerance = 1e-6 * (k + 4);
        for (int idx = 0; idx < actual.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(expected[idx], actual[idx], 0f, "guard cell " + idx + " changed");
            } else if (Math.abs(expected[idx] - actual[idx]) > tolerance) {
                fail(String.format("transA=%b transB=%b m=%d n=%d k=%d beta=%s: C[%d, %d] expected %s, got %s",
                        transA, transB, m, n, k, beta, rel / ldc, rel % ldc, expected[idx], actual[idx]));
            }
        }
    }

    static float[] random(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
