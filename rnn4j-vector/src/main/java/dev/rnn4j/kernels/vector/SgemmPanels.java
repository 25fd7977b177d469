package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.rnn4j.kernels.vector.Sgemm.MR;
import static dev.rnn4j.kernels.vector.Sgemm.NR;

/**
 * The inner layers of {@link Sgemm} and {@link PreparedSgemm}: copying blocks of op(A) into row panels
 * {@value Sgemm#MR} high and of op(B) into column panels {@code NR} wide ({@link #packA}, {@link #packB}),
 * the loop over the tiles of one block of C ({@link #computeBlock}), and the register-blocked
 * micro-kernels that compute one {@value Sgemm#MR} × {@code NR} tile. The block sizes live in
 * {@link Sgemm}. Arguments are trusted.
 */
final class SgemmPanels {

    private SgemmPanels() {
    }

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();
    /** 8 lanes: one copy moves the MR = 6 values of a transposed A's row segment (see packA). */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /** Use the 8-lane copies only where the preferred vectors are at least that wide (hardware support). */
    private static final boolean S8_COPY = L >= 8;

    /**
     * C block (mc × nc at cBlock) {@code =} or {@code +=} op(A)[i0 .. i0+mc, p0 .. p0+kc] · packed B
     * (kc × nc). A transposed is packed into {@code pa} first. A not transposed is read in place
     * (its rows are contiguous in k, so the micro-kernel streams six rows as well as a packed panel,
     * and the copy is saved); only a last panel of fewer than MR rows is packed, zero-padded.
     */
    static void packAndCompute(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
                               float[] pa, float[] pb, float[] tile, int nc,
                               float[] c, int cBlock, int ldc, boolean accumulate) {
        if (transA) {
            packA(true, mc, kc, a, aOff, lda, i0, p0, pa);
            computeBlock(pa, 0, kc, 1, MR, mc, pa, pb, tile, mc, nc, kc, c, cBlock, ldc, accumulate);
        } else {
            int full = mc / MR * MR;
            if (full < mc) {
                packA(false, mc - full, kc, a, aOff, lda, i0 + full, p0, pa);
            }
            computeBlock(a, aOff + i0 * lda + p0, lda, lda, 1, full, pa, pb, tile, mc, nc, kc, c, cBlock, ldc,
                    accumulate);
        }
    }

    /**
     * {@link #packAndCompute} with B's panels starting at {@code pbOff} of {@code pb}: the prepared
     * paths' copy (Java 21+). The paths of {@link Sgemm#sgemm} keep their own, unchanged methods (and
     * computeBlock its twin computeBlockAt) so that what Java 17 runs is exactly the code measured
     * free of its intermittent C2 collapse (see {@link dev.rnn4j.kernels.Java21Paths}); whether
     * one shared method with an offset would also be safe there was not measured.
     */
    static void packAndComputeAt(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
                                 float[] pa, float[] pb, int pbOff, float[] tile, int nc,
                                 float[] c, int cBlock, int ldc, boolean accumulate) {
        if (transA) {
            packA(true, mc, kc, a, aOff, lda, i0, p0, pa);
            computeBlockAt(pa, 0, kc, 1, MR, mc, pa, pb, pbOff, tile, mc, nc, kc, c, cBlock, ldc, accumulate);
        } else {
            int full = mc / MR * MR;
            if (full < mc) {
                packA(false, mc - full, kc, a, aOff, lda, i0 + full, p0, pa);
            }
            computeBlockAt(a, aOff + i0 * lda + p0, lda, lda, 1, full, pa, pb, pbOff, tile, mc, nc, kc, c, cBlock, ldc,
                    accumulate);
        }
    }

