package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused streaming step of an LSTM or GRU layer ({@link dev.rnn4j.kernels.Kernels#lstmStep},
 * {@link dev.rnn4j.kernels.Kernels#gruStep}):
 * both products, the biases and the gate pass for a few streams, with the weights in a layout
 * made for it.
 *
 * <p><b>Layout.</b> The hidden units are cut into tiles of {@code 2·L} units (L = lanes per
 * vector, 16 with AVX-512). A tile holds every gate row of its units, so a thread
 * that owns a range of tiles computes its units' new state alone, from the whole previous h: at
 * batch 1 the work splits over the cores with one hand-off and no exchange in between, and each
 * core reads only its own tiles, which stay in its L2 from one step to the next. Within a tile the
 * weights are stored k-major, one row of 8 vectors per input element: row k holds
 * {@code W[gate·H + u][k]} for the tile's units u, gate-interleaved, so the product is 8
 * independent FMA chains over a contiguous stream, each step one broadcast of x[k] (or h[k]) and 8
 * vector loads, and no lane reductions (the dot-product form needs one per output).
 * <ul>
 *   <li>LSTM tile: {@code [bias (8 vectors) | x rows (I × 8 vectors) | h rows (H × 8 vectors)]},
 *       vectors in the order {@code i0 f0 g0 o0 i1 f1 g1 o1} (0/1: first/second L units), bias
 *       {@code b_ih + b_hh}.</li>
 *   <li>GRU tile: {@code [bias (8) | x rows (I × 6) | h rows (H × 6)]}: x rows {@code r0 z0 n0 r1 z1 n1}
 *       of W_ih, h rows {@code r0 z0 n0 r1 z1 n1} of W_hh; bias {@code r0 z0 nx0 r1 z1 nx1 nh0 nh1}
 *       where r, z carry {@code b_ih + b_hh}, nx carries {@code b_in}, nh {@code b_hn}: W_hn·h stays
 *       apart from W_in·x because the reset gate scales it alone.</li>
 * </ul>
 * Units past H in the last tile have zero weights; their results are computed and dropped.
 *
 * <p><b>Operand.</b> The x rows and the h rows follow each other in a tile, so the product reads
 * x and the previous h as one array {@code [x | hPrev]} ({@link #join}) in one k-loop over the I + H
 * rows; the sums run in the same order as with one loop over x and one over h, bit for bit.
 *
 * <p>The pre-activations of a tile go through a small scratch array (8 vectors) to the gate pass,
 * rather than staying in registers: the activations are long inlined expressions, and a method
 * C2 declines to inline boxes the vectors it receives (see {@link VectorMath}).
 */
final class FusedCellStep {

    private FusedCellStep() {
    }

    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int L = S.length();
    /** Units per tile. */
    static final int TILE_UNITS = 2 * L;
    /** Floats of one k-row of an LSTM tile (8 vectors) and of the bias row of either cell. */
    private static final int ROW8 = 8 * L;
    /** Floats of one k-row of a GRU tile (6 vectors). */
    private static final int ROW6 = 6 * L;
    /** Floats of the scratch a caller passes to {@link #run}: one tile's pre-activations and tanh(c). */
    static final int SCRATCH_FLOATS = 10 * L;

    static int tiles(int hidden) {
        return (hidden + TILE_UNITS - 1) / TILE_UNITS;
    }

    private static int tileFloats(boolean lstm, int input, int hidden) {
        int row = lstm ? ROW8 : ROW6;
        return ROW8 + row * (input + hidden);
    }

    /**
     * The packed weights of one LSTM ({@code lstm}) or GRU layer (see the class comment); shapes as in
     * {@code Kernels.packLstmStep} and {@code Kernels.packGruStep}.
     */
    static float[] pack(boolean lstm, int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        int tiles = tiles(hidden);
        int tileFloats = tileFloats(lstm, input, hidden);
        float[] packed = new float[Math.multiplyExact(tiles, tileFloats)];
        int gates = lstm ? 4 : 3;
        int row = lstm ? ROW8 : ROW6;
        for (int t = 0; t < tiles; t++) {
            int base = t * tileFloats;
            for (int half = 0; half < 2; half++) {
                for (int lane = 0; lane < L; lane++) {
                    int u = t * TILE_UNITS + half * L + lane;
                    if (u >= hidden) {
                        continue; // padding: zero weights and bias
                    }
                    for (int g = 0; g < gates; g++) {
                        int j = g * hidden + u;                      // gate row in PyTorch's layout
                        int col = (half * gates + g) * L + lane;     // column within a k-row
                        float ih = bIh == null ? 0f : bIh[j];
                        float hh = bHh == null ? 0f : bHh[j];
                        if (lstm || g < 2) {
                            packed[base + col] = ih + hh;
                        } else {
                            packed[base + col] = ih;                 // b_in
                            packed[base + (6 + half) * L + lane] = hh; // b_hn
                        }
                        int xRows = base + ROW8;
                        for (int k = 0; k < input; k++) {
                            packed[xRows + k * row + col] = wIh[j * input + k];
                        }
                        int hRows = xRows + input * row;
                        for (int k = 0; k < hidden; k++) {
                            packed[hRows + k * row + col] = wHh[j * hidden + k];
                        }
                    }
                }
            }
        }
        return packed;
    }

    /**
     * Runs tiles {@code [tileFrom, tileTo)} of the LSTM ({@code lstm}) or GRU step for every row: writes
     * those tiles' units of h (and c, LSTM). {@code xh} (rows, I + H) holds each row's input and previous
     * hidden state side by side, {@code [x | hPrev]} (see {@link #join}); h must not overlap it.
     * {@code scratch} holds at least {@link #SCRATCH_FLOATS} floats.
     */
    static void run(boolean lstm, int rows, int input, int hidden, float[] packed, float[] xh, float[] c,
                    float[] h, int tileFrom, int tileTo, float[] scratch) {
        int tileFloats = tileFloats(lstm, input, hidden);
        int width = input + hidden;
        for (int r = 0; r < rows; r++) {
            int xh0 = r * width;
            int h0 = r * hidden;
            for (int t = tileFrom; t < tileTo; t++) {
                int base = t * tileFloats;
                int u0 = t * TILE_UNITS;
                int units = Math.min(TILE_UNITS, hidden - u0);
                if (lstm) {
                    lstmProduct(packed, base, width, xh, xh0, scratch);
                    if (units == TILE_UNITS) {
                        lstmGates(scratch, c, h, h0 + u0);
                    } else {
                        lstmGatesTail(scratch, c, h, h0 + u0, units);
                    }
                } else {
                    gruProduct(packed, base, input, width, xh, xh0, scratch);
                    int hPrevAt = xh0 + input + u0;
                    if (units == TILE_UNITS) {
                        gruGates(scratch, xh, hPrevAt, h, h0 + u0);
                    } else {
                        gruGatesTail(scratch, xh, hPrevAt, h, h0 + u0, units);
                    }
                }
            }
        }
    }

    /**
     * Copies x (rows, I) from {@code xOff} and hPrev (rows, H) into {@code xh} (rows, I + H) as
     * {@code [x | hPrev]} per row, the operand {@link #run} reads: on one core the k-loop over one
     * array runs ~20 % faster than one loop over x followed by one over hPrev; with the second
     * core's copy of it ({@code VectorKernels}) the GRU step gains ~10 % and the LSTM step stays
     * where it was (BENCHMARKS.md, "Streaming: the step against its bound").
     */
    static void join(int rows, int input, int hidden, float[] x, int xOff, float[] hPrev, float[] xh) {
        int width = input + hidden;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, xOff + r * input, xh, r * width, input);
            System.arraycopy(hPrev, r * hidden, xh, r * width + input, hidden);
        }
    }

    // Index arithmetic: every weight load is at (loop base) + k·ROW + constant, linear in the loop
    // counter, so C2 hoists the range checks out of the loop; the loops run to bounds fixed before
    // they start (counted loops, no safepoint poll, no boxing; see VectorKernels).

    /**
     * pre (8 vectors) = bias + W_ih·x + W_hh·h for one LSTM tile, as one loop over the {@code width}
     * = I + H rows of the tile and the elements of {@code [x | hPrev]} from {@code xh0}.
     */
    private static void lstmProduct(float[] w, int base, int width, float[] xh, int xh0, float[] pre) {
        FloatVector a0 = FloatVector.fromArray(S, w, base);
        FloatVector a1 = FloatVector.fromArray(S, w, base + L);
        FloatVector a2 = FloatVector.fromArray(S, w, base + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, w, base + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, w, base + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, w, base + 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, w, base + 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, w, base + 7 * L);
        int rows = base + ROW8;
        for (int k = 0; k < width; k++) {
            FloatVector v = FloatVector.broadcast(S, xh[xh0 + k]);
            int p = rows + k * ROW8;
            a0 = FloatVector.fromArray(S, w, p).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, p + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, w, p + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(S, w, p + 7 * L).fma(v, a7);
        }
        a0.intoArray(pre, 0);
        a1.intoArray(pre, L);
        a2.intoArray(pre, 2 * L);
        a3.intoArray(pre, 3 * L);
        a4.intoArray(pre, 4 * L);
        a5.intoArray(pre, 5 * L);
        a6.intoArray(pre, 6 * L);
        a7.intoArray(pre, 7 * L);
    }

    // The gate passes below have exactly two activation call sites each (one σ, one tanh) in one
    // loop. Written out (five activations per half tile), C2 stopped inlining them part-way through
    // ("NodeCountInliningCutoff" in -XX:+PrintInlining), and every call it did not inline boxed its
    // vectors: 4.6 KB allocated per LSTM step and ~30 % slower steps in the JVMs where it happened.

    /**
     * LSTM gate pass of a whole tile: units s..s+2L of c and h from pre {@code i0 f0 g0 o0 i1 f1 g1 o1};
     * pre needs 10 vectors, the last two receive tanh(c).
     */
    private static void lstmGates(float[] pre, float[] c, float[] h, int s) {
        // v < 8: activate gate vector v (tanh for g = vectors 2 and 6, σ for i, f, o);
        // v = 8, 9: c of half v − 8 from the activated gates, then tanh(c) into pre[v]
        for (int v = 0; v < 10; v++) {
            FloatVector a;
            if (v < 8) {
                a = FloatVector.fromArray(S, pre, v * L);
            } else {
                int p = (v - 8) * 4 * L;
                int at = s + (v - 8) * L;
                FloatVector i = FloatVector.fromArray(S, pre, p);
                FloatVector f = FloatVector.fromArray(S, pre, p + L);
                FloatVector g = FloatVector.fromArray(S, pre, p + 2 * L);
                a = f.fma(FloatVector.fromArray(S, c, at), i.mul(g));
                a.intoArray(c, at);
            }
            (v >= 8 || (v & 3) == 2 ? VectorMath.tanh(a) : VectorMath.sigmoid(a)).intoArray(pre, v * L);
        }
        for (int half = 0; half < 2; half++) {
            FloatVector o = FloatVector.fromArray(S, pre, (half * 4 + 3) * L);
            o.mul(FloatVector.fromArray(S, pre, (8 + half) * L)).intoArray(h, s + half * L);
        }
    }

    /** The same for the first {@code units} units only (the last tile), with the reference's scalar equations. */
    private static void lstmGatesTail(float[] pre, float[] c, float[] h, int s, int units) {
        for (int u = 0; u < units; u++) {
            int p = (u / L) * 4 * L + u % L;
            float i = sigmoid(pre[p]);
            float f = sigmoid(pre[p + L]);
            float g = (float) Math.tanh(pre[p + 2 * L]);
            float o = sigmoid(pre[p + 3 * L]);
            float cNew = f * c[s + u] + i * g;
            c[s + u] = cNew;
            h[s + u] = o * (float) Math.tanh(cNew);
        }
    }

    /**
     * pre (8 vectors) {@code r0 z0 nx0 r1 z1 nx1 nh0 nh1} for one GRU tile, as one loop over the
     * {@code width} = I + H rows and the elements of {@code [x | hPrev]} from {@code xh0}. The third
     * vector of each half sums W_in·x over the first {@code input} rows and W_hn·h over the rest, so
     * its accumulators change places once, at row {@code input}: a branch taken once per tile costs
     * less than a second loop (BENCHMARKS.md, "Streaming: the step against its bound").
     */
    private static void gruProduct(float[] w, int base, int input, int width, float[] xh, int xh0, float[] pre) {
        FloatVector r0 = FloatVector.fromArray(S, w, base);
        FloatVector z0 = FloatVector.fromArray(S, w, base + L);
        FloatVector n0 = FloatVector.fromArray(S, w, base + 2 * L);   // nx0 until row input, then nh0
        FloatVector r1 = FloatVector.fromArray(S, w, base + 3 * L);
        FloatVector z1 = FloatVector.fromArray(S, w, base + 4 * L);
        FloatVector n1 = FloatVector.fromArray(S, w, base + 5 * L);   // nx1, then nh1
        FloatVector m0 = FloatVector.fromArray(S, w, base + 6 * L);   // nh0 (bias b_hn) until row input, then nx0
        FloatVector m1 = FloatVector.fromArray(S, w, base + 7 * L);
        int rows = base + ROW8;
        for (int k = 0; k < width; k++) {
            if (k == input) {
                FloatVector t0 = n0;
                n0 = m0;
                m0 = t0;
                FloatVector t1 = n1;
                n1 = m1;
                m1 = t1;
            }
            FloatVector v = FloatVector.broadcast(S, xh[xh0 + k]);
            int p = rows + k * ROW6;
            r0 = FloatVector.fromArray(S, w, p).fma(v, r0);
            z0 = FloatVector.fromArray(S, w, p + L).fma(v, z0);
            n0 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, n0);
            r1 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, r1);
            z1 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, z1);
            n1 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, n1);
        }
        // hidden ≥ 1, so the swap has happened: m holds nx, n holds nh
        r0.intoArray(pre, 0);
        z0.intoArray(pre, L);
        m0.intoArray(pre, 2 * L);
        r1.intoArray(pre, 3 * L);
        z1.intoArray(pre, 4 * L);
        m1.intoArray(pre, 5 * L);
        n0.intoArray(pre, 6 * L);
        n1.intoArray(pre, 7 * L);
    }

    /**
     * GRU gate pass of a whole tile: units s..s+2L of h from pre {@code r0 z0 nx0 r1 z1 nx1 nh0 nh1}
     * and the previous h of those units, at {@code hPrevAt} in {@code xh}.
     */
    private static void gruGates(float[] pre, float[] xh, int hPrevAt, float[] h, int s) {
        // v = 0..3: σ of r0, z0, r1, z1 in place; v = 4, 5: n of half v − 4 = tanh(nx + r ⊙ nh) into nx
        for (int v = 0; v < 6; v++) {
            if (v < 4) {
                int at = ((v >> 1) * 3 + (v & 1)) * L;
                VectorMath.sigmoid(FloatVector.fromArray(S, pre, at)).intoArray(pre, at);
            } else {
                int half = v - 4;
                int p = half * 3 * L;
                FloatVector r = FloatVector.fromArray(S, pre, p);
                FloatVector nh = FloatVector.fromArray(S, pre, (6 + half) * L);
                VectorMath.tanh(r.fma(nh, FloatVector.fromArray(S, pre, p + 2 * L))).intoArray(pre, p + 2 * L);
            }
        }
        for (int half = 0; half < 2; half++) {
            int p = half * 3 * L;
            int at = s + half * L;
            FloatVector z = FloatVector.fromArray(S, pre, p + L);
            FloatVector n = FloatVector.fromArray(S, pre, p + 2 * L);
            // h = (1 − z) ⊙ n + z ⊙ hPrev = n + z ⊙ (hPrev − n)
            z.fma(FloatVector.fromArray(S, xh, hPrevAt + half * L).sub(n), n).intoArray(h, at);
        }
    }

    /** The same for the first {@code units} units only, with the reference's scalar equations. */
    private static void gruGatesTail(float[] pre, float[] xh, int hPrevAt, float[] h, int s, int units) {
        for (int u = 0; u < units; u++) {
            int half = u / L;
            int p = half * 3 * L + u % L;
            float r = sigmoid(pre[p]);
            float z = sigmoid(pre[p + L]);
            float n = (float) Math.tanh(pre[p + 2 * L] + r * pre[(6 + half) * L + u % L]);
            h[s + u] = (1f - z) * n + z * xh[hPrevAt + u];
        }
    }

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }
}
