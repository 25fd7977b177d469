package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.tensor.ArrayCache;
import jdk.incubator.vector.FloatVector;
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
 * </ul>
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
    /** 8 lanes: one copy moves the MR = 6 values of a transposed A's row segment (see packA). */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /** Use the 8-lane copies only where the preferred vectors are at least that wide (hardware support). */
    private static final boolean S8_COPY = L >= 8;
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
                    packB(transB, kc, to - from, b, bOff, ldb, pc, jc + from, sharedB, from * kc);
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
            packAndCompute(transA, mc, kc, a, aOff, lda, ic, pc, pa, sharedB, scratch.tile, nc, c,
                    cOff + ic * ldc + jc, ldc, accumulate);
        }

        /** Whole-depth mode: part p packs block p of k (packing), or computes block p of rows. */
        private void runWholeDepth(int part) {
            int nPadded = roundUp(n, NR);
            if (packing) {
                int p0 = part * KC;
                packB(transB, Math.min(KC, k - p0), n, b, bOff, ldb, p0, 0, sharedB, p0 * nPadded);
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
                packAndComputeAt(transA, mc, kcHere, a, aOff, lda, ic, p0, scratch.packedA, sharedB, p0 * nPadded,
                        scratch.tile, n, c, cOff + ic * ldc, ldc, p0 > 0 || beta != 0f);
            }
        }
    }

    /**
     * Whether the prepared-operand path ({@link #sgemmPacked}) and SharedPacked's whole-depth mode
     * are used: from Java 21 on ({@link dev.rnn4j.kernels.Java21Paths}); before, products take the
     * paths of {@link #sgemm} as they did before these existed.
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

    // ------------------------------------------------------------------ prepared B

    /**
     * op(B) copied once into the packed path's layout, for many products with the same B: the block
     * of k starting at p0 (KC deep, the last one shorter) is at {@code p0 · nPadded}, as column
     * panels NR wide (zero-padded), panel j at {@code j · kc} further, as {@link #packB} lays out.
     */
    static final class PackedB extends Kernels.PackedMatrix {
        final int nPadded;
        private float[] panels; // packed on first use: products of few rows read B as stored

        PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            super(transB, k, n, b, bOff, ldb);
            this.nPadded = roundUp(n, NR);
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
                    packB(transposed(), Math.min(KC, k - p0), columns(), array(), offset(), stride(), p0, 0, p,
                            p0 * nPadded);
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
     * Up to {@value #SMALL_M} rows (and before Java 21, see {@link #PREPARED_PATHS}) this is
     * {@link #sgemm} on B as stored.
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
            sgemm(false, b.transposed(), m, n, k, a, aOff, lda, b.array(), b.offset(), b.stride(), beta, c, cOff, ldc);
            return;
        }
        b.panels(); // packed here, on the calling thread, before any part runs
        int t = threads;
        int panels = (n + NR - 1) / NR;
        if (t > 1 && panels > 1 && (long) m * n * k >= PARALLEL_MIN_FMAS) {
            WorkerPool p = pool();
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
        Scratch scratch = SCRATCH.get();
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
                    packA(false, mc - full, kc, a, aOff, lda, ic + full, p0, edge);
                }
                computeBlockAt(a, aOff + ic * lda + p0, lda, lda, 1, full, edge, b.panels(), p0 * b.nPadded + j0 * kc,
                        scratch.tile, mc, j1 - j0, kc, c, cOff + ic * ldc + j0, ldc, p0 > 0 || beta != 0f);
            }
        }
    }

    // ------------------------------------------------------------------ packed path

    /** Per-thread packing buffers, grown on demand and then reused. */
    private static final class Scratch {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, pb, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packAndCompute(transA, mc, kc, a, aOff, lda, ic, pc, pa, pb, tile, nc, c,
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
            packB(!transA, kc, m, a, aOff, lda, pc, 0, panels, 0);
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
                    microKernel(kc, rows, rowsIdx, rowStride, colStride, panels, ir * kc, tile, 0, NR, false);
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

    /**
     * C block (mc × nc at cBlock) {@code =} or {@code +=} op(A)[i0 .. i0+mc, p0 .. p0+kc] · packed B
     * (kc × nc). A transposed is packed into {@code pa} first. A not transposed is read in place
     * (its rows are contiguous in k, so the micro-kernel streams six rows as well as a packed panel,
     * and the copy is saved); only a last panel of fewer than MR rows is packed, zero-padded.
     */
    private static void packAndCompute(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
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
     * paths' copy (Java 21+). The paths of {@link #sgemm} keep their own, unchanged methods (and
     * computeBlock its twin computeBlockAt) so that what Java 17 runs is exactly the code measured
     * free of its intermittent C2 collapse (see {@link dev.rnn4j.kernels.Java21Paths}); whether
     * one shared method with an offset would also be safe there was not measured.
     */
    private static void packAndComputeAt(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
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
    private static void computeBlock(float[] fa, int faBase, int faPanelStep, int faRowStride, int faColStride,
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
    private static void computeBlockAt(float[] fa, int faBase, int faPanelStep, int faRowStride, int faColStride,
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

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /**
     * Copies op(A)[i0 .. i0+mc, p0 .. p0+kc] into row panels of MR rows: panel q holds, for each p,
     * the MR values op(A)[i0 + q·MR + r, p0 + p] at {@code q·MR·kc + p·MR + r}; rows past mc are 0.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int i0, int p0,
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
    private static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb, int p0, int j0,
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
     * C[0..MR, 0..NR] (at cIdx, row stride ldc) {@code =} or {@code +=} the product of an A panel
     * (MR × kc) and a B panel (kc × NR). Twelve accumulators stay in registers for the whole loop.
     */
    private static void microKernel(int kc, float[] pa, int aIdx, float[] pb, int bIdx,
                                    float[] c, int cIdx, int ldc, boolean accumulate) {
        microKernel(kc, pa, aIdx, 1, MR, pb, bIdx, c, cIdx, ldc, accumulate);
    }

    /**
     * The micro-kernel with A read in place: element (r, p) of the MR × kc operand is
     * {@code a[aIdx + r·aRowStride + p·aColStride]} (packed panels: 1 and MR; rows of a row-major
     * matrix: its leading dimension and 1). B is a packed panel (kc × NR).
     */
    private static void microKernel(int kc, float[] pa, int aIdx, int aRowStride, int aColStride,
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
