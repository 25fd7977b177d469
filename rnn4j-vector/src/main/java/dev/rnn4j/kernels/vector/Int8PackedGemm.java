package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Kernels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 product {@code C = A · Bᵀ} (int32 sums) with B prepared once
 * ({@link dev.rnn4j.kernels.Kernels#packInt8}, {@link dev.rnn4j.kernels.Kernels#int8GemmPacked}),
 * multiplied in int16 and accumulated in int32.
 *
 * <p><b>Why not int8 dot-product instructions.</b> x86 multiplies int8 fastest with VNNI's
 * {@code vpdpbusd} (64 multiply-adds of bytes into 16 int32 lanes in one instruction) or, before it,
 * {@code vpmaddubsw}/{@code vpmaddwd} (multiply, then add adjacent pairs into wider lanes). The Vector
 * API has no operation that lowers to any of them: its lanewise operations keep the lane width, and
 * widening happens only by conversions. So the closest it gets is to widen bytes to shorts
 * ({@code B2S}, {@code vpmovsxbw}), multiply shorts ({@code vpmullw}, 2L products per instruction) and
 * fold the int16 results into int32 accumulators by hand: seven vector operations per 4L
 * multiply-adds (L int lanes), where {@code vpdpbusd} needs one instruction and the float GEMM four
 * FMAs. Integer adds and shifts issue on more ports than FMAs, so at best the int8 product keeps
 * pace with the float one; what int8 saves is memory (a quarter of the weight bytes), which counts
 * where the float product waits for its weights rather than for its FMAs.
 *
 * <p><b>The arithmetic.</b> Every product of two int8 values lies in [-16256, 16384], so the sum of
 * two fits in int16 only just: {@code s = a₀b₀ + a₁b₁} in [-32512, 32768], exact modulo 2¹⁶. Adding
 * {@value #OFFSET} makes it an unsigned 16-bit value u in [0, 65280]. Two such values sit side by side
 * in each int32 lane (the even short the low half, the odd one the high half, both for the same output
 * column), so, read as an int32, the lane is {@code U = u_lo + 65536 · u_hi} and {@code U >>> 16 = u_hi}:
 * per step the accumulators take {@code ΣU} and {@code ΣH = Σ(U >>> 16)}, and at the end
 * {@code Σ(s_lo + s_hi) = ΣU − 65535 · ΣH − 2 · OFFSET · steps}, all modulo 2³², which is exact because
 * the true sum fits in int32 (k below 131,072, the contract of {@code int8Gemm}). Per step of two k
 * pairs, the kernel does per L columns: two {@code vpmullw}, one add of the two products, the offset,
 * two adds and a shift into the accumulators (4L multiply-adds in seven operations), plus the two
 * widening loads of the weights.
 *
 * <p><b>Layout.</b> B (n, k) is copied into tiles of {@link #NR} = 2L columns (zero-padded): for tile
 * t and k pair q, the bytes {@code [B[j, 2q], B[j, 2q+1]]} of the tile's columns j in order, so that
 * L columns' pair widens into one short vector whose int lane c holds column c's pair; k is padded to
 * a multiple of 4 (two pairs per step) with zeros. Each row of A is turned into k/2 ints, one per pair
 * ({@code A[i, 2q]} in the low half, {@code A[i, 2q+1]} in the high half), which broadcast to a short
 * vector that meets the weights' pairs lane by lane. The micro-kernel runs one row × 2L columns in four
 * accumulators ({@code ΣU}, {@code ΣH} for each half); a tile of four rows, which would widen each
 * weight vector once for four rows, ran 3–14 times slower on Java 25 (most likely its vector code
 * exceeds what C2 inlines, which leaves the vectors boxed: BENCHMARKS.md, "Int8 inference speed"). A
 * block of {@value #MC} rows' pairs stays in cache while the column tiles pass, and each tile's weights
 * (about {@code 2 · k · L} bytes) stay in L1 while the rows pass.
 *
 * <p>Products of at least {@link Sgemm#PARALLEL_MIN_FMAS} multiply-adds run on the GEMM's
 * {@link WorkerPool}: blocks of rows when A has at least as many rows as B, else a fixed share of the
 * column tiles per thread, so a recurrent weight's share stays in the same core's cache from step to
 * step. Integer sums do not depend on their order, so C equals the scalar reference exactly on any
 * number of threads. Stateless apart from per-thread work buffers; thread-safe.
 */
final class Int8PackedGemm {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int L = INTS.length();
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, INTS.vectorShape());
    /** 2L bytes: one k pair of L columns, which widens to one short vector. */
    private static final VectorSpecies<Byte> PAIR_BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 16));
    /** Columns of a tile: two int vectors. */
    static final int NR = 2 * L;
    /** Added to each int16 sum of two products, which makes it an unsigned value in [0, 65280]. */
    static final short OFFSET = 32512;
    /** Rows of A whose pairs a thread builds at a time: MC × k/2 ints stay in L1/L2 while the tiles pass. */
    private static final int MC = 64;

    private Int8PackedGemm() {
    }

    /** B (n, k) copied into column tiles of {@link #NR} columns (see the class comment). Immutable. */
    static final class PackedB extends Kernels.PackedInt8 {
        /** (tiles, pairs, NR, 2): tile t, pair q, column c, then the pair's two bytes. */
        final byte[] panels;
        /** k pairs, k rounded up to a multiple of 4 and halved (even). */
        final int pairs;
        /** Column tiles, n rounded up to a multiple of NR and divided by it. */
        final int tiles;

        PackedB(int n, int k, byte[] b, int bOff, int ldb) {
            super(n, k, b, bOff, ldb);
            this.pairs = (k + 3) / 4 * 2;
            this.tiles = (n + NR - 1) / NR;
            this.panels = new byte[tiles * pairs * 2 * NR];
            for (int j = 0; j < n; j++) {
                int tileStart = (j / NR) * pairs * 2 * NR;
                int column = 2 * (j % NR);
                int row = bOff + j * ldb;
                for (int p = 0; p < k; p++) {
                    panels[tileStart + (p >> 1) * 2 * NR + column + (p & 1)] = b[row + p];
                }
            }
        }
    }

    /** The product; see {@link dev.rnn4j.kernels.Kernels#int8GemmPacked} for the shapes. */
    static void gemm(int m, byte[] a, int aOff, int lda, PackedB b, int[] c, int cOff, int ldc) {
        int n = b.rows();
        if (m <= 0 || n <= 0) {
            return;
        }
        long macs = (long) m * n * b.depth();
        WorkerPool pool = macs >= Sgemm.PARALLEL_MIN_FMAS ? Sgemm.pool() : null;
        if (pool != null) {
            boolean splitRows = m >= n;
            int units = splitRows ? m : b.tiles;
            int parts = Math.min(pool.size(), units);
            if (parts > 1) {
                Call call = CALLS.get();
                call.m = m;
                call.a = a;
                call.aOff = aOff;
                call.lda = lda;
                call.b = b;
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
        range(a, aOff, lda, b, c, cOff, ldc, 0, m, 0, b.tiles);
    }

    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    /** The arguments of one parallel product; part p takes a block of rows or of column tiles. */
    private static final class Call implements WorkerPool.Job {
        int m;
        byte[] a;
        int aOff;
        int lda;
        PackedB b;
        int[] c;
        int cOff;
        int ldc;
        boolean splitRows;

        @Override
        public void run(int part, int parts) {
            if (splitRows) {
                int from = (int) ((long) m * part / parts);
                int to = (int) ((long) m * (part + 1) / parts);
                if (from < to) {
                    range(a, aOff, lda, b, c, cOff, ldc, from, to, 0, b.tiles);
                }
            } else {
                int from = (int) ((long) b.tiles * part / parts);
                int to = (int) ((long) b.tiles * (part + 1) / parts);
                if (from < to) {
                    range(a, aOff, lda, b, c, cOff, ldc, 0, m, from, to);
                }
            }
        }
    }

    /** The pairs of up to {@link #MC} rows of A, one buffer per thread. */
    private static final ThreadLocal<int[][]> PAIRS = ThreadLocal.withInitial(() -> new int[1][0]);

    /** Rows [rowFrom, rowTo) × column tiles [tileFrom, tileTo) of C on the calling thread. */
    private static void range(byte[] a, int aOff, int lda, PackedB b, int[] c, int cOff, int ldc,
                              int rowFrom, int rowTo, int tileFrom, int tileTo) {
        int n = b.rows();
        int pairs = b.pairs;
        int[][] holder = PAIRS.get();
        if (holder[0].length < MC * pairs) {
            holder[0] = new int[MC * pairs];
        }
        int[] ap = holder[0];
        int steps = pairs / 2;
        int correction = 2 * OFFSET * steps; // modulo 2³², as every sum here
        for (int r0 = rowFrom; r0 < rowTo; r0 += MC) {
            int rows = Math.min(MC, rowTo - r0);
            buildPairs(a, aOff + r0 * lda, lda, rows, b.depth(), pairs, ap);
            for (int t = tileFrom; t < tileTo; t++) {
                int column = t * NR;
                int panel = t * pairs * 2 * NR;
                for (int r = 0; r < rows; r++) {
                    rowTile(ap, r * pairs, pairs, b.panels, panel, correction, c, cOff + (r0 + r) * ldc + column,
                            n - column);
                }
            }
        }
    }

    /**
     * Row r of A (k bytes) as {@code pairs} ints, {@code A[r, 2q]} in the low half of int q and
     * {@code A[r, 2q+1]} in the high half (the lane order of {@code reinterpretAsShorts}), zero past k.
     */
    private static void buildPairs(byte[] a, int aOff, int lda, int rows, int k, int pairs, int[] ap) {
        int vectorEnd = k - k % (2 * L);
        for (int r = 0; r < rows; r++) {
            int row = aOff + r * lda;
            int out = r * pairs;
            int p = 0;
            for (; p < vectorEnd; p += 2 * L) {
                ((ShortVector) ByteVector.fromArray(PAIR_BYTES, a, row + p).convertShape(VectorOperators.B2S, SHORTS, 0))
                        .reinterpretAsInts().intoArray(ap, out + p / 2);
            }
            for (; p + 1 < k; p += 2) {
                ap[out + p / 2] = (a[row + p] & 0xFFFF) | (a[row + p + 1] << 16);
            }
            if (p < k) {
                ap[out + p / 2] = a[row + p] & 0xFFFF;
                p += 2;
            }
            java.util.Arrays.fill(ap, out + p / 2, out + pairs, 0);
        }
    }

    /** L columns of one k pair from {@code panels[offset]}, each byte widened to a short. */
    private static ShortVector weights(byte[] panels, int offset) {
        return (ShortVector) ByteVector.fromArray(PAIR_BYTES, panels, offset).convertShape(VectorOperators.B2S, SHORTS, 0);
    }

    /** One pair of A's row, broadcast: short lanes alternate {@code A[i, 2q]}, {@code A[i, 2q+1]}. */
    private static ShortVector pair(int packed) {
        return IntVector.broadcast(INTS, packed).reinterpretAsShorts();
    }

    /** The int32 lane view of an int16 sum of two products, offset to [0, 65280]. */
    private static IntVector lanes(ShortVector x, ShortVector w, ShortVector y, ShortVector v) {
        return x.mul(w).add(y.mul(v)).add(OFFSET).reinterpretAsInts();
    }

    /** One row × 2L columns: row {@code ap[a0 ..]} of A's pairs against tile {@code panels[panel ..]}. */
    private static void rowTile(int[] ap, int a0, int pairs, byte[] panels, int panel, int correction,
                              int[] c, int cRow, int columnsLeft) {
        IntVector u0 = IntVector.zero(INTS);
        IntVector h0 = u0;
        IntVector u1 = u0;
        IntVector h1 = u0;
        for (int q = 0; q < pairs; q += 2) {
            int w = panel + q * 2 * NR;
            ShortVector x = pair(ap[a0 + q]);
            ShortVector y = pair(ap[a0 + q + 1]);
            IntVector s = lanes(x, weights(panels, w), y, weights(panels, w + 4 * L));
            u0 = u0.add(s);
            h0 = h0.add(s.lanewise(VectorOperators.LSHR, 16));
            s = lanes(x, weights(panels, w + 2 * L), y, weights(panels, w + 6 * L));
            u1 = u1.add(s);
            h1 = h1.add(s.lanewise(VectorOperators.LSHR, 16));
        }
        store(u0, h0, correction, c, cRow, 0, columnsLeft);
        store(u1, h1, correction, c, cRow, L, columnsLeft);
    }

    /**
     * Writes the sums {@code ΣU − 65535 · ΣH − correction} of L columns starting {@code first} columns
     * into the tile, only those below {@code columnsLeft} (the columns of C from the tile's start).
     */
    private static void store(IntVector u, IntVector h, int correction, int[] c, int cRow, int first, int columnsLeft) {
        if (columnsLeft <= first) {
            return;
        }
        IntVector sum = u.sub(h.lanewise(VectorOperators.LSHL, 16)).add(h).sub(correction);
        if (columnsLeft >= first + L) {
            sum.intoArray(c, cRow + first);
        } else {
            sum.intoArray(c, cRow + first, INTS.indexInRange(first, columnsLeft));
        }
    }
}
