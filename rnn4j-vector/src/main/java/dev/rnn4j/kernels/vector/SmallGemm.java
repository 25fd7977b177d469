package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for at most {@link Sgemm#SMALL_M} rows of C, without packing: the recurrent step
 * {@code gates = h · W_hhᵀ} at batch 1..4, where packing B would cost as much as the product.
 *
 * <p>Both kernels work on four rows of A at once; when m is below 4 the missing rows repeat the
 * last real row (their results are discarded), which costs FMAs but no extra memory traffic, and
 * these products are bound by reading B.
 *
 * <p>Deterministic: every output is summed in one fixed order whichever thread or JIT tier runs it
 * (lane sums by {@link #LANE_SWAPS}), so the same inputs give the same bits on every call.
 */
final class SmallGemm {

    private SmallGemm() {
    }

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();

    /** Per-thread copy of A's rows when A is transposed (the dot-product kernel wants rows). */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Lane sums in a fixed order: an accumulator v becomes {@code v + v.rearrange(swap)} for each
     * swap here in turn (lane i with lane i xor L/2, then i xor L/4, ..., i xor 1), after which lane
     * 0 holds the sum of all lanes.
     *
     * <p>Why not {@code reduceLanes(VectorOperators.ADD)}: its order of additions is unspecified,
     * and on JDK 25 the JIT-compiled intrinsic adds in one order while the interpreter and C1 (the
     * Java fallback) add lane after lane, so the same call gave different bits before and after C2
     * compiled it, and training was not reproducible run to run (when compilation happens depends
     * on timing). Lane-wise additions and permutations are exact in every tier. This costs about
     * what the JDK 25 intrinsic does; the loop over the swaps is written at each call site, since a
     * vector passed to a method C2 does not inline is boxed (measured: megabytes per call).
     */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] LANE_SWAPS = java.util.stream.IntStream
            .iterate(L / 2, distance -> distance >= 1, distance -> distance / 2)
            .mapToObj(distance -> VectorShuffle.fromOp(S, i -> i ^ distance))
            .toArray(VectorShuffle[]::new);

    /**
     * C (m × n) = A · Bᵀ (+ C): B stored (n, k), so C[i, j] is the dot product of row i of op(A)
     * and row j of B, both contiguous in k (A is first copied into rows when transA).
     */
    static void rowsTimesTransposed(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (transA) {
            float[][] holder = ROWS.get();
            if (holder[0].length < m * k) {
                holder[0] = new float[m * k];
            }
            float[] rows = holder[0];
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    rows[i * k + p] = a[aOff + p * lda + i];
                }
            }
            a = rows;
            aOff = 0;
            lda = k;
        }
        boolean accumulate = beta != 0f;
        if (m == 1) {
            rowTimesTransposed(n, k, a, aOff, b, bOff, ldb, accumulate, c, cOff);
            return;
        }
        int a0 = aOff;
        int a1 = aOff + Math.min(1, m - 1) * lda;
        int a2 = aOff + Math.min(2, m - 1) * lda;
        int a3 = aOff + Math.min(3, m - 1) * lda;
        int kVec = S.loopBound(k);
        int j = 0;
        // Loop bounds are computed before the loops: a condition like "j + 4 <= n" is not a counted
        // loop for C2, which then keeps a safepoint in it and boxes the vectors (measured).
        int n4 = n - n % 4;
        for (; j < n4; j += 4) {
            int b0 = bOff + j * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            // s<row><column>: 16 partial sums, one per (row, column) pair
            FloatVector s00 = FloatVector.zero(S);
            FloatVector s01 = s00;
            FloatVector s02 = s00;
            FloatVector s03 = s00;
            FloatVector s10 = s00;
            FloatVector s11 = s00;
            FloatVector s12 = s00;
            FloatVector s13 = s00;
            FloatVector s20 = s00;
            FloatVector s21 = s00;
            FloatVector s22 = s00;
            FloatVector s23 = s00;
            FloatVector s30 = s00;
            FloatVector s31 = s00;
            FloatVector s32 = s00;
            FloatVector s33 = s00;
            for (int p = 0; p < kVec; p += L) {
                FloatVector w0 = FloatVector.fromArray(S, b, b0 + p);
                FloatVector w1 = FloatVector.fromArray(S, b, b1 + p);
                FloatVector w2 = FloatVector.fromArray(S, b, b2 + p);
                FloatVector w3 = FloatVector.fromArray(S, b, b3 + p);
                FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                s00 = x.fma(w0, s00);
                s01 = x.fma(w1, s01);
                s02 = x.fma(w2, s02);
                s03 = x.fma(w3, s03);
                x = FloatVector.fromArray(S, a, a1 + p);
                s10 = x.fma(w0, s10);
                s11 = x.fma(w1, s11);
                s12 = x.fma(w2, s12);
                s13 = x.fma(w3, s13);
                x = FloatVector.fromArray(S, a, a2 + p);
                s20 = x.fma(w0, s20);
                s21 = x.fma(w1, s21);
                s22 = x.fma(w2, s22);
                s23 = x.fma(w3, s23);
                x = FloatVector.fromArray(S, a, a3 + p);
                s30 = x.fma(w0, s30);
                s31 = x.fma(w1, s31);
                s32 = x.fma(w2, s32);
                s33 = x.fma(w3, s33);
            }
            // Lane sums here, not in a helper: a vector passed to a method C2 does not inline is
            // boxed (measured: megabytes allocated per call). Fixed order: see LANE_SWAPS.
            for (int level = 0; level < LANE_SWAPS.length; level++) {
                VectorShuffle<Float> swap = LANE_SWAPS[level];
                s00 = s00.add(s00.rearrange(swap));
                s01 = s01.add(s01.rearrange(swap));
                s02 = s02.add(s02.rearrange(swap));
                s03 = s03.add(s03.rearrange(swap));
                s10 = s10.add(s10.rearrange(swap));
                s11 = s11.add(s11.rearrange(swap));
                s12 = s12.add(s12.rearrange(swap));
                s13 = s13.add(s13.rearrange(swap));
                s20 = s20.add(s20.rearrange(swap));
                s21 = s21.add(s21.rearrange(swap));
                s22 = s22.add(s22.rearrange(swap));
                s23 = s23.add(s23.rearrange(swap));
                s30 = s30.add(s30.rearrange(swap));
                s31 = s31.add(s31.rearrange(swap));
                s32 = s32.add(s32.rearrange(swap));
                s33 = s33.add(s33.rearrange(swap));
            }
            int c0 = cOff + j;
            put(c, c0, 0, m, ldc, accumulate, s00.lane(0), s01.lane(0), s02.lane(0), s03.lane(0), a, a0, b, b0, ldb, kVec, k);
            put(c, c0, 1, m, ldc, accumulate, s10.lane(0), s11.lane(0), s12.lane(0), s13.lane(0), a, a1, b, b0, ldb, kVec, k);
            put(c, c0, 2, m, ldc, accumulate, s20.lane(0), s21.lane(0), s22.lane(0), s23.lane(0), a, a2, b, b0, ldb, kVec, k);
            put(c, c0, 3, m, ldc, accumulate, s30.lane(0), s31.lane(0), s32.lane(0), s33.lane(0), a, a3, b, b0, ldb, kVec, k);
        }
        for (; j < n; j++) {
            int bRow = bOff + j * ldb;
            for (int i = 0; i < m; i++) {
                float dot = dot(a, aOff + i * lda, b, bRow, k, kVec);
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + dot : dot;
            }
        }
    }

    /**
     * One row: c[j] (+)= dot(a, B[j, :]) for j < n, eight columns at a time so that eight
     * independent accumulators hide the FMA latency (the streaming step at batch 1).
     */
    private static void rowTimesTransposed(int n, int k, float[] a, int aOff, float[] b, int bOff, int ldb,
                                           boolean accumulate, float[] c, int cOff) {
        int kVec = S.loopBound(k);
        int j = 0;
        int n8 = n - n % 8;
        for (; j < n8; j += 8) {
            int b0 = bOff + j * ldb;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector s4 = s0;
            FloatVector s5 = s0;
            FloatVector s6 = s0;
            FloatVector s7 = s0;
            for (int p = 0; p < kVec; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + p);
                int bp = b0 + p;
                s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bp + ldb), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * ldb), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * ldb), s3);
                s4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * ldb), s4);
                s5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * ldb), s5);
                s6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * ldb), s6);
                s7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * ldb), s7);
            }
            for (int level = 0; level < LANE_SWAPS.length; level++) {
                VectorShuffle<Float> swap = LANE_SWAPS[level];
                s0 = s0.add(s0.rearrange(swap));
                s1 = s1.add(s1.rearrange(swap));
                s2 = s2.add(s2.rearrange(swap));
                s3 = s3.add(s3.rearrange(swap));
                s4 = s4.add(s4.rearrange(swap));
                s5 = s5.add(s5.rearrange(swap));
                s6 = s6.add(s6.rearrange(swap));
                s7 = s7.add(s7.rearrange(swap));
            }
            putDot(c, cOff + j, accumulate, s0.lane(0), a, aOff, b, b0, kVec, k);
            putDot(c, cOff + j + 1, accumulate, s1.lane(0), a, aOff, b, b0 + ldb, kVec, k);
            putDot(c, cOff + j + 2, accumulate, s2.lane(0), a, aOff, b, b0 + 2 * ldb, kVec, k);
            putDot(c, cOff + j + 3, accumulate, s3.lane(0), a, aOff, b, b0 + 3 * ldb, kVec, k);
            putDot(c, cOff + j + 4, accumulate, s4.lane(0), a, aOff, b, b0 + 4 * ldb, kVec, k);
            putDot(c, cOff + j + 5, accumulate, s5.lane(0), a, aOff, b, b0 + 5 * ldb, kVec, k);
            putDot(c, cOff + j + 6, accumulate, s6.lane(0), a, aOff, b, b0 + 6 * ldb, kVec, k);
            putDot(c, cOff + j + 7, accumulate, s7.lane(0), a, aOff, b, b0 + 7 * ldb, kVec, k);
        }
        for (; j < n; j++) {
            float dot = dot(a, aOff, b, bOff + j * ldb, k, kVec);
            c[cOff + j] = accumulate ? c[cOff + j] + dot : dot;
        }
    }

    /** c[ci] (+)= the lanes of {@code sum} plus the scalar k tail of a · bRow. */
    private static void putDot(float[] c, int ci, boolean accumulate, float lanes,
                               float[] a, int aOff, float[] b, int bRow, int kVec, int k) {
        float dot = lanes;
        for (int p = kVec; p < k; p++) {
            dot += a[aOff + p] * b[bRow + p];
        }
        c[ci] = accumulate ? c[ci] + dot : dot;
    }

    /** Writes row {@code row} (if real) of a 4-column block: the lane sums plus the scalar k tail. */
    private static void put(float[] c, int c0, int row, int m, int ldc, boolean accumulate,
                            float d0, float d1, float d2, float d3,
                            float[] a, int aRow, float[] b, int b0, int ldb, int kVec, int k) {
        if (row >= m) {
            return;
        }
        for (int p = kVec; p < k; p++) {
            float x = a[aRow + p];
            d0 += x * b[b0 + p];
            d1 += x * b[b0 + ldb + p];
            d2 += x * b[b0 + 2 * ldb + p];
            d3 += x * b[b0 + 3 * ldb + p];
        }
        int ci = c0 + row * ldc;
        if (accumulate) {
            c[ci] += d0;
            c[ci + 1] += d1;
            c[ci + 2] += d2;
            c[ci + 3] += d3;
        } else {
            c[ci] = d0;
            c[ci + 1] = d1;
            c[ci + 2] = d2;
            c[ci + 3] = d3;
        }
    }

    /** x[xOff..] · y[yOff..] over k values (lane sums in the order of {@link #LANE_SWAPS}). */
    private static float dot(float[] x, int xOff, float[] y, int yOff, int k, int kVec) {
        FloatVector sum = FloatVector.zero(S);
        for (int p = 0; p < kVec; p += L) {
            sum = FloatVector.fromArray(S, x, xOff + p).fma(FloatVector.fromArray(S, y, yOff + p), sum);
        }
        for (int level = 0; level < LANE_SWAPS.length; level++) {
            sum = sum.add(sum.rearrange(LANE_SWAPS[level]));
        }
        float dot = sum.lane(0);
        for (int p = kVec; p < k; p++) {
            dot += x[xOff + p] * y[yOff + p];
        }
        return dot;
    }

    /**
     * C (m × n) = op(A) · B (+ C) with B stored (k, n): rows of C accumulate in place while B is
     * read row by row, four rows of B per pass over C (C's m ≤ 4 rows stay in L1). Walking B
     * column-block-wise instead would touch a new page on every step of k.
     */
    static void rowsTimesMatrix(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        // op(A)[i, p] = a[aOff + i·rowStep + p·colStep]
        int rowStep = transA ? 1 : lda;
        int colStep = transA ? lda : 1;
        int nVec = S.loopBound(n);
        int p = 0;
        int k4 = k - k % 4;
        for (; p < k4; p += 4) {
            int b0 = bOff + p * ldb;
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * rowStep + p * colStep;
                FloatVector x0 = FloatVector.broadcast(S, a[ai]);
                FloatVector x1 = FloatVector.broadcast(S, a[ai + colStep]);
                FloatVector x2 = FloatVector.broadcast(S, a[ai + 2 * colStep]);
                FloatVector x3 = FloatVector.broadcast(S, a[ai + 3 * colStep]);
                int cRow = cOff + i * ldc;
                for (int j = 0; j < nVec; j += L) {
                    FloatVector acc = FloatVector.fromArray(S, c, cRow + j);
                    acc = x0.fma(FloatVector.fromArray(S, b, b0 + j), acc);
                    acc = x1.fma(FloatVector.fromArray(S, b, b0 + ldb + j), acc);
                    acc = x2.fma(FloatVector.fromArray(S, b, b0 + 2 * ldb + j), acc);
                    acc = x3.fma(FloatVector.fromArray(S, b, b0 + 3 * ldb + j), acc);
                    acc.intoArray(c, cRow + j);
                }
            }
        }
        for (; p < k; p++) {
            int bRow = bOff + p * ldb;
            for (int i = 0; i < m; i++) {
                FloatVector x = FloatVector.broadcast(S, a[aOff + i * rowStep + p * colStep]);
                int cRow = cOff + i * ldc;
                for (int j = 0; j < nVec; j += L) {
                    x.fma(FloatVector.fromArray(S, b, bRow + j), FloatVector.fromArray(S, c, cRow + j))
                            .intoArray(c, cRow + j);
                }
            }
        }
        // Columns past the last whole vector.
        if (nVec < n) {
            for (int i = 0; i < m; i++) {
                int cRow = cOff + i * ldc;
                for (int q = 0; q < k; q++) {
                    float x = a[aOff + i * rowStep + q * colStep];
                    int bRow = bOff + q * ldb;
                    for (int j = nVec; j < n; j++) {
                        c[cRow + j] += x * b[bRow + j];
                    }
                }
            }
        }
    }

}
