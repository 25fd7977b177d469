package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.tensor.ArrayCache;

import static dev.rnn4j.kernels.vector.Sgemm.KC;
import static dev.rnn4j.kernels.vector.Sgemm.MC;
import static dev.rnn4j.kernels.vector.Sgemm.MR;
import static dev.rnn4j.kernels.vector.Sgemm.NR;
import static dev.rnn4j.kernels.vector.Sgemm.PARALLEL_MIN_FMAS;
import static dev.rnn4j.kernels.vector.Sgemm.PREPARED_PATHS;
import static dev.rnn4j.kernels.vector.Sgemm.SMALL_M;

/**
 * The GEMM on a prepared right operand ({@link dev.rnn4j.kernels.Kernels#packRight},
 * {@link dev.rnn4j.kernels.Kernels#sgemmPacked}): op(B) copied once into the panels of
 * {@link Sgemm}'s packed path, for the many products with the same weight matrix (the recurrent
 * step). Block sizes and thresholds are {@link Sgemm}'s; the packing and the micro-kernels are
 * {@link SgemmPanels}'. Arguments are trusted (callers validate).
 */
final class PreparedSgemm {

    private PreparedSgemm() {
    }

    /**
     * op(B) copied once into the packed path's layout, for many products with the same B: the block
     * of k starting at p0 (KC deep, the last one shorter) is at {@code p0 · nPadded}, as column
     * panels NR wide (zero-padded), panel j at {@code j · kc} further, as {@link SgemmPanels#packB}
     * lays out.
     */
    static final class PackedB extends Kernels.PackedMatrix {
        final int nPadded;
        private float[] panels; // packed on first use: products of few rows read B as stored

        PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            super(transB, k, n, b, bOff, ldb);
            this.nPadded = Sgemm.roundUp(n, NR);
        }

        @Override
        public boolean prepared() {
            return true;
        }

        /**
         * The panels, packed by the first caller (the calling thread, before it hands out parts), into
         * an array from {@link ArrayCache} when one of that size was given back (zeroed: the padding
         * columns must read as 0).
         */
        float[] panels() {
            float[] p = panels;
            if (p == null) {
                int k = depth();
                p = ArrayCache.takeOrAllocate(Math.multiplyExact(nPadded, k), true);
                for (int p0 = 0; p0 < k; p0 += KC) {
                    SgemmPanels.packB(transposed(), Math.min(KC, k - p0), columns(), array(), offset(), stride(),
                            p0, 0, p, p0 * nPadded);
                }
                panels = p;
            }
            return p;
        }

        /** Gives the panels to {@link ArrayCache} for the next operand of the same size. */
        @Override
        public void release() {
            float[] p = panels;
            panels = null;
            ArrayCache.give(p);
        }
    }

    /** Packs op(B) (k, n) for {@link #sgemmPacked}; arguments trusted (positive k and n). */
    static PackedB packRight(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return new PackedB(transB, k, n, b, bOff, ldb);
    }

    /**
     * C = A · op(B) + beta · C with op(B) prepared by {@link #packRight}, A (m, k) not transposed.
     * Up to {@value Sgemm#SMALL_M} rows (and before Java 21, see {@link Sgemm#PREPARED_PATHS}) this is
     * {@link Sgemm#sgemm} on B as stored.
     * Otherwise no packing at all: A is read in place (only a last panel of fewer than MR rows is
     * copied) and B's panels are ready; on several threads each takes a fixed range of column panels,
     * the same on every call, so its share of B stays in its core's cache from step to step.
     */
    static void sgemmPacked(int m, float[] a, int aOff, int lda, PackedB b, float beta,
                            float[] c, int cOff, int ldc) {
        int n = b.columns();
        int k = b.depth();
        if (m <= 0) {
            return;
        }
        if (m <= SMALL_M || !PREPARED_PATHS) {
            Sgemm.sgemm(false, b.transposed(), m, n, k, a, aOff, lda, b.array(), b.offset(), b.stride(), beta,
                    c, cOff, ldc);
            return;
        }
        b.panels(); // packed here, on the calling thread, before any part runs
        int t = Sgemm.threads();
        int panels = (n + NR - 1) / NR;
        if (t > 1 && panels > 1 && (long) m * n * k >= PARALLEL_MIN_FMAS) {
            WorkerPool p = Sgemm.pool();
            if (p != null) {
                PackedCall call = PACKED_CALLS.get();
                call.m = m;
                call.a = a;
                call.aOff = aOff;
                call.lda = lda;
                call.b = b;
                call.beta = beta;
                call.c = c;
                call.cOff = cOff;
                call.ldc = ldc;
                boolean ran = p.tryRun(call, Math.min(panels, p.size()));
                call.a = null;      // do not keep the caller's arrays reachable
                call.b = null;
                call.c = null;
                if (ran) {
                    return;
                }
            }
        }
        packedColumns(m, a, aOff, lda, b, 0, n, beta, c, cOff, ldc);
    }

    /** One {@link #sgemmPacked} call on the pool: part q of Q computes a contiguous range of column panels. */
    private static final class PackedCall implements WorkerPool.Job {
        int m;
        float[] a;
        int aOff;
        int lda;
        PackedB b;
        float beta;
        float[] c;
        int cOff;
        int ldc;

        @Override
        public void run(int part, int parts) {
            int n = b.columns();
            int panels = (n + NR - 1) / NR;
            int from = (int) ((long) panels * part / parts) * NR;
            int to = Math.min(n, (int) ((long) panels * (part + 1) / parts) * NR);
            if (from < to) {
                packedColumns(m, a, aOff, lda, b, from, to, beta, c, cOff, ldc);
            }
        }
    }

    private static final ThreadLocal<PackedCall> PACKED_CALLS = ThreadLocal.withInitial(PackedCall::new);

    /** Columns [j0, j1) of C = A · op(B) + beta · C (j0 a multiple of NR), in blocks of MC rows and KC of k. */
    private static void packedColumns(int m, float[] a, int aOff, int lda, PackedB b, int j0, int j1, float beta,
                                      float[] c, int cOff, int ldc) {
        int k = b.depth();
        Sgemm.Scratch scratch = Sgemm.SCRATCH.get();
        int kcMax = Math.min(KC, k);
        if (scratch.packedA.length < kcMax * MR) {
            scratch.packedA = new float[Math.max(kcMax * MR, scratch.packedA.length)];
        }
        float[] edge = scratch.packedA;
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            int full = mc / MR * MR;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                if (full < mc) {
                    SgemmPanels.packA(false, mc - full, kc, a, aOff, lda, ic + full, p0, edge);
                }
                SgemmPanels.computeBlockAt(a, aOff + ic * lda + p0, lda, lda, 1, full, edge, b.panels(),
                        p0 * b.nPadded + j0 * kc, scratch.tile, mc, j1 - j0, kc, c, cOff + ic * ldc + j0, ldc,
                        p0 > 0 || beta != 0f);
            }
        }
    }
}
