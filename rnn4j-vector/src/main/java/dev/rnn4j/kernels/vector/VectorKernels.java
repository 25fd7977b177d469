package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link dev.rnn4j.kernels.Kernels} on the incubating Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Every float kernel is overridden; the float64 twins are inherited from {@link ScalarKernels}
 * (they serve gradient checks only). The species is {@link FloatVector#SPECIES_PREFERRED}: 16 lanes
 * on AVX-512, 8 on AVX2. Loops run whole vectors and finish the tail with the scalar equations,
 * so results match the reference to float rounding (activations: below 2e-7 relative, see
 * {@link VectorMath}; GEMM: a different summation order, error growing like √k · ulp).
 *
 * <p>{@link #sgemm} and the large gate passes (rows × H ≥ {@value VectorGates#PARALLEL_MIN_GATE_ELEMENTS}) run on
 * a persistent pool of daemon threads, started once ({@link #setThreads}, system property
 * {@value dev.rnn4j.kernels.KernelThreads#PROPERTY}, read when the class is first used). The class is thread-safe:
 * concurrent callers share the pool when it is free and run single-threaded when it is busy.
 * Nothing allocates per call once warm (buffers are per thread and reused).
 *
 * <p>Loaded by {@link dev.rnn4j.kernels.KernelProvider} through its public no-argument constructor.
 */
public class VectorKernels extends ScalarKernels {

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();

    /** Creates the kernels; cheap (the thread pool is shared and started on the first large product). */
    public VectorKernels() {
        // stateless: all instances share the species and the worker pool
    }

    /**
     * Sets the number of threads the GEMM may use (1 = the calling thread only). Takes effect for
     * the next call; the previous pool's threads end once idle.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1 or above 1024
     */
    public static void setThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        }
        Sgemm.setThreads(threads);
    }

    @Override
    public void useThreads(int threads) {
        setThreads(threads);
    }

    @Override
    public int partThreads() {
        return Sgemm.threads();
    }

    /**
     * Runs the parts on the GEMM's worker pool (part 0 on the caller); kernel calls inside a part find
     * the pool taken and run on their own thread. With one thread, or when the pool is busy, the
     * parts run one after another here.
     */
    @Override
    public void runParts(int parts, java.util.function.IntConsumer part) {
        WorkerPool pool = parts > 1 ? Sgemm.pool() : null;
        if (pool == null || !pool.tryRun((p, count) -> part.accept(p), parts)) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
        }
    }

    /** The number of threads the GEMM may use. */
    public static int threads() {
        return Sgemm.threads();
    }

    /** For example {@code "vector (512-bit, 2 threads)"}. */
    @Override
    public String name() {
        return "vector (" + S.vectorBitSize() + "-bit, " + Sgemm.threads() + " threads)";
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        Sgemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Copies op(B) into the GEMM's panel layout once (empty B: kept by reference, nothing to pack).
     * Without the Java 21+ paths ({@link dev.rnn4j.kernels.Java21Paths}) B is kept by reference and
     * every product is a plain {@link #sgemm}: on Java 17 the order of the first calls decides
     * whether C2 compiles the kernels well (BENCHMARKS.md, section "Java 17 and Java 25").
     */
    @Override
    public PackedMatrix packRight(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (k <= 0 || n <= 0 || !Sgemm.PREPARED_PATHS) {
            return super.packRight(transB, k, n, b, bOff, ldb);
        }
        return PreparedSgemm.packRight(transB, k, n, b, bOff, ldb);
    }

    @Override
    public void sgemmPacked(int m, float[] a, int aOff, int lda, PackedMatrix b, float beta,
                            float[] c, int cOff, int ldc) {
        if (b instanceof PreparedSgemm.PackedB packed) {
            PreparedSgemm.sgemmPacked(m, a, aOff, lda, packed, beta, c, cOff, ldc);
        } else {
            super.sgemmPacked(m, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    /** Bytes widened to ints, four outputs per pass over A's row ({@link Int8Gemm}); equals the reference exactly. */
    @Override
    public void int8Gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb,
                         int[] c, int cOff, int ldc) {
        if (Int8Gemm.SUPPORTED) {
            Int8Gemm.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            super.int8Gemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /** Copies B into the column tiles of {@link Int8PackedGemm}. */
    @Override
    public PackedInt8 packInt8(int n, int k, byte[] b, int bOff, int ldb) {
        return new Int8PackedGemm.PackedB(n, k, b, bOff, ldb);
    }

    /** Int16 multiplies over k-major column tiles ({@link Int8PackedGemm}); equals the reference exactly. */
    @Override
    public void int8GemmPacked(int m, byte[] a, int aOff, int lda, PackedInt8 b, int[] c, int cOff, int ldc) {
        if (b instanceof Int8PackedGemm.PackedB packed) {
            Int8PackedGemm.gemm(m, a, aOff, lda, packed, c, cOff, ldc);
        } else {
            super.int8GemmPacked(m, a, aOff, lda, b, c, cOff, ldc);
        }
    }

    /** Max-abs and rounding on vectors ({@link Int8Rows}); the reference's bytes and scales exactly. */
    @Override
    public void quantizeRowsInt8(int rows, int cols, float[] x, int xOff, int ldx, byte[] q, int qOff,
                                 float[] scales, int scalesOff) {
        if (Int8Rows.QUANTIZE_SUPPORTED) {
            Int8Rows.quantize(rows, cols, x, xOff, ldx, q, qOff, scales, scalesOff);
        } else {
            super.quantizeRowsInt8(rows, cols, x, xOff, ldx, q, qOff, scales, scalesOff);
        }
    }

    /** {@link Int8Rows}; the reference's floats exactly. */
    @Override
    public void dequantizeInt32(int m, int n, int[] acc, float[] aScale, int aScaleOff, float[] bScale,
                                float[] bias, float beta, float[] y, int yOff, int ldy) {
        Int8Rows.dequantize(m, n, acc, aScale, aScaleOff, bScale, bias, beta, y, yOff, ldy);
    }

    // ---------------------------------------------------------------- fused streaming step

    /**
     * Only with the Java 21+ paths ({@link dev.rnn4j.kernels.Java21Paths}): on Java 17, C2 compiles the
     * fused step with boxed vectors once the training kernels have run in the same JVM, and it is then
     * slower than the stacked path (BENCHMARKS.md, section "Java 17 and Java 25").
     */
    @Override
    public boolean prefersCellStep() {
        return dev.rnn4j.kernels.Java21Paths.enabled();
    }

    @Override
    public float[] packLstmStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return FusedCellStep.pack(true, input, hidden, wIh, wHh, bIh, bHh);
    }

    @Override
    public float[] packGruStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return FusedCellStep.pack(false, input, hidden, wIh, wHh, bIh, bHh);
    }

    /** {@link FusedCellStep}, split over the cores as {@link FusedStepDispatch#fusedStep} says. */
    @Override
    public void lstmStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                         float[] c, float[] h) {
        FusedStepDispatch.fusedStep(true, rows, input, hidden, packed, x, xOff, hPrev, c, h);
    }

    /** {@link FusedCellStep}, split over the cores as {@link FusedStepDispatch#fusedStep} says. */
    @Override
    public void gruStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                        float[] h) {
        FusedStepDispatch.fusedStep(false, rows, input, hidden, packed, x, xOff, hPrev, null, h);
    }

    // ---------------------------------------------------------------- gate passes: VectorGates

    @Override
    public void lstmGatesForward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] h, int hOff, int rows, int hidden) {
        VectorGates.lstmGatesForward(gates, gatesOff, cPrev, cPrevOff, c, cOff, h, hOff, rows, hidden);
    }

    @Override
    public void lstmGatesBackward(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
                                  float[] dh, int dhOff, float[] dc, int dcOff,
                                  float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff,
                                  int rows, int hidden) {
        VectorGates.lstmGatesBackward(acts, actsOff, cPrev, cPrevOff, c, cOff, dh, dhOff, dc, dcOff,
                dGates, dGatesOff, dcPrev, dcPrevOff, rows, hidden);
    }

    @Override
    public void gruGatesForward(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                float[] acts, int actsOff, float[] h, int hOff, int rows, int hidden) {
        VectorGates.gruGatesForward(ih, ihOff, hh, hhOff, hPrev, hPrevOff, acts, actsOff, h, hOff, rows, hidden);
    }

    @Override
    public void gruGatesBackward(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                 float[] dh, int dhOff, float[] dIh, int dIhOff, float[] dHh, int dHhOff,
                                 float[] dhPrev, int dhPrevOff, int rows, int hidden) {
        VectorGates.gruGatesBackward(acts, actsOff, hh, hhOff, hPrev, hPrevOff, dh, dhOff, dIh, dIhOff,
                dHh, dHhOff, dhPrev, dhPrevOff, rows, hidden);
    }

    @Override
    public void rnnActivationForward(float[] pre, int preOff, float[] h, int hOff, int count, boolean relu) {
        VectorGates.rnnActivationForward(pre, preOff, h, hOff, count, relu);
    }

    @Override
    public void rnnActivationBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dPre, int dPreOff,
                                      int count, boolean relu) {
        VectorGates.rnnActivationBackward(h, hOff, dh, dhOff, dPre, dPreOff, count, relu);
    }

    // ---------------------------------------------------------------- small helpers

    @Override
    public void axpy(int count, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int vectorEnd = S.loopBound(count);
        FloatVector alphas = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i < vectorEnd; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(alphas, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < count; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void addRowVector(float[] dst, int dstOff, int rows, int cols, float[] bias, int biasOff) {
        // dst: (rows, cols) with row stride cols; bias: (cols)
        int vectorEnd = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = dstOff + r * cols;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector.fromArray(S, dst, row + j).add(FloatVector.fromArray(S, bias, biasOff + j))
                        .intoArray(dst, row + j);
            }
            for (; j < cols; j++) {
                dst[row + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void addColumnSums(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        // src: (rows, cols); dst: (cols), accumulated. Each column adds its rows in order, as the
        // reference does; walking src row by row (dst stays in L1) streams it once, where a column
        // strip at a time would read one line per row at a stride of a whole row.
        int vectorEnd = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * cols;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector.fromArray(S, dst, dstOff + j).add(FloatVector.fromArray(S, src, row + j))
                        .intoArray(dst, dstOff + j);
            }
            for (; j < cols; j++) {
                dst[dstOff + j] += src[row + j];
            }
        }
    }
}
