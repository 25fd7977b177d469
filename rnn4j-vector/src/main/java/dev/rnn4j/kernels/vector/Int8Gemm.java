package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 product {@code C = A · Bᵀ} (int32 sums) on the Vector API, for
 * {@link dev.rnn4j.kernels.Kernels#int8Gemm}.
 *
 * <p>The Vector API has no int8 dot-product operation (no {@code vpdpbusd}/{@code pmaddubsw}
 * intrinsic on every CPU), so each step loads L bytes of a row ({@code L} = the int lanes of the
 * preferred shape: 8 on AVX2, 16 on AVX-512), widens them to L ints ({@code B2I}, a sign-extending
 * {@code vpmovsxbd} on x86), multiplies and adds in int32. Four rows of B share each widened
 * slice of A (four accumulators, one pass over A's row per four outputs); the last k mod L columns
 * and the last n mod 4 rows are finished with the scalar loop. Integer sums do not depend on their
 * order, so C equals the scalar reference's exactly, on any number of threads. With 128-bit vectors
 * (4 int lanes, whose 4 bytes make no vector shape) {@link VectorKernels} keeps the scalar reference.
 *
 * <p>This is the product on B as the caller stores it; products that share a prepared B go through
 * {@link Int8PackedGemm} (int16 multiplies, k-major column tiles), which the quantized layers use. Products of
 * at least {@link Sgemm#PARALLEL_MIN_FMAS} multiply-adds run on the GEMM's {@link WorkerPool}, as the
 * float GEMM does: blocks of rows when A has at least as many rows as B, else one share of B's rows
 * (in groups of four) per thread. Stateless; thread-safe.
 */
final class Int8Gemm {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int L = INTS.length();
    /** Whether L bytes make a vector shape (64 bits at least): AVX2 and AVX-512 yes, 128-bit NEON and SSE no. */
    static final boolean SUPPORTED = L * 8 >= 64;
    private static final VectorSpecies<Byte> BYTES =
            SUPPORTED ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;

    private Int8Gemm() {
    }

    /** The int8 product, when {@link #SUPPORTED}; see {@link dev.rnn4j.kernels.Kernels#int8Gemm} for the shapes. */
    static void gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb,
                     int[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        long macs = (long) m * n * k;
        WorkerPool pool = macs >= Sgemm.PARALLEL_MIN_FMAS ? Sgemm.pool() : null;
        if (pool != null) {
            boolean splitRows = m >= n;
            int parts = Math.min(pool.size(), splitRows ? m : (n + 3) / 4);
            if (parts > 1) {
                Call call = CALLS.get();
                call.m = m;
                call.n = n;
                call.k = k;
                call.a = a;
                call.aOff = aOff;
                call.lda = lda;
                call.b = b;
                call.bOff = bOff;
                call.ldb = ldb;
                call.c = c;
                call.cOff = cOff;
                call.ldc = ldc;
                call.splitRows = splitRows;
                boolean ran = pool.tryRun(call, parts);
                call.a = null; // do not keep the caller's arrays reachable
                call.b = null;
                call.c = null;
                if (ran) {
                    return;
                }
            }
        }
        serial(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    /** The arguments of one parallel product; part p takes a block of A's rows or of B's rows. */
    private static final class Call implements WorkerPool.Job {
        int m;
        int n;
        int k;
        byte[] a;
        int aOff;
        int lda;
        byte[] b;
        int bOff;
        int ldb;
        int[] c;
        int cOff;
        int ldc;
        boolean splitRows;

        @Override
        public void run(int part, int parts) {
            if (splitRows) {
                int from = (int) ((long) m * part / parts);
                int to = (int) ((long) m * (part + 1) / parts);
                serial(to - from, n, k, a, aOff + from * lda, lda, b, bOff, ldb, c, cOff + from * ldc, ldc);
            } else {
                int groups = (n + 3) / 4;
                int from = (int) ((long) groups * part / parts) * 4;
                int to = Math.min(n, (int) ((long) groups * (part + 1) / parts) * 4);
                serial(m, to - from, k, a, aOff, lda, b, bOff + from * ldb, ldb, c, cOff + from, ldc);
            }
        }
    }

    /** The product on the calling thread. */
    static void serial(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb,
                       int[] c, int cOff, int ldc) {
        int kMain = k - k % L;
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * lda;
            int cRow = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                IntVector s0 = IntVector.zero(INTS);
                IntVector s1 = IntVector.zero(INTS);
                IntVector s2 = IntVector.zero(INTS);
                IntVector s3 = IntVector.zero(INTS);
                for (int p = 0; p < kMain; p += L) {
                    IntVector x = widen(a, aRow + p);
                    s0 = s0.add(x.mul(widen(b, b0 + p)));
                    s1 = s1.add(x.mul(widen(b, b1 + p)));
                    s2 = s2.add(x.mul(widen(b, b2 + p)));
                    s3 = s3.add(x.mul(widen(b, b3 + p)));
                }
                int r0 = s0.reduceLanes(VectorOperators.ADD);
                int r1 = s1.reduceLanes(VectorOperators.ADD);
                int r2 = s2.reduceLanes(VectorOperators.ADD);
                int r3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = kMain; p < k; p++) {
                    int x = a[aRow + p];
                    r0 += x * b[b0 + p];
                    r1 += x * b[b1 + p];
                    r2 += x * b[b2 + p];
                    r3 += x * b[b3 + p];
                }
                c[cRow + j] = r0;
                c[cRow + j + 1] = r1;
                c[cRow + j + 2] = r2;
                c[cRow + j + 3] = r3;
            }
            for (; j < n; j++) {
                int bRow = bOff + j * ldb;
                IntVector s = IntVector.zero(INTS);
                for (int p = 0; p < kMain; p += L) {
                    s = s.add(widen(a, aRow + p).mul(widen(b, bRow + p)));
                }
                int r = s.reduceLanes(VectorOperators.ADD);
                for (int p = kMain; p < k; p++) {
                    r += a[aRow + p] * b[bRow + p];
                }
                c[cRow + j] = r;
            }
        }
    }

    /** L bytes from {@code array[offset]}, sign-extended to L ints. */
    private static IntVector widen(byte[] array, int offset) {
        return (IntVector) ByteVector.fromArray(BYTES, array, offset).convertShape(VectorOperators.B2I, INTS, 0);
    }
}
