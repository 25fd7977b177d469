package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.DType;

/**
 * The kernels a recurrent sequence needs, over arrays of one element type. Java has no generics
 * over primitives, so the sequence logic is written once against this interface and dispatches
 * per kernel call (never per element) to the float32 kernels in use or the float64 reference.
 */
abstract class SeqMath {

    static SeqMath of(DType dtype) {
        return dtype == DType.F32 ? new F32(KernelProvider.get()) : F64.INSTANCE;
    }

    abstract Object alloc(int n);

    /**
     * An array of {@code n} elements for a run's work buffer: one that finished work gave back when
     * there is one of that length ({@link ArrayCache}, Java 21+ paths only; its old contents cleared
     * only when {@code cleared}), else a new one.
     */
    abstract Object take(int n, boolean cleared);

    /** Gives back an array of {@link #take} or {@link #alloc} that its run no longer uses (null: nothing). */
    abstract void give(Object array);

    abstract void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                       Object b, int bOff, int ldb, int beta, Object c, int cOff, int ldc);

    /**
     * op(B) (k, n) prepared for many {@link #gemmPacked} products (a recurrent weight, once per
     * sequence); B must not change while the handle is in use.
     */
    abstract Object packRight(boolean tb, int k, int n, Object b, int ldb);

    /** Whether {@code packed} (from {@link #packRight}) is in a layout of the kernels' own (see {@code Kernels.PackedMatrix.prepared}). */
    abstract boolean prepared(Object packed);

    /** Done with {@code packed} (from {@link #packRight}): its own copy, if any, may be reused. */
    abstract void releasePacked(Object packed);

    /** {@code C = A · op(B) + beta · C}, A (m, k) not transposed, op(B) from {@link #packRight}. */
    abstract void gemmPacked(int m, Object a, int aOff, int lda, Object packed, int beta, Object c, int cOff, int ldc);

    abstract void addRowVector(Object dst, int off, int rows, int cols, Object bias);

    /** {@code dst[off..] (rows, cols) += bias1}, then {@code += bias2}, each when not null. */
    final void addBiases(Object dst, int off, int rows, int cols, Object bias1, Object bias2) {
        if (bias1 != null) {
            addRowVector(dst, off, rows, cols, bias1);
        }
        if (bias2 != null) {
            addRowVector(dst, off, rows, cols, bias2);
        }
    }

    /**
     * proj[projOff + (t − first)·B·G ..] (n_t, G) = xs[t] (n_t, I) · W_ihᵀ + bias1 [+ bias2] for the steps
     * t in [first, first + count) of xs (T, B, I): the active rows only ({@code active[t]} = n_t, a prefix
     * of each step's B; the padding rows get no product). When every row of the chunk is active, one
     * product over the chunk in place. Otherwise the active rows are gathered into one product of Σ n_t
     * rows, so that a batch of mixed lengths costs what its tokens cost rather than T·B rows; each row is
     * computed as in the product over all rows. The product writes from {@code projOff}, and the rows then
     * move to their steps, last step first (each moves to the same or a later offset).
     */
    final void projectActiveSteps(Object xs, int batch, int inputSize, int[] active, int first, int count,
                                  Object wIhT, Object bias1, Object bias2, Object proj, int projOff, int gateWidth) {
        int gStride = batch * gateWidth;
        int rows = 0;
        for (int t = first; t < first + count; t++) {
            rows += active[t];
        }
        if (rows == 0) {
            return;
        }
        boolean gathered = rows < count * batch;
        Object a = xs;
        int aOff = first * batch * inputSize;
        if (gathered) { // the active rows of xs, step after step: (Σ n_t, I)
            a = take(count * batch * inputSize, false); // a chunk's size, so the cache has it next time
            aOff = 0;
            int r = 0;
            for (int t = first; t < first + count; t++) {
                System.arraycopy(xs, t * batch * inputSize, a, r * inputSize, active[t] * inputSize);
                r += active[t];
            }
        }
        gemmPacked(rows, a, aOff, inputSize, wIhT, 0, proj, projOff, gateWidth);
        addBiases(proj, projOff, rows, gateWidth, bias1, bias2);
        if (gathered) {
            give(a);
            int r = rows;
            for (int t = first + count - 1; t >= first; t--) {
                r -= active[t];
                // (t − first)·B ≥ r: a later step's rows never land on an earlier step's not yet moved
                System.arraycopy(proj, projOff + r * gateWidth, proj, projOff + (t - first) * gStride,
                        active[t] * gateWidth);
            }
        }
    }

    /** {@code dst (cols) += column sums of src[srcOff..] (rows, cols)}, each column's rows added in order. */
    abstract void addColumnSums(Object src, int srcOff, int rows, int cols, Object dst);

    /**
     * Runs {@code first} and {@code second} at the same time when the kernels have a second thread
     * free ({@code Kernels.runParts}; kernel calls inside each run on its thread alone), else
     * {@code first} and then {@code second} on the calling thread; returns when both are done.
     * {@code second} may wait for progress of {@code first}, never the other way round.
     */
    abstract void runBeside(Runnable first, Runnable second);

    /** How many threads {@link #runBeside} can run at once: the kernels' (1 for the float64 reference). */
    abstract int threads();

    /** {@code dst[dOff..] += src[sOff..]} for n elements. */
    abstract void addInto(Object src, int sOff, Object dst, int dOff, int n);

    /**
     * {@code dst[dOff + i] (+)= src[sOff + i] · mask[i]} for i in [0, n): the mask starts at 0 and
     * lines up with rows of the source block.
     */
    abstract void multiply(Object src, int sOff, float[] mask, Object dst, int dOff, int n, boolean accumulate);

    abstract void lstmForward(Object gates, int gOff, Object cPrev, int cpOff, Object c, int cOff,
                              Object h, int hOff, int rows, int hidden);

    abstract void lstmBackward(Object acts, int aOff, Object cPrev, int cpOff, Object c, int cOff,
                               Object dh, int dhOff, Object dc, int dcOff, Object dGates, int dgOff,
                               Object dcPrev, int dcpOff, int rows, int hidden);

    abstract void gruForward(Object ih, int ihOff, Object hh, int hhOff, Object hPrev, int hpOff,
                             Object acts, int aOff, Object h, int hOff, int rows, int hidden);

    abstract void gruBackward(Object acts, int aOff, Object hh, int hhOff, Object hPrev, int hpOff,
                              Object dh, int dhOff, Object dIh, int dIhOff, Object dHh, int dHhOff,
                              Object dhPrev, int dhpOff, int rows, int hidden);

    abstract void rnnForward(Object pre, int pOff, Object h, int hOff, int count, boolean relu);

    abstract void rnnBackward(Object h, int hOff, Object dh, int dhOff, Object dPre, int dpOff, int count,
                              boolean relu);

    /** float32 through the kernels in use (scalar or Vector API). */
    static final class F32 extends SeqMath {
        private final Kernels k;

        F32(Kernels k) {
            this.k = k;
        }

        @Override
        Object alloc(int n) {
            return new float[n];
        }

        @Override
        Object take(int n, boolean cleared) {
            return ArrayCache.takeOrAllocate(n, cleared);
        }

        @Override
        void give(Object array) {
            ArrayCache.give((float[]) array);
        }

        @Override
        void gemm(boolean ta, boolean tb, int m, int n, int kk, Object a, int aOff, int lda, Object b, int bOff,
                  int ldb, int beta, Object c, int cOff, int ldc) {
            if (m > 0 && n > 0) {
                k.sgemm(ta, tb, m, n, kk, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, beta, (float[]) c, cOff, ldc);
            }
        }

        @Override
        Object packRight(boolean tb, int kk, int n, Object b, int ldb) {
            return k.packRight(tb, kk, n, (float[]) b, 0, ldb);
        }

        @Override
        boolean prepared(Object packed) {
            return ((Kernels.PackedMatrix) packed).prepared();
        }

        @Override
        void releasePacked(Object packed) {
            ((Kernels.PackedMatrix) packed).release();
        }

        @Override
        void gemmPacked(int m, Object a, int aOff, int lda, Object packed, int beta, Object c, int cOff, int ldc) {
            if (m > 0) {
                k.sgemmPacked(m, (float[]) a, aOff, lda, (Kernels.PackedMatrix) packed, beta, (float[]) c, cOff, ldc);
            }
        }

        @Override
        void addRowVector(Object dst, int off, int rows, int cols, Object bias) {
            k.addRowVector((float[]) dst, off, rows, cols, (float[]) bias, 0);
        }

        @Override
        void addColumnSums(Object src, int srcOff, int rows, int cols, Object dst) {
            k.addColumnSums((float[]) src, srcOff, rows, cols, (float[]) dst, 0);
        }

        @Override
        void runBeside(Runnable first, Runnable second) {
            k.runParts(2, part -> (part == 0 ? first : second).run());
        }

        @Override
        int threads() {
            return k.partThreads();
        }

        @Override
        void addInto(Object src, int sOff, Object dst, int dOff, int n) {
            k.axpy(n, 1f, (float[]) src, sOff, (float[]) dst, dOff);
        }

        @Override
        void multiply(Object src, int sOff, float[] mask, Object dst, int dOff, int n, boolean accumulate) {
            float[] a = (float[]) src;
            float[] b = (float[]) dst;
            for (int i = 0; i < n; i++) {
                float v = a[sOff + i] * mask[i];
                b[dOff + i] = accumulate ? b[dOff + i] + v : v;
            }
        }

        @Override
        void lstmForward(Object gates, int gOff, Object cPrev, int cpOff, Object c, int cOff, Object h, int hOff,
                         int rows, int hidden) {
            k.lstmGatesForward((float[]) gates, gOff, (float[]) cPrev, cpOff, (float[]) c, cOff, (float[]) h, hOff,
                    rows, hidden);
        }

        @Override
        void lstmBackward(Object acts, int aOff, Object cPrev, int cpOff, Object c, int cOff, Object dh, int dhOff,
                          Object dc, int dcOff, Object dGates, int dgOff, Object dcPrev, int dcpOff, int rows,
                          int hidden) {
            k.lstmGatesBackward((float[]) acts, aOff, (float[]) cPrev, cpOff, (float[]) c, cOff, (float[]) dh, dhOff,
                    (float[]) dc, dcOff, (float[]) dGates, dgOff, (float[]) dcPrev, dcpOff, rows, hidden);
        }

        @Override
        void gruForward(Object ih, int ihOff, Object hh, int hhOff, Object hPrev, int hpOff, Object acts, int aOff,
                        Object h, int hOff, int rows, int hidden) {
            k.gruGatesForward((float[]) ih, ihOff, (float[]) hh, hhOff, (float[]) hPrev, hpOff, (float[]) acts, aOff,
                    (float[]) h, hOff, rows, hidden);
        }

        @Override
        void gruBackward(Object acts, int aOff, Object hh, int hhOff, Object hPrev, int hpOff, Object dh, int dhOff,
                         Object dIh, int dIhOff, Object dHh, int dHhOff, Object dhPrev, int dhpOff, int rows,
                         int hidden) {
            k.gruGatesBackward((float[]) acts, aOff, (float[]) hh, hhOff, (float[]) hPrev, hpOff, (float[]) dh, dhOff,
                    (float[]) dIh, dIhOff, (float[]) dHh, dHhOff, (float[]) dhPrev, dhpOff, rows, hidden);
        }

        @Override
        void rnnForward(Object pre, int pOff, Object h, int hOff, int count, boolean relu) {
            k.rnnActivationForward((float[]) pre, pOff, (float[]) h, hOff, count, relu);
        }

        @Override
        void rnnBackward(Object h, int hOff, Object dh, int dhOff, Object dPre, int dpOff, int count, boolean relu) {
            k.rnnActivationBackward((float[]) h, hOff, (float[]) dh, dhOff, (float[]) dPre, dpOff, count, relu);
        }
    }

    /** float64 through the scalar reference (gradient checks). */
    static final class F64 extends SeqMath {
        static final F64 INSTANCE = new F64();
        private final ScalarKernels k = ScalarKernels.INSTANCE;

        @Override
        Object alloc(int n) {
            return new double[n];
        }

        @Override
        Object take(int n, boolean cleared) {
            return new double[n]; // gradient checks: small, nothing to save
        }

        @Override
        void give(Object array) {
            // nothing kept
        }

        @Override
        void gemm(boolean ta, boolean tb, int m, int n, int kk, Object a, int aOff, int lda, Object b, int bOff,
                  int ldb, int beta, Object c, int cOff, int ldc) {
            if (m > 0 && n > 0) {
                k.dgemm(ta, tb, m, n, kk, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, beta, (double[]) c, cOff,
                        ldc);
            }
        }

        /** The reference keeps B by reference: (transposed, k, n, array, ldb). */
        private record Right(boolean transposed, int depth, int columns, double[] array, int stride) {
        }

        @Override
        Object packRight(boolean tb, int kk, int n, Object b, int ldb) {
            return new Right(tb, kk, n, (double[]) b, ldb);
        }

        @Override
        boolean prepared(Object packed) {
            return false;
        }

        @Override
        void releasePacked(Object packed) {
            // double precision keeps B as stored: nothing to give back
        }

        @Override
        void gemmPacked(int m, Object a, int aOff, int lda, Object packed, int beta, Object c, int cOff, int ldc) {
            Right b = (Right) packed;
            gemm(false, b.transposed(), m, b.columns(), b.depth(), a, aOff, lda, b.array(), 0, b.stride(), beta, c,
                    cOff, ldc);
        }

        @Override
        void addRowVector(Object dst, int off, int rows, int cols, Object bias) {
            k.addRowVector((double[]) dst, off, rows, cols, (double[]) bias, 0);
        }

        @Override
        void addColumnSums(Object src, int srcOff, int rows, int cols, Object dst) {
            k.addColumnSums((double[]) src, srcOff, rows, cols, (double[]) dst, 0);
        }

        @Override
        void runBeside(Runnable first, Runnable second) {
            first.run();
            second.run();
        }

        @Override
        int threads() {
            return 1;
        }

        @Override
        void addInto(Object src, int sOff, Object dst, int dOff, int n) {
            k.axpy(n, 1.0, (double[]) src, sOff, (double[]) dst, dOff);
        }

        @Override
        void multiply(Object src, int sOff, float[] mask, Object dst, int dOff, int n, boolean accumulate) {
            double[] a = (double[]) src;
            double[] b = (double[]) dst;
            for (int i = 0; i < n; i++) {
                double v = a[sOff + i] * mask[i];
                b[dOff + i] = accumulate ? b[dOff + i] + v : v;
            }
        }

        @Override
        void lstmForward(Object gates, int gOff, Object cPrev, int cpOff, Object c, int cOff, Object h, int hOff,
                         int rows, int hidden) {
            k.lstmGatesForward((double[]) gates, gOff, (double[]) cPrev, cpOff, (double[]) c, cOff, (double[]) h,
                    hOff, rows, hidden);
        }

        @Override
        void lstmBackward(Object acts, int aOff, Object cPrev, int cpOff, Object c, int cOff, Object dh, int dhOff,
                          Object dc, int dcOff, Object dGates, int dgOff, Object dcPrev, int dcpOff, int rows,
                          int hidden) {
            k.lstmGatesBackward((double[]) acts, aOff, (double[]) cPrev, cpOff, (double[]) c, cOff, (double[]) dh,
                    dhOff, (double[]) dc, dcOff, (double[]) dGates, dgOff, (double[]) dcPrev, dcpOff, rows, hidden);
        }

        @Override
        void gruForward(Object ih, int ihOff, Object hh, int hhOff, Object hPrev, int hpOff, Object acts, int aOff,
                        Object h, int hOff, int rows, int hidden) {
            k.gruGatesForward((double[]) ih, ihOff, (double[]) hh, hhOff, (double[]) hPrev, hpOff, (double[]) acts,
                    aOff, (double[]) h, hOff, rows, hidden);
        }

        @Override
        void gruBackward(Object acts, int aOff, Object hh, int hhOff, Object hPrev, int hpOff, Object dh, int dhOff,
                         Object dIh, int dIhOff, Object dHh, int dHhOff, Object dhPrev, int dhpOff, int rows,
                         int hidden) {
            k.gruGatesBackward((double[]) acts, aOff, (double[]) hh, hhOff, (double[]) hPrev, hpOff, (double[]) dh,
                    dhOff, (double[]) dIh, dIhOff, (double[]) dHh, dHhOff, (double[]) dhPrev, dhpOff, rows, hidden);
        }

        @Override
        void rnnForward(Object pre, int pOff, Object h, int hOff, int count, boolean relu) {
            k.rnnActivationForward((double[]) pre, pOff, (double[]) h, hOff, count, relu);
        }

        @Override
        void rnnBackward(Object h, int hOff, Object dh, int dhOff, Object dPre, int dpOff, int count, boolean relu) {
            k.rnnActivationBackward((double[]) h, hOff, (double[]) dh, dhOff, (double[]) dPre, dpOff, count, relu);
        }
    }
}
