package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 product on a prepared B ({@link VectorKernels#packInt8}, {@link Int8PackedGemm}) against
 * {@link ScalarKernels#int8Gemm}: equal bit for bit on awkward sizes (1, 3, 13, 207, 4098, the tails
 * of the 2L-column tile, of the four-row tile and of k modulo 4), with offsets and strides, every byte
 * value including -128 (where two products sum to 32768, one past int16), guard cells around C, and on
 * one, two and three threads.
 */
class Int8PackedGemmTest {

    private static final VectorKernels VECTOR = new VectorKernels();
    private static final int[] TAILS = {1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 63, 65};

    @AfterEach
    void restoreThreads() {
        VectorKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        for (int n : TAILS) {
            for (int k : TAILS) {
                list.add(Arguments.of(n % 9 + 1, n, k));
            }
        }
        int[][] more = {{1, 1, 1}, {3, 3, 3}, {13, 13, 13}, {207, 207, 207}, {1, 4098, 3}, {3, 13, 4098},
            {2, 1025, 257}, {64, 512, 256}, {5, 7, 4097}, {17, 2049, 65}, {1, 1024, 128}, {1, 1024, 256},
            {256, 1024, 256}, {300, 96, 130}, {131, 130, 129}, {4, 32, 4}, {6, 33, 6}};
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
        int[] expected = product(ScalarKernels.INSTANCE, m, n, k, a, aOff, lda, b, bOff, ldb, cOff, ldc);
        Kernels.PackedInt8 packed = VECTOR.packInt8(n, k, b, bOff, ldb);
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels.setThreads(threads);
            int[] actual = guarded(cOff + m * ldc + 4);
            VECTOR.int8GemmPacked(m, a, aOff, lda, packed, actual, cOff, ldc);
            assertArrayEquals(expected, actual, threads + " threads");
        }
    }

    @Test
    void extremeValuesDoNotWrap() {
        // (-128)(-128) twice is 32768, one past int16; (-128)(127) is the most negative product
        int k = 4098;
        int n = 3;
        byte[] a = new byte[2 * k];
        byte[] b = new byte[n * k];
        Arrays.fill(a, 0, k, (byte) -128);
        Arrays.fill(a, k, 2 * k, (byte) 127);
        Arrays.fill(b, 0, k, (byte) -128);
        Arrays.fill(b, k, 2 * k, (byte) 127);
        for (int p = 0; p < k; p++) {
            b[2 * k + p] = (byte) (p % 2 == 0 ? -128 : 127);
        }
        int[] c = guarded(2 * n + 4);
        VECTOR.int8GemmPacked(2, a, 0, k, VECTOR.packInt8(n, k, b, 0, k), c, 0, n);
        assertEquals(16384 * k, c[0]);
        assertEquals(-128 * 127 * k, c[1]);
        assertEquals(16384 * (k / 2) - 128 * 127 * (k / 2), c[2]);
        assertEquals(-128 * 127 * k, c[3]);
        assertEquals(127 * 127 * k, c[4]);
        assertArrayEquals(product(ScalarKernels.INSTANCE, 2, n, k, a, 0, k, b, 0, k, 0, n), c);
    }

    @Test
    void emptyDepthGivesZeros() {
        int[] c = {5, 5, 5, 5};
        VECTOR.int8GemmPacked(2, new byte[0], 0, 0, VECTOR.packInt8(2, 0, new byte[0], 0, 0), c, 0, 2);
        assertArrayEquals(new int[] {0, 0, 0, 0}, c);
    }

    @Test
    void aReferenceOperandFallsBackToTheUnpreparedProduct() {
        Random rnd = new Random(5);
        byte[] a = randomBytes(rnd, 3 * 20);
        byte[] b = randomBytes(rnd, 7 * 20);
        Kernels.PackedInt8 reference = ScalarKernels.INSTANCE.packInt8(7, 20, b, 0, 20);
        int[] c = guarded(3 * 7 + 4);
        VECTOR.int8GemmPacked(3, a, 0, 20, reference, c, 0, 7);
        assertArrayEquals(product(ScalarKernels.INSTANCE, 3, 7, 20, a, 0, 20, b, 0, 20, 0, 7), c);
    }

    private static int[] product(Kernels kernels, int m, int n, int k, byte[] a, int aOff, int lda, byte[] b,
                                 int bOff, int ldb, int cOff, int ldc) {
        int[] c = guarded(cOff + m * ldc + 4);
        kernels.int8Gemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        return c;
    }

    /** C filled with a pattern the product must leave alone outside its (m, n) block. */
    private static int[] guarded(int length) {
        int[] c = new int[length];
        Arrays.fill(c, 0x5A5A5A5A);
        return c;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] out = new byte[n];
        rnd.nextBytes(out); // the whole range, -128..127
        return out;
    }
}
