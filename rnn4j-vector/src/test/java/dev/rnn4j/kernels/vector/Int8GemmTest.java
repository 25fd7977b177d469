package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.kernels.ScalarKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector int8 product against {@link ScalarKernels#int8Gemm}: the int32 sums must be equal bit
 * for bit, on awkward sizes (1, 3, 13, 207, 4098 and the tails of 8- and 16-lane vectors and of the
 * four-row block), non-zero offsets, row strides wider than the rows, every byte value including
 * -128 (sign extension), guard cells around C that must stay untouched, and on one, two and three
 * threads (large products split A's rows or B's rows over the worker pool).
 */
class Int8GemmTest {

    private static final VectorKernels VECTOR = new VectorKernels();
    private static final int[] TAILS = {1, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 33};

    @AfterEach
    void restoreThreads() {
        VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        for (int n : TAILS) {
            for (int k : TAILS) {
                list.add(Arguments.of(n % 3 + 1, n, k));
            }
        }
        int[][] more = {{1, 1, 1}, {3, 3, 3}, {13, 13, 13}, {207, 207, 207}, {1, 4098, 3}, {3, 13, 4098},
            {2, 1025, 257}, {64, 512, 256}, {5, 7, 4097}, {17, 2049, 65}, {1, 1024, 256}, {600, 130, 300}};
        for (int[] s : more) {
            list.add(Arguments.of(s[0], s[1], s[2]));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void equalsTheScalarReferenceExactly(int m, int n, int k) {
        Random rnd = new Random(31L * m + 7L * n + k);
        int aOff = 3;
        int lda = k + 5;
        int bOff = 11;
        int ldb = k + 2;
        int cOff = 7;
        int ldc = n + 3;
        byte[] a = randomBytes(rnd, aOff + m * lda);
        byte[] b = randomBytes(rnd, bOff + n * ldb);
        int[] expected = new int[cOff + m * ldc + 4];
        java.util.Arrays.fill(expected, 0x5A5A5A5A); // guard cells: must stay as they are
        ScalarKernels.INSTANCE.int8Gemm(m, n, k, a, aOff, lda, b, bOff, ldb, expected, cOff, ldc);
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels.setThreads(threads);
            int[] actual = new int[expected.length];
            java.util.Arrays.fill(actual, 0x5A5A5A5A);
            VECTOR.int8Gemm(m, n, k, a, aOff, lda, b, bOff, ldb, actual, cOff, ldc);
            assertArrayEquals(expected, actual, threads + " threads");
        }
    }

    @Test
    void extremeValuesSignExtend() {
        int k = 4098; // every product is (-128)(-128) = 16384; the sum must not wrap or lose the sign
        byte[] a = new byte[k];
        byte[] b = new byte[2 * k];
        java.util.Arrays.fill(a, (byte) -128);
        java.util.Arrays.fill(b, 0, k, (byte) -128);
        java.util.Arrays.fill(b, k, 2 * k, (byte) 127);
        int[] c = new int[2];
        VECTOR.int8Gemm(1, 2, k, a, 0, k, b, 0, k, c, 0, 2);
        assertEquals(16384 * k, c[0]);
        assertEquals(-128 * 127 * k, c[1]);
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] out = new byte[n];
        rnd.nextBytes(out); // the whole range, -128..127
        return out;
    }
}
