package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The recurrent gate passes of {@link VectorKernels}: the LSTM and GRU pointwise passes forward and
 * backward ({@link dev.rnn4j.kernels.Kernels#lstmGatesForward} and the others, shapes and gate
 * layout as documented there) and the Elman RNN activations, with the row-parallel dispatch of the
 * large passes. Arguments are trusted (the callers validate).
 */
final class VectorGates {

    private VectorGates() {
    }

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();

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

    static void lstmGatesForward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
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

    static void lstmGatesBackward(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
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

    static void gruGatesForward(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
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

    static void gruGatesBackward(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
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
        // row by row, not as one pass over the contiguous (rows, H): the scalar tail (a different
        // rounding) then falls on the same columns of every row however the rows are split between
        // threads or calls, so a row's bits do not depend on the split
        tanhRows(c, cOff, hidden, h, hOff, hidden, rows, hidden);
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

    static void rnnActivationForward(float[] pre, int preOff, float[] h, int hOff, int count, boolean relu) {
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

    static void rnnActivationBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dPre, int dPreOff,
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
}