    /**
     * C block (mc × nc at cBlock, row stride ldc) {@code =} or {@code +=} A (mc × kc) · packed
     * B (kc × nc): the micro-kernel over all tiles, edge tiles through {@code tile}. The panels of the
     * first {@code full} rows (a multiple of MR) are read from {@code fa}: the panel of rows ir.. at
     * {@code faBase + ir·faPanelStep}, element (r, p) {@code faRowStride·r + faColStride·p} further;
     * the rows from {@code full} on are a packed panel at the start of {@code pa}.
     */
    static void computeBlock(float[] fa, int faBase, int faPanelStep, int faRowStride, int faColStride,
                             int full, float[] pa, float[] pb, float[] tile, int mc, int nc, int kc,
                             float[] c, int cBlock, int ldc, boolean accumulate) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                float[] aSrc;
                int aPanel;
                int rowStride;
                int colStride;
                if (ir < full) {
                    aSrc = fa;
                    aPanel = faBase + ir * faPanelStep;
                    rowStride = faRowStride;
                    colStride = faColStride;
                } else {
                    aSrc = pa;
                    aPanel = (ir - full) * kc;
                    rowStride = 1;
                    colStride = MR;
                }
                int cTile = cBlock + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    microKernel(kc, aSrc, aPanel, rowStride, colStride, pb, bPanel, c, cTile, ldc, accumulate);
                } else {
                    microKernel(kc, aSrc, aPanel, rowStride, colStride, pb, bPanel, tile, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        int cRow = cTile + r * ldc;
                        int tRow = r * NR;
                        if (accumulate) {
                            for (int j = 0; j < nr; j++) {
                                c[cRow + j] += tile[tRow + j];
                            }
                        } else {
                            System.arraycopy(tile, tRow, c, cRow, nr);
                        }
                    }
                }
            }
        }
    }

    /** {@link #computeBlock} with B's panels from {@code pbOff} of {@code pb} (prepared paths only, see packAndComputeAt). */
    static void computeBlockAt(float[] fa, int faBase, int faPanelStep, int faRowStride, int faColStride,
                               int full, float[] pa, float[] pb, int pbOff, float[] tile, int mc, int nc, int kc,
                               float[] c, int cBlock, int ldc, boolean accumulate) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = pbOff + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                float[] aSrc;
                int aPanel;
                int rowStride;
                int colStride;
                if (ir < full) {
                    aSrc = fa;
                    aPanel = faBase + ir * faPanelStep;
                    rowStride = faRowStride;
                    colStride = faColStride;
                } else {
                    aSrc = pa;
                    aPanel = (ir - full) * kc;
                    rowStride = 1;
                    colStride = MR;
                }
                int cTile = cBlock + ir * ldc + jr;
                if (mr == MR && nr == NR && colStride == 1) {
                    microKernelRows(kc, aSrc, aPanel, rowStride, pb, bPanel, c, cTile, ldc, accumulate);
                } else if (mr == MR && nr == NR) {
                    microKernel(kc, aSrc, aPanel, rowStride, colStride, pb, bPanel, c, cTile, ldc, accumulate);
                } else {
                    microKernel(kc, aSrc, aPanel, rowStride, colStride, pb, bPanel, tile, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        int cRow = cTile + r * ldc;
                        int tRow = r * NR;
                        if (accumulate) {
                            for (int j = 0; j < nr; j++) {
                                c[cRow + j] += tile[tRow + j];
                            }
                        } else {
                            System.arraycopy(tile, tRow, c, cRow, nr);
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies op(A)[i0 .. i0+mc, p0 .. p0+kc] into row panels of MR rows: panel q holds, for each p,
     * the MR values op(A)[i0 + q·MR + r, p0 + p] at {@code q·MR·kc + p·MR + r}; rows past mc are 0.
     */
    static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
                      float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (transA && mr == MR && canCopyEight(a, aOff + (p0 + kc - 1) * lda + i0 + ir, pa, base + (kc - 1) * MR)) {
                // A stored (k, m), a full panel: copy the MR contiguous values of each p as one
                // 8-lane vector. The two extra lanes land in the next p's slots (or the next panel's
                // first), which are written after this one; the 8 source floats are all inside a.
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S8, a, aOff + (p0 + p) * lda + i0 + ir).intoArray(pa, base + p * MR);
                }
            } else if (transA) {
                // A stored (k, m): the MR values of one p are contiguous.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int dst = base + p * MR;
                    int r = 0;
                    for (; r < mr; r++) {
                        pa[dst + r] = a[src + r];
                    }
                    for (; r < MR; r++) {
                        pa[dst + r] = 0f;
                    }
                }
            } else {
                // A stored (m, k): each row is contiguous; write it with stride MR.
                for (int r = 0; r < MR; r++) {
                    int dst = base + r;
                    if (r < mr) {
                        int src = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            pa[dst + p * MR] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            pa[dst + p * MR] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Eight floats can be read at {@code src} and written at {@code dst} (the last copy of a panel). */
    private static boolean canCopyEight(float[] a, int src, float[] pa, int dst) {
        return S8_COPY && src + 8 <= a.length && dst + 8 <= pa.length;
    }

    /**
     * Copies op(B)[p0 .. p0+kc, j0 .. j0+nc] into column panels NR wide: panel q holds, for each p,
     * the NR values op(B)[p0 + p, j0 + q·NR + j] at {@code pbOff + q·NR·kc + p·NR + j}; columns past
     * nc are 0.
     */
    static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb, int p0, int j0,
                      float[] pb, int pbOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = pbOff + jr * kc;
            if (transB) {
                // B stored (n, k): each of the NR columns of op(B) is a contiguous row of B.
                for (int j = 0; j < NR; j++) {
                    int dst = base + j;
                    if (j < nr) {
                        int src = bOff + (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            pb[dst + p * NR] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            pb[dst + p * NR] = 0f;
                        }
                    }
                }
            } else if (nr == NR) {
                // B stored (k, n): a panel row is two vectors of one row of B.
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int dst = base + p * NR;
                    FloatVector.fromArray(S, b, src).intoArray(pb, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, pb, dst, nr);
                    java.util.Arrays.fill(pb, dst + nr, dst + NR, 0f);
                }
            }
        }
    }

    /**
     * C[0..MR, 0..NR] (at cIdx, row stride ldc) {@code =} or {@code +=} the product of an MR × kc
     * operand of A and a packed B panel (kc × NR); twelve accumulators stay in registers for the whole
     * loop. A is read in place: element (r, p) is {@code a[aIdx + r·aRowStride + p·aColStride]}
     * (packed panels: 1 and MR; rows of a row-major matrix: its leading dimension and 1).
     */
    static void microKernel(int kc, float[] pa, int aIdx, int aRowStride, int aColStride,
                            float[] pb, int bIdx, float[] c, int cIdx, int ldc, boolean accumulate) {
        int r1 = aRowStride;
        int r2 = 2 * aRowStride;
        int r3 = 3 * aRowStride;
        int r4 = 4 * aRowStride;
        int r5 = 5 * aRowStride;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * NR;
            int ai = aIdx + p * aColStride;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, pa[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, pa[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, pa[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, pa[ai + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, pa[ai + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        store(c00, c01, c, cIdx, accumulate);
        store(c10, c11, c, cIdx + ldc, accumulate);
        store(c20, c21, c, cIdx + 2 * ldc, accumulate);
        store(c30, c31, c, cIdx + 3 * ldc, accumulate);
        store(c40, c41, c, cIdx + 4 * ldc, accumulate);
        store(c50, c51, c, cIdx + 5 * ldc, accumulate);
    }

    /**
     * The micro-kernel with A's six rows read in place from a row-major matrix (element (r, p) at
     * {@code a[aIdx + r·lda + p]}): the same sums in the same order as {@link #microKernel}, with the
     * k index stepping by one, so that the JIT can hoist the array bounds checks out of the loop.
     */
    private static void microKernelRows(int kc, float[] a, int aIdx, int lda, float[] pb, int bIdx,
                                        float[] c, int cIdx, int ldc, boolean accumulate) {
        int a0 = aIdx;
        int a1 = aIdx + lda;
        int a2 = aIdx + 2 * lda;
        int a3 = aIdx + 3 * lda;
        int a4 = aIdx + 4 * lda;
        int a5 = aIdx + 5 * lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        store(c00, c01, c, cIdx, accumulate);
        store(c10, c11, c, cIdx + ldc, accumulate);
        store(c20, c21, c, cIdx + 2 * ldc, accumulate);
        store(c30, c31, c, cIdx + 3 * ldc, accumulate);
        store(c40, c41, c, cIdx + 4 * ldc, accumulate);
        store(c50, c51, c, cIdx + 5 * ldc, accumulate);
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int idx, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, c, idx));
            v1 = v1.add(FloatVector.fromArray(S, c, idx + L));
        }
        v0.intoArray(c, idx);
        v1.intoArray(c, idx + L);
    }
}
