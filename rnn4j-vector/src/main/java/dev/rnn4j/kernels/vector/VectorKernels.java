package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link dev.rnn4j.kernels.Kernels} on the incubating Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Every float kernel is overridden; the float64 twins are inherited from {@link ScalarKernels}
 * (they serve gradient checks only). The species is {@link FloatVector#SPECIES_PREFERRED}: 16 lanes
 * on AVX-512, 8 on AVX2. Loops run whole vectors and finish the tail with the scalar equations,
 * so results match the reference to float rounding (activations: below 2e-7 relative, see
 * {@link VectorMath}; GEMM: a different summation order, error growing like √k · ulp).
 *
 * <p>{@link #sgemm} and the large gate passes (rows × H ≥ {@value #PARALLEL_MIN_GATE_ELEMENTS}) run on
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

    /** {@link FusedCellStep}, split over the cores as {@link #fusedStep} says. */
    @Override
    public void lstmStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                         float[] c, float[] h) {
        fusedStep(true, rows, input, hidden, packed, x, xOff, hPrev, c, h);
    }

    /** {@link FusedCellStep}, split over the cores as {@link #fusedStep} says. */
    @Override
    public void gruStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                        float[] h) {
        fusedStep(false, rows, input, hidden, packed, x, xOff, hPrev, null, h);
    }

    /**
     * The LSTM ({@code lstm}) or GRU step of {@link FusedCellStep}, its tiles of hidden units split over
     * a {@link StepTeam} in fixed shares (the caller runs the first), so each core keeps its share of
     * the weights in its own cache across steps. The caller first copies x and hPrev side by side
     * into one reused buffer ({@link FusedCellStep#join}), the operand every part reads.
     */
    private static void fusedStep(boolean lstm, int rows, int input, int hidden, float[] packed, float[] x, int xOff,
                                  float[] hPrev, float[] c, float[] h) {
        StepCall call = STEP_CALLS.get();
        call.lstm = lstm;
        call.rows = rows;
        call.input = input;
        call.hidden = hidden;
        call.packed = packed;
        call.c = c;
        call.h = h;
        call.tiles = FusedCellStep.tiles(hidden);
        call.xh = call.joined(rows * (input + hidden));
        FusedCellStep.join(rows, input, hidden, x, xOff, hPrev, call.xh);
        long fmas = (long) rows * (lstm ? 4 : 3) * hidden * (input + hidden);
        StepTeam team = call.tiles >= 2 && fmas >= Sgemm.PARALLEL_MIN_FMAS ? stepTeam() : null;
        try {
            if (team != null) {
                int parts = Math.min(team.size(), call.tiles);
                call.ensureScratch(parts);
                call.ensureCopies(parts);
                if (team.tryRun(call, parts)) {
                    return;
                }
            }
            call.ensureScratch(1);
            call.run(0, 1);
        } finally {
            call.clear();
        }
    }

    /**
     * The arguments of one fused step; part p runs a fixed share of the tiles (on the same thread
     * every step, see {@link StepTeam}). One per calling thread.
     */
    private static final class StepCall implements WorkerPool.Job {
        boolean lstm;
        int rows;
        int input;
        int hidden;
        float[] packed;
        float[] c;
        float[] h;
        int tiles;
        /** (rows, I + H): {@code [x | hPrev]} of this step, see {@link FusedCellStep#join}. */
        float[] xh;
        /** One tile's pre-activations per part (parts never run twice at once). */
        float[][] scratch = new float[0][];
        private float[] joinedBuffer = new float[0];

        /** The reused {@code [x | hPrev]} buffer, grown to at least {@code floats}. */
        float[] joined(int floats) {
            if (joinedBuffer.length < floats) {
                joinedBuffer = new float[floats];
            }
            return joinedBuffer;
        }

        /** Per part p ≥ 1: its own copy of xh, see {@link #run}. */
        float[][] xhCopies = new float[0][];

        void ensureCopies(int parts) {
            if (xhCopies.length < parts) {
                xhCopies = Arrays.copyOf(xhCopies, parts);
            }
            int floats = rows * (input + hidden) + 16; // 16 floats of slack: no line shared with the next array
            for (int p = 1; p < parts; p++) {
                if (xhCopies[p] == null || xhCopies[p].length < floats) {
                    xhCopies[p] = new float[floats];
                }
            }
        }

        void ensureScratch(int parts) {
            if (scratch.length < parts) {
                float[][] grown = Arrays.copyOf(scratch, parts);
                for (int p = scratch.length; p < parts; p++) {
                    grown[p] = new float[FusedCellStep.SCRATCH_FLOATS];
                }
                scratch = grown;
            }
        }

        /**
         * Part 0 (the caller, which has just written xh) reads xh where it is; another part first
         * copies it into its own array: one bulk copy fetches all of xh's lines from the caller's
         * core at once, where the k-loop would wait for them one at a time (BENCHMARKS.md,
         * "Streaming: the step against its bound").
         */
        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) tiles * part / parts);
            int to = (int) ((long) tiles * (part + 1) / parts);
            float[] operand = xh;
            if (part > 0) {
                operand = xhCopies[part];
                System.arraycopy(xh, 0, operand, 0, rows * (input + hidden));
            }
            FusedCellStep.run(lstm, rows, input, hidden, packed, operand, c, h, from, to, scratch[part]);
        }

        void clear() {
            packed = null;
            xh = null;
            c = null;
            h = null;
        }
    }

    private static final Object TEAM_LOCK = new Object();
    private static volatile StepTeam team; // replaced under TEAM_LOCK when the thread count changes

    /** The fused step's team of {@link #threads()} threads, or null when there is one thread. */
    private static StepTeam stepTeam() {
        int t = Sgemm.threads();
        if (t <= 1) {
            return null;
        }
        StepTeam current = team;
        if (current != null && current.size() == t) {
            return current;
        }
        synchronized (TEAM_LOCK) {
            if (team == null || team.size() != t) {
                if (team != null) {
                    team.shutdown();
                }
                team = new StepTeam(t);
            }
            return team;
        }
    }

    private static final ThreadLocal<StepCall> STEP_CALLS = ThreadLocal.withInitial(StepCall::new);

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
        return Sgemm.packRight(transB, k, n, b, bOff, ldb);
    }

    @Override
    public void sgemmPacked(int m, float[] a, int aOff, int lda, PackedMatrix b, float beta,
                            float[] c, int cOff, int ldc) {
        if (b instanceof Sgemm.PackedB packed) {
            Sgemm.sgemmPacked(m, a, aOff, lda, packed, beta, c, cOff, ldc);
        } else {
            super.sgemmPacked(m, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    // ---------------------------------------------------------------- gate passes: dispatch
    // Rows are independent, so large gate passes (batch × H ≥ PARALLEL_MIN_GATE_ELEMENTS) are split
    // by rows over the GEMM's worker pool; smaller ones would lose more to the hand-off than they gain.

    /** rows × hidden from which a gate pass is split across threads (about 10 µs of work). */
    static final int PARALLEL_MIN_GATE_ELEMENTS = 8192;

    private static final int LSTM_FORWARD = 0;
    private static final int LSTM_BACKWARD = 1;
    private static final int GRU_FORWARD = 2;
    private static final int GRU_BACKWARD = 3;

    /** The arguments of one gate pass; each part runs a block of rows. One per calling thread, reused. */
    private static final class RowsCall implements WorkerPool.Job {
        int kind;
        int rows;
        int hidden;
        final float[][] arrays = new float[7][];
        final int[] offsets = new int[7];
        /** Row width of each array in units of H (4 for LSTM gates, 3 for GRU, 1 for states). */
        final int[] widths = new int[7];

        void set(int slot, float[] array, int offset, int width) {
            arrays[slot] = array;
            offsets[slot] = offset;
            widths[slot] = width;
        }

        private int at(int slot, int row) {
            return offsets[slot] + row * widths[slot] * hidden;
        }

        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) rows * part / parts);
            int to = (int) ((long) rows * (part + 1) / parts);
            int n = to - from;
            if (n <= 0) {
                return;
            }
            float[][] x = arrays;
            switch (kind) {
                case LSTM_FORWARD:
                    lstmForwardRows(x[0], at(0, from), x[1], at(1, from), x[2], at(2, from), x[3], at(3, from), n, hidden);
                    break;
                case LSTM_BACKWARD:
                    lstmBackwardRows(x[0], at(0, from), x[1], at(1, from), x[2], at(2, from), x[3], at(3, from),
                            x[4], at(4, from), x[5], at(5, from), x[6], at(6, from), n, hidden);
                    break;
                case GRU_FORWARD:
                    gruForwardRows(x[0], at(0, from), x[1], at(1, from), x[2], at(2, from), x[3], at(3, from),
                            x[4], at(4, from), n, hidden);
                    break;
                default:
                    gruBackwardRows(x[0], at(0, from), x[1], at(1, from), x[2], at(2, from), x[3], at(3, from),
                            x[4], at(4, from), x[5], at(5, from), x[6], at(6, from), n, hidden);
                    break;
            }
        }

        void clear() {
            Arrays.fill(arrays, null);
        }
    }

    private static final ThreadLocal<RowsCall> ROWS_CALLS = ThreadLocal.withInitial(RowsCall::new);

    /** A pool to split {@code rows} rows over, or null when the pass should run on the caller alone. */
    private static WorkerPool poolFor(int rows, int hidden) {
        if (rows < 2 || (long) rows * hidden < PARALLEL_MIN_GATE_ELEMENTS) {
            return null;
        }
        return Sgemm.pool();
    }

    /** Elements per part of a split gate pass: a few µs each, so a slow thread delays little. */
    private static final int GATE_ELEMENTS_PER_PART = 2048;

    private static boolean runRows(WorkerPool pool, RowsCall call) {
        // Parts are taken from a shared counter: many small ones keep both threads busy even when
        // the OS runs one of them late, where one half each would wait for the slower thread.
        long elements = (long) call.rows * call.hidden;
        int parts = (int) Math.min(call.rows, Math.max(pool.size(), elements / GATE_ELEMENTS_PER_PART));
        boolean ran = pool.tryRun(call, parts);
        call.clear();
        return ran;
    }

    @Override
    public void lstmGatesForward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] h, int hOff, int rows, int hidden) {
        WorkerPool pool = poolFor(rows, hidden);
        if (pool != null) {
            RowsCall call = ROWS_CALLS.get();
            call.kind = LSTM_FORWARD;
            call.rows = rows;
            call.hidden = hidden;
            call.set(0, gates, gatesOff, 4);
            call.set(1, cPrev, cPrevOff, 1);
            call.set(2, c, cOff, 1);
            call.set(3, h, hOff, 1);
            if (runRows(pool, call)) {
                return;
            }
        }
        lstmForwardRows(gates, gatesOff, cPrev, cPrevOff, c, cOff, h, hOff, rows, hidden);
    }

    @Override
    public void lstmGatesBackward(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
                                  float[] dh, int dhOff, float[] dc, int dcOff,
                                  float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff,
                                  int rows, int hidden) {
        WorkerPool pool = poolFor(rows, hidden);
        if (pool != null) {
            RowsCall call = ROWS_CALLS.get();
            call.kind = LSTM_BACKWARD;
            call.rows = rows;
            call.hidden = hidden;
            call.set(0, acts, actsOff, 4);
            call.set(1, cPrev, cPrevOff, 1);
            call.set(2, c, cOff, 1);
            call.set(3, dh, dhOff, 1);
            call.set(4, dc, dcOff, 1);
            call.set(5, dGates, dGatesOff, 4);
            call.set(6, dcPrev, dcPrevOff, 1);
            if (runRows(pool, call)) {
                return;
            }
        }
        lstmBackwardRows(acts, actsOff, cPrev, cPrevOff, c, cOff, dh, dhOff, dc, dcOff, dGates, dGatesOff,
                dcPrev, dcPrevOff, rows, hidden);
    }

    @Override
    public void gruGatesForward(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                float[] acts, int actsOff, float[] h, int hOff, int rows, int hidden) {
        WorkerPool pool = poolFor(rows, hidden);
        if (pool != null) {
            RowsCall call = ROWS_CALLS.get();
            call.kind = GRU_FORWARD;
            call.rows = rows;
            call.hidden = hidden;
            call.set(0, ih, ihOff, 3);
            call.set(1, hh, hhOff, 3);
            call.set(2, hPrev, hPrevOff, 1);
            call.set(3, acts, actsOff, 3);
            call.set(4, h, hOff, 1);
            if (runRows(pool, call)) {
                return;
            }
        }
        gruForwardRows(ih, ihOff, hh, hhOff, hPrev, hPrevOff, acts, actsOff, h, hOff, rows, hidden);
    }

    @Override
    public void gruGatesBackward(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                 float[] dh, int dhOff, float[] dIh, int dIhOff, float[] dHh, int dHhOff,
                                 float[] dhPrev, int dhPrevOff, int rows, int hidden) {
        WorkerPool pool = poolFor(rows, hidden);
        if (pool != null) {
            RowsCall call = ROWS_CALLS.get();
            call.kind = GRU_BACKWARD;
            call.rows = rows;
            call.hidden = hidden;
            call.set(0, acts, actsOff, 3);
            call.set(1, hh, hhOff, 3);
            call.set(2, hPrev, hPrevOff, 1);
            call.set(3, dh, dhOff, 1);
            call.set(4, dIh, dIhOff, 3);
            call.set(5, dHh, dHhOff, 3);
            call.set(6, dhPrev, dhPrevOff, 1);
            if (runRows(pool, call)) {
                return;
            }
        }
        gruBackwardRows(acts, actsOff, hh, hhOff, hPrev, hPrevOff, dh, dhOff, dIh, dIhOff, dHh, dHhOff,
                dhPrev, dhPrevOff, rows, hidden);
    }

    // ---------------------------------------------------------------- scalar tails
    // The same equations as ScalarKernels (whose helpers are package-private there).

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    private static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    // ---------------------------------------------------------------- LSTM

    // Vector loops run to a bound computed before the loop (S.loopBound): C2 does not treat
    // "j + L <= len" as a counted loop, keeps a safepoint in it and boxes the vectors (measured:
    // 196,608 bytes allocated per 64 × 256 LSTM gate pass, 2-3× slower). Activations run in
    // sigmoidRows / tanhRows over whole row blocks, which keeps the kernels' own loops short.

    private static void lstmForwardRows(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                        float[] c, int cOff, float[] h, int hOff, int rows, int hidden) {
        // gates: (rows, 4H) as [i | f | g | o]; cPrev, c, h: (rows, H)
        int width = 4 * hidden;
        sigmoidRows(gates, gatesOff, width, rows, 2 * hidden);                     // i, f
        tanhRows(gates, gatesOff + 2 * hidden, width, gates, gatesOff + 2 * hidden, width, rows, hidden);
        sigmoidRows(gates, gatesOff + 3 * hidden, width, rows, hidden);            // o
        int vectorEnd = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = gatesOff + r * width;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int s0 = r * hidden;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector i = FloatVector.fromArray(S, gates, gi + j);
                FloatVector f = FloatVector.fromArray(S, gates, gf + j);
                FloatVector g = FloatVector.fromArray(S, gates, gg + j);
                f.fma(FloatVector.fromArray(S, cPrev, cPrevOff + s0 + j), i.mul(g)).intoArray(c, cOff + s0 + j);
            }
            for (; j < hidden; j++) {
                c[cOff + s0 + j] = gates[gf + j] * cPrev[cPrevOff + s0 + j] + gates[gi + j] * gates[gg + j];
            }
        }
        // c and h are both (rows, H) contiguous: one tanh pass over all of it
        tanhRows(c, cOff, 0, h, hOff, 0, 1, rows * hidden);
        for (int r = 0; r < rows; r++) {
            int go = gatesOff + r * width + 3 * hidden;
            int s0 = hOff + r * hidden;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector.fromArray(S, gates, go + j).mul(FloatVector.fromArray(S, h, s0 + j)).intoArray(h, s0 + j);
            }
            for (; j < hidden; j++) {
                h[s0 + j] = gates[go + j] * h[s0 + j];
            }
        }
    }

    /** σ in place over {@code rows} rows of {@code len} values, row r starting at {@code off + r·stride}. */
    private static void sigmoidRows(float[] x, int off, int stride, int rows, int len) {
        int vectorEnd = S.loopBound(len);
        for (int r = 0; r < rows; r++) {
            int row = off + r * stride;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                VectorMath.sigmoid(FloatVector.fromArray(S, x, row + j)).intoArray(x, row + j);
            }
            for (; j < len; j++) {
                x[row + j] = sigmoid(x[row + j]);
            }
        }
    }

    /**
     * dst = tanh(src) over {@code rows} rows of {@code len} values (row r of src at
     * {@code srcOff + r·srcStride}, of dst at {@code dstOff + r·dstStride}; may be the same range).
     */
    private static void tanhRows(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride,
                                 int rows, int len) {
        int vectorEnd = S.loopBound(len);
        for (int r = 0; r < rows; r++) {
            int from = srcOff + r * srcStride;
            int to = dstOff + r * dstStride;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                VectorMath.tanh(FloatVector.fromArray(S, src, from + j)).intoArray(dst, to + j);
            }
            for (; j < len; j++) {
                dst[to + j] = tanh(src[from + j]);
            }
        }
    }

    private static void lstmBackwardRows(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
                                         float[] dh, int dhOff, float[] dc, int dcOff,
                                         float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff,
                                         int rows, int hidden) {
        // acts, dGates: (rows, 4H); cPrev, c, dh, dc, dcPrev: (rows, H); dcPrev may alias dc
        int width = 4 * hidden;
        int vectorEnd = S.loopBound(hidden);
        // tanh(c) goes first into the o-slot of dGates (an output only), overwritten below
        tanhRows(c, cOff, hidden, dGates, dGatesOff + 3 * hidden, width, rows, hidden);
        for (int r = 0; r < rows; r++) {
            int ai = actsOff + r * width;
            int di = dGatesOff + r * width;
            int s0 = r * hidden;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector i = FloatVector.fromArray(S, acts, ai + j);
                FloatVector f = FloatVector.fromArray(S, acts, ai + hidden + j);
                FloatVector g = FloatVector.fromArray(S, acts, ai + 2 * hidden + j);
                FloatVector o = FloatVector.fromArray(S, acts, ai + 3 * hidden + j);
                FloatVector tanhC = FloatVector.fromArray(S, dGates, di + 3 * hidden + j);
                FloatVector dhj = FloatVector.fromArray(S, dh, dhOff + s0 + j);
                // dc total = incoming dc + dh · o · (1 − tanh²c)
                FloatVector oneMinusT2 = tanhC.neg().fma(tanhC, tanhC.broadcast(1f));
                FloatVector dcj = dhj.mul(o).fma(oneMinusT2, FloatVector.fromArray(S, dc, dcOff + s0 + j));
                dcj.mul(g).mul(i.mul(i.neg().add(1f))).intoArray(dGates, di + j);
                dcj.mul(FloatVector.fromArray(S, cPrev, cPrevOff + s0 + j)).mul(f.mul(f.neg().add(1f)))
                        .intoArray(dGates, di + hidden + j);
                dcj.mul(i).mul(g.neg().fma(g, g.broadcast(1f))).intoArray(dGates, di + 2 * hidden + j);
                dhj.mul(tanhC).mul(o.mul(o.neg().add(1f))).intoArray(dGates, di + 3 * hidden + j);
                dcj.mul(f).intoArray(dcPrev, dcPrevOff + s0 + j);
            }
            for (; j < hidden; j++) {
                float i = acts[ai + j];
                float f = acts[ai + hidden + j];
                float g = acts[ai + 2 * hidden + j];
                float o = acts[ai + 3 * hidden + j];
                float tanhC = dGates[di + 3 * hidden + j];
                float dhj = dh[dhOff + s0 + j];
                float dcj = dc[dcOff + s0 + j] + dhj * o * (1f - tanhC * tanhC);
                dGates[di + j] = dcj * g * i * (1f - i);
                dGates[di + hidden + j] = dcj * cPrev[cPrevOff + s0 + j] * f * (1f - f);
                dGates[di + 2 * hidden + j] = dcj * i * (1f - g * g);
                dGates[di + 3 * hidden + j] = dhj * tanhC * o * (1f - o);
                dcPrev[dcPrevOff + s0 + j] = dcj * f;
            }
        }
    }

    // ---------------------------------------------------------------- GRU

    private static void gruForwardRows(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                       float[] acts, int actsOff, float[] h, int hOff, int rows, int hidden) {
        // ih, hh, acts: (rows, 3H) as [r | z | n]; hPrev, h: (rows, H)
        int width = 3 * hidden;
        int twoH = 2 * hidden;
        int vectorEnd = S.loopBound(hidden);
        int pairEnd = S.loopBound(twoH);
        // acts[r | z] = σ(ih + hh), all rows
        for (int row = 0; row < rows; row++) {
            int x0 = ihOff + row * width;
            int y0 = hhOff + row * width;
            int a0 = actsOff + row * width;
            int j = 0;
            for (; j < pairEnd; j += L) {
                FloatVector.fromArray(S, ih, x0 + j).add(FloatVector.fromArray(S, hh, y0 + j)).intoArray(acts, a0 + j);
            }
            for (; j < twoH; j++) {
                acts[a0 + j] = ih[x0 + j] + hh[y0 + j];
            }
        }
        sigmoidRows(acts, actsOff, width, rows, twoH);
        // acts[n] = tanh(ih_n + r ⊙ hh_n), all rows
        for (int row = 0; row < rows; row++) {
            int x0 = ihOff + row * width;
            int y0 = hhOff + row * width;
            int a0 = actsOff + row * width;
            int an = a0 + twoH;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector.fromArray(S, acts, a0 + j)
                        .fma(FloatVector.fromArray(S, hh, y0 + twoH + j), FloatVector.fromArray(S, ih, x0 + twoH + j))
                        .intoArray(acts, an + j);
            }
            for (; j < hidden; j++) {
                acts[an + j] = ih[x0 + twoH + j] + acts[a0 + j] * hh[y0 + twoH + j];
            }
        }
        tanhRows(acts, actsOff + twoH, width, acts, actsOff + twoH, width, rows, hidden);
        // h = (1 − z) ⊙ n + z ⊙ hPrev = n + z ⊙ (hPrev − n)
        for (int row = 0; row < rows; row++) {
            int a0 = actsOff + row * width;
            int an = a0 + twoH;
            int s0 = row * hidden;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector n = FloatVector.fromArray(S, acts, an + j);
                FloatVector.fromArray(S, acts, a0 + hidden + j)
                        .fma(FloatVector.fromArray(S, hPrev, hPrevOff + s0 + j).sub(n), n)
                        .intoArray(h, hOff + s0 + j);
            }
            for (; j < hidden; j++) {
                float z = acts[a0 + hidden + j];
                float n = acts[an + j];
                h[hOff + s0 + j] = (1f - z) * n + z * hPrev[hPrevOff + s0 + j];
            }
        }
    }

    private static void gruBackwardRows(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                        float[] dh, int dhOff, float[] dIh, int dIhOff, float[] dHh, int dHhOff,
                                        float[] dhPrev, int dhPrevOff, int rows, int hidden) {
        // acts, hh, dIh, dHh: (rows, 3H); hPrev, dh, dhPrev: (rows, H)
        int width = 3 * hidden;
        int vectorEnd = S.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int a0 = actsOff + row * width;
            int y0 = hhOff + row * width;
            int dx0 = dIhOff + row * width;
            int dy0 = dHhOff + row * width;
            int s0 = row * hidden;
            int j = 0;
            for (; j < vectorEnd; j += L) {
                FloatVector r = FloatVector.fromArray(S, acts, a0 + j);
                FloatVector z = FloatVector.fromArray(S, acts, a0 + hidden + j);
                FloatVector n = FloatVector.fromArray(S, acts, a0 + 2 * hidden + j);
                FloatVector dhj = FloatVector.fromArray(S, dh, dhOff + s0 + j);
                FloatVector oneMinusZ = z.neg().add(1f);
                FloatVector dn = dhj.mul(oneMinusZ).mul(n.neg().fma(n, n.broadcast(1f)));
                FloatVector dz = dhj.mul(FloatVector.fromArray(S, hPrev, hPrevOff + s0 + j).sub(n))
                        .mul(z.mul(oneMinusZ));
                FloatVector hhN = FloatVector.fromArray(S, hh, y0 + 2 * hidden + j);
                FloatVector dr = dn.mul(hhN).mul(r.mul(r.neg().add(1f)));
                dr.intoArray(dIh, dx0 + j);
                dz.intoArray(dIh, dx0 + hidden + j);
                dn.intoArray(dIh, dx0 + 2 * hidden + j);
                dr.intoArray(dHh, dy0 + j);
                dz.intoArray(dHh, dy0 + hidden + j);
                dn.mul(r).intoArray(dHh, dy0 + 2 * hidden + j);
                dhj.mul(z).intoArray(dhPrev, dhPrevOff + s0 + j);
            }
            for (; j < hidden; j++) {
                float r = acts[a0 + j];
                float z = acts[a0 + hidden + j];
                float n = acts[a0 + 2 * hidden + j];
                float dhj = dh[dhOff + s0 + j];
                float dn = dhj * (1f - z) * (1f - n * n);
                float dz = dhj * (hPrev[hPrevOff + s0 + j] - n) * z * (1f - z);
                float hhN = hh[y0 + 2 * hidden + j];
                float dr = dn * hhN * r * (1f - r);
                dIh[dx0 + j] = dr;
                dIh[dx0 + hidden + j] = dz;
                dIh[dx0 + 2 * hidden + j] = dn;
                dHh[dy0 + j] = dr;
                dHh[dy0 + hidden + j] = dz;
                dHh[dy0 + 2 * hidden + j] = dn * r;
                dhPrev[dhPrevOff + s0 + j] = dhj * z;
            }
        }
    }

    // ---------------------------------------------------------------- Elman RNN

    @Override
    public void rnnActivationForward(float[] pre, int preOff, float[] h, int hOff, int count, boolean relu) {
        int vectorEnd = S.loopBound(count);
        int i = 0;
        if (relu) {
            for (; i < vectorEnd; i += L) {
                FloatVector.fromArray(S, pre, preOff + i).max(0f).intoArray(h, hOff + i);
            }
            for (; i < count; i++) {
                float v = pre[preOff + i];
                h[hOff + i] = v > 0f ? v : 0f;
            }
        } else {
            tanhRows(pre, preOff, 0, h, hOff, 0, 1, count);
        }
    }

    @Override
    public void rnnActivationBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dPre, int dPreOff,
                                      int count, boolean relu) {
        int vectorEnd = S.loopBound(count);
        int i = 0;
        if (relu) {
            for (; i < vectorEnd; i += L) {
                FloatVector y = FloatVector.fromArray(S, h, hOff + i);
                FloatVector d = FloatVector.fromArray(S, dh, dhOff + i);
                d.blend(0f, y.compare(VectorOperators.GT, 0f).not()).intoArray(dPre, dPreOff + i);
            }
            for (; i < count; i++) {
                dPre[dPreOff + i] = h[hOff + i] > 0f ? dh[dhOff + i] : 0f;
            }
        } else {
            for (; i < vectorEnd; i += L) {
                FloatVector y = FloatVector.fromArray(S, h, hOff + i);
                FloatVector d = FloatVector.fromArray(S, dh, dhOff + i);
                d.mul(y.neg().fma(y, y.broadcast(1f))).intoArray(dPre, dPreOff + i);
            }
            for (; i < count; i++) {
                float y = h[hOff + i];
                dPre[dPreOff + i] = dh[dhOff + i] * (1f - y * y);
            }
        }
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
