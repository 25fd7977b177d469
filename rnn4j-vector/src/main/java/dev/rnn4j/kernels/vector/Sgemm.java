package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on the Vector API: {@code C = op(A) · op(B) + beta · C}, row-major, the
 * contract of {@link dev.rnn4j.kernels.Kernels#sgemm}. Arguments are trusted (callers validate).
 *
 * <p>Three paths:
 * <ul>
 *   <li><b>Packed</b> (the general case), after Goto and van de Geijn, "Anatomy of high-performance
 *       matrix multiplication" (2008): k is cut into blocks of {@value #KC}, n into blocks of
 *       {@value #NC}, m into blocks of {@value #MC}; each block of op(B) is copied into column panels
 *       {@code NR} wide and each block of a transposed A into row panels {@value #MR} high (zero-padded), so the
 *       micro-kernel streams both contiguously whatever the transposition; an A not transposed is
 *       read in place, {@value #MR} contiguous rows at a time (only a last, shorter panel is packed). The micro-kernel keeps a
 *       {@value #MR} × 2-vector tile of C in 12 registers and does 12 FMAs per step of k on one
 *       broadcast of A and two loads of B (233 GFLOPS on one core of the build machine, AVX-512).</li>
 *   <li><b>Few rows</b> ({@code m ≤ }{@value #SMALL_M}, the recurrent step at small batch): no
 *       packing. With B transposed (C = A · Wᵀ, W stored (n, k)) each output is a dot product of two
 *       contiguous rows, 8 columns at a time for one row and 4 × 4 for two to four rows; otherwise
 *       rows of B are streamed once and scaled by broadcasts of A.</li>
 *   <li><b>Prepared B</b> ({@link PreparedSgemm}): op(B) packed once into the panels of the packed
 *       path and reused by every product with it (the recurrent step's W_hh).</li>
 * </ul>
 * The packing of panels and the micro-kernels are in {@link SgemmPanels}; the block sizes and
 * thresholds of all three paths are here.
 * Products large enough to pay for the hand-off run on the threads of a {@link WorkerPool}: with
 * {@value #SHARED_MIN_M} rows or more the packed path shares each packed block of B and deals out
 * blocks of rows as threads free up (SharedPacked; when op(B) is small and k deep, all of it is
 * packed at once and each block of rows runs through all of k); otherwise the columns (or, with fewer columns
 * than rows, the rows) are cut into one fixed share per thread, each thread packing its own operands
 * into per-thread buffers, so that a weight matrix's share stays in the same core's cache.
 *
 * <p>With {@code beta = 0} C is only written, never read, so NaN or garbage in C is ignored.
 */
final class Sgemm {

    private Sgemm() {
    }

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();
    /** Rows of the micro-tile. */
    static final int MR = 6;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: A's micro-panel (MR × KC) and B's (KC × NR, 32 KiB at 512 bits) stay in L1. */
    static final int KC = 256;
    /** Rows of a packed A block (MC × KC floats, 120 KiB) kept in L2 while B panels stream past it. */
    static final int MC = 120;
    /** Columns of a packed B block (KC × NC floats, 2 MiB) kept in L2/L3. */
    static final int NC = 2048;
    /**
     * Up to this many rows (and fewer rows than columns) a product with B transposed computes
     * Cᵀ = B · op(A)ᵀ instead (see {@link #swappedTransB}).
     */
    static final int SWAP_MAX_M = 512;
    /**
     * From this many rows a parallel packed product shares one packed block of B between the
     * threads and deals out blocks of {@value #MC_SHARED} rows as they free up (see SharedPacked).
     */
    static final int SHARED_MIN_M = 288;
    /** Rows per block dealt out by SharedPacked: small enough to balance, large enough to reuse B. */
    static final int MC_SHARED = 72;
    /** Up to this many rows the product goes the unpacked way. */
    static final int SMALL_M = 4;
    /**
     * Multiply-adds below which a product runs on the calling thread alone: a few µs of work, about
     * what waking a worker and waiting for it costs (the batch-1 step h · W_hhᵀ at H = 256 is 2¹⁸).
     */
    static final long PARALLEL_MIN_FMAS = 1L << 17;

    // ------------------------------------------------------------------ threads

    private static final Object POOL_LOCK = new Object();
    private static volatile int threads = dev.rnn4j.kernels.KernelThreads.configured();
    private static volatile WorkerPool pool; // replaced under POOL_LOCK; created on first parallel call

    static int threads() {
        return threads;
    }

    static void setThreads(int count) {
        synchronized (POOL_LOCK) {
            threads = count;
            if (pool != null && pool.size() != count) {
                pool.shutdown();
                pool = null;
            }
        }
    }

    /** The shared pool when more than one thread is configured, else null (also used by the gate passes). */
    static WorkerPool pool() {
        int t = threads;
        if (t <= 1) {
            return null;
        }
        WorkerPool current = pool;
        if (current != null && current.size() == t) {
            return current;
        }
        synchronized (POOL_LOCK) {
            if (pool == null || pool.size() != t) {
                if (pool != null) {
                    pool.shutdown();
                }
                pool = new WorkerPool(t);
            }
            return pool;
        }
    }

    /** One reusable {@link Call} per calling thread, so the parallel path allocates nothing per call. */
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    /** The arguments of one GEMM, shared by its parts. */
    private static final class Call implements WorkerPool.Job {
        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float beta;
        float[] c;
        int cOff;
        int ldc;
        /** Split the columns (else the rows); the part boundaries are multiples of {@code unit}. */
        boolean splitColumns;
        int unit;

        @Override
        public void run(int part, int parts) {
            int extent = splitColumns ? n : m;
            int units = (extent + unit - 1) / unit;
            int from = (int) ((long) units * part / parts) * unit;
            int to = Math.min(extent, (int) ((long) units * (part + 1) / parts) * unit);
            if (from >= to) {
                return;
            }
            if (splitColumns) {
                int bShift = transB ? from * ldb : from;
                serial(transA, transB, m, to - from, k, a, aOff, lda, b, bOff + bShift, ldb, beta, c, cOff + from, ldc);
            } else {
                int aShift = transA ? from : from * lda;
                serial(transA, transB, to - from, n, k, a, aOff + aShift, lda, b, bOff, ldb, beta,
                        c, cOff + from * ldc, ldc);
            }
        }
    }

    // ------------------------------------------------------------------ entry

    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        long fmas = (long) m * n * k;
        int t = threads;
        if (t > 1 && fmas >= PARALLEL_MIN_FMAS && m >= SHARED_MIN_M && !swapped(transB, m, n)) {
            WorkerPool p = pool();
            if (p != null) {
                SharedPacked job = SHARED.get();
                job.run(p, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                return;
            }
        }
        if (t > 1 && fmas >= PARALLEL_MIN_FMAS) {
            boolean small = m <= SMALL_M;
            // Few rows: split columns in groups the small kernels use. Otherwise split the larger
            // dimension in whole micro-tiles, so each thread packs its own share of B (or of A).
            boolean splitColumns = small || (n / NR >= t && n >= m);
            int unit = small ? (transB ? 8 : NR) : (splitColumns ? NR : MR);
            int extent = splitColumns ? n : m;
            int parts = Math.min(t, (extent + unit - 1) / unit);
            if (parts > 1) {
                WorkerPool p = pool();
                if (p != null) {
                    Call call = CALLS.get();
                    call.transA = transA;
                    call.transB = transB;
                    call.m = m;
                    call.n = n;
                    call.k = k;
                    call.a = a;
                    call.aOff = aOff;
                    call.lda = lda;
                    call.b = b;
                    call.bOff = bOff;
                    call.ldb = ldb;
                    call.beta = beta;
                    call.c = c;
                    call.cOff = cOff;
                    call.ldc = ldc;
                    call.splitColumns = splitColumns;
                    call.unit = unit;
                    boolean ran = p.tryRun(call, Math.min(parts, p.size()));
                    call.a = null;      // do not keep the caller's arrays reachable
                    call.b = null;
                    call.c = null;
                    if (ran) {
                        return;
                    }
                }
            }
        }
        serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The whole product on the calling thread. */
    static void serial(boolean transA, boolean transB, int m, int n, int k,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (m <= SMALL_M) {
            if (transB) {
                SmallGemm.rowsTimesTransposed(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                SmallGemm.rowsTimesMatrix(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        } else if (swapped(transB, m, n)) {
            swappedTransB(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            packed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static boolean swapped(boolean transB, int m, int n) {
        return transB && m < n && m <= SWAP_MAX_M;
    }

    /** C = beta · C (k = 0: the product is empty). */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
    }

    private static final ThreadLocal<SharedPacked> SHARED = ThreadLocal.withInitial(SharedPacked::new);

    /**
     * The packed product on several threads, for many rows: for each block of k (and of n), the
     * threads first pack op(B) together into one shared buffer (each a range of panels), then take
     * blocks of {@value #MC_SHARED} rows from a shared counter, each packing its own rows of A into
     * its per-thread buffer. Nothing is packed twice, and a thread the OS deschedules only delays
     * the block it holds: the others take the rest (a fixed half per thread would stall the call).
     * One instance per calling thread, reused; its buffer for B is the caller's.
     */
    private static final class SharedPacked implements WorkerPool.Job {
        private boolean transA;
        private boolean transB;
        private int m;
        private float[] a;
        private int aOff;
        private int lda;
        private float[] b;
        private int bOff;
        private int ldb;
        private float[] c;
        private int cOff;
        private int ldc;
        private float[] sharedB = new float[0];
        // the current block
        private boolean packing;
        private int jc;
        private int nc;
        private int pc;
        private int kc;
        private boolean accumulate;
        // whole-depth mode: all of op(B) packed at once, each part a block of rows over all of k
        private boolean wholeDepth;
        private int n;
        private int k;
        private float beta;
        private int rowBlock;

        void run(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float beta, float[] c, int cOff, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            int need = Math.min(KC, k) * Math.min(NC, roundUp(n, NR));
            if (sharedB.length < need) {
                sharedB = new float[need];
            }
            int rowBlocks = (m + MC_SHARED - 1) / MC_SHARED;
            int nPadded = roundUp(n, NR);
            if (PREPARED_PATHS && k > KC && n <= NC && (long) nPadded * k <= WHOLE_DEPTH_MAX_B) {
                this.n = n;
                this.k = k;
                this.beta = beta;
                if (sharedB.length < nPadded * k) {
                    sharedB = new float[nPadded * k];
                }
                int threadCount = pool.size();
                rowBlock = Math.min(MC, roundUp((m + 8 * threadCount - 1) / (8 * threadCount), MR));
                try {
                    wholeDepth = true;
                    packing = true;
                    runParts(pool, (k + KC - 1) / KC);
                    packing = false;
                    runParts(pool, (m + rowBlock - 1) / rowBlock);
                } finally {
                    wholeDepth = false;
                    this.a = null;
                    this.b = null;
                    this.c = null;
                }
                return;
            }
            try {
                for (jc = 0; jc < n; jc += NC) {
                    nc = Math.min(NC, n - jc);
                    int panels = (nc + NR - 1) / NR;
                    for (pc = 0; pc < k; pc += KC) {
                        kc = Math.min(KC, k - pc);
                        accumulate = pc > 0 || beta != 0f;
                        packing = true;
                        runParts(pool, Math.min(panels, 4 * pool.size()));
                        packing = false;
                        runParts(pool, rowBlocks);
                    }
                }
            } finally {
                this.a = null;      // do not keep the caller's arrays reachable
                this.b = null;
                this.c = null;
            }
        }

        /** Runs all parts on the pool, or on this thread alone when the pool is busy. */
        private void runParts(WorkerPool pool, int parts) {
            if (parts > 1 && pool.tryRun(this, parts)) {
                return;
            }
            for (int part = 0; part < parts; part++) {
                run(part, parts);
            }
        }

        @Override
        public void run(int part, int parts) {
            if (wholeDepth) {
                runWholeDepth(part);
                return;
            }
            if (packing) {
                int panels = (nc + NR - 1) / NR;
                int from = (int) ((long) panels * part / parts) * NR;
                int to = Math.min(nc, (int) ((long) panels * (part + 1) / parts) * NR);
                if (from < to) {
                    SgemmPanels.packB(transB, kc, to - from, b, bOff, ldb, pc, jc + from, sharedB, from * kc);
                }
                return;
            }
            int ic = part * MC_SHARED;
            int mc = Math.min(MC_SHARED, m - ic);
            Scratch scratch = SCRATCH.get();
            if (scratch.packedA.length < kc * MC_SHARED) {
                scratch.packedA = new float[Math.max(kc * MC_SHARED, scratch.packedA.length)];
            }
            float[] pa = scratch.packedA;
            SgemmPanels.packAndCompute(transA, mc, kc, a, aOff, lda, ic, pc, pa, sharedB, scratch.tile, nc, c,
                    cOff + ic * ldc + jc, ldc, accumulate);
        }

        /** Whole-depth mode: part p packs block p of k (packing), or computes block p of rows. */
        private void runWholeDepth(int part) {
            int nPadded = roundUp(n, NR);
            if (packing) {
                int p0 = part * KC;
                SgemmPanels.packB(transB, Math.min(KC, k - p0), n, b, bOff, ldb, p0, 0, sharedB, p0 * nPadded);
                return;
            }
            int ic = part * rowBlock;
            int mc = Math.min(rowBlock, m - ic);
            Scratch scratch = SCRATCH.get();
            if (scratch.packedA.length < Math.min(KC, k) * rowBlock) {
                scratch.packedA = new float[Math.max(Math.min(KC, k) * rowBlock, scratch.packedA.length)];
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kcHere = Math.min(KC, k - p0);
                SgemmPanels.packAndComputeAt(transA, mc, kcHere, a, aOff, lda, ic, p0, scratch.packedA, sharedB,
                        p0 * nPadded, scratch.tile, n, c, cOff + ic * ldc, ldc, p0 > 0 || beta != 0f);
            }
        }
    }

    /**
     * Whether the prepared-operand path ({@link PreparedSgemm#sgemmPacked}) and SharedPacked's
     * whole-depth mode are used: from Java 21 on ({@link dev.rnn4j.kernels.Java21Paths}); before,
     * products take the paths of {@link #sgemm} as they did before these existed.
     */
    static final boolean PREPARED_PATHS = dev.rnn4j.kernels.Java21Paths.enabled();

    /**
     * Largest op(B), in floats (4 MiB), that SharedPacked packs whole when k spans several blocks:
     * each part then takes a block of rows through all of k, keeping its block of C in cache instead
     * of re-reading all of C once per block of k, with two hand-offs per call instead of two per
     * block of k (dx and dW_ih of the recurrent backward, 10-20 % faster). Larger B would be
     * streamed from L3 once per block of rows, which costs more than it saves.
     */
    static final long WHOLE_DEPTH_MAX_B = 1L << 20;

    // ------------------------------------------------------------------ packed path

    /** Per-thread packing buffers, grown on demand and then reused. */
    static final class Scratch {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static void packed(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = SCRATCH.get();
        int ncMax = Math.min(NC, roundUp(n, NR));
        int kcMax = Math.min(KC, k);
        int mcMax = Math.min(MC, roundUp(m, MR));
        if (scratch.packedB.length < kcMax * ncMax) {
            scratch.packedB = new float[kcMax * ncMax];
        }
        if (scratch.packedA.length < kcMax * mcMax) {
            scratch.packedA = new float[kcMax * mcMax];
        }
        float[] pa = scratch.packedA;
        float[] pb = scratch.packedB;
        float[] tile = scratch.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean accumulate = pc > 0 || beta != 0f;
                SgemmPanels.packB(transB, kc, nc, b, bOff, ldb, pc, jc, pb, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    SgemmPanels.packAndCompute(transA, mc, kc, a, aOff, lda, ic, pc, pa, pb, tile, nc, c,
                            cOff + ic * ldc + jc, ldc, accumulate);
                }
            }
        }
    }

    /**
     * C = op(A) · Bᵀ (+ C) for B stored (n, k) with few rows in C (the recurrent step at batch
     * 5..512: h · W_hhᵀ). Packing B here would transpose all of W on every call, with scalar
     * strided stores costing about as much as the product itself at batch 64. Instead compute
     * Cᵀ = B · op(A)ᵀ: the micro-kernel broadcasts six rows of B read in place (contiguous in k) and
     * streams op(A)ᵀ packed in NR-wide panels (small: m × kc); each tile is transposed into C.
     */
    private static void swappedTransB(boolean transA, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = SCRATCH.get();
        int mPadded = roundUp(m, NR);
        int kcMax = Math.min(KC, k);
        if (scratch.packedB.length < kcMax * mPadded) {
            scratch.packedB = new float[kcMax * mPadded];
        }
        if (scratch.packedA.length < kcMax * MR) {
            scratch.packedA = new float[Math.max(kcMax * MR, scratch.packedA.length)];
        }
        float[] panels = scratch.packedB;   // op(A)ᵀ: (kc, m) in NR-wide panels
        float[] edge = scratch.packedA;     // the last < MR rows of B, zero-padded
        float[] tile = scratch.tile;        // (MR, NR): tile of Cᵀ
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean accumulate = pc > 0 || beta != 0f;
            // op(A)ᵀ[p, i] = op(A)[i, p]: with A not transposed that is A[i, p] (a transpose);
            // with A transposed, A stored (k, m) already is op(A)ᵀ.
            SgemmPanels.packB(!transA, kc, m, a, aOff, lda, pc, 0, panels, 0);
            for (int jr = 0; jr < n; jr += MR) {
                int mr = Math.min(MR, n - jr);
                float[] rows;
                int rowsIdx;
                int rowStride;
                int colStride;
                if (mr == MR) {
                    rows = b;
                    rowsIdx = bOff + jr * ldb + pc;
                    rowStride = ldb;
                    colStride = 1;
                } else {
                    for (int r = 0; r < MR; r++) {
                        for (int p = 0; p < kc; p++) {
                            edge[p * MR + r] = r < mr ? b[bOff + (jr + r) * ldb + pc + p] : 0f;
                        }
                    }
                    rows = edge;
                    rowsIdx = 0;
                    rowStride = 1;
                    colStride = MR;
                }
                for (int ir = 0; ir < m; ir += NR) {
                    int nr = Math.min(NR, m - ir);
                    SgemmPanels.microKernel(kc, rows, rowsIdx, rowStride, colStride, panels, ir * kc, tile, 0, NR,
                            false);
                    // tile[r, q] = Cᵀ[jr + r, ir + q] = C[ir + q, jr + r]
                    for (int q = 0; q < nr; q++) {
                        int cIdx = cOff + (ir + q) * ldc + jr;
                        if (accumulate) {
                            for (int r = 0; r < mr; r++) {
                                c[cIdx + r] += tile[r * NR + q];
                            }
                        } else {
                            for (int r = 0; r < mr; r++) {
                                c[cIdx + r] = tile[r * NR + q];
                            }
                        }
                    }
                }
            }
        }
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
