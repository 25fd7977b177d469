package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Java21Paths;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.tensor.Tensor;

/**
 * The sequence kernel's forward when no graph is recorded (evaluation, serving, batch scoring): the
 * same products and gate passes as {@link RecurrentSequence}'s forward, in the same order, so the
 * outputs are the same to the bit, but nothing is kept for a backward pass.
 *
 * <p>The recorded forward writes every step's pre-activations, activations, starting states and
 * cell states into (T, B, ·) arrays that backward reads: at the reference sizes (T = 128, B = 256,
 * LSTM H = 256) ~230 MB that stream through memory once per call. Here the input projections of a
 * chunk of steps go into one chunk-sized buffer that is reused ({@value RecurrentSequence#PROJECTION_CHUNK_ROWS}
 * rows, 2 MiB at 4H = 1024), each step's product reads the state it starts from where the step
 * before wrote it (the output), and the cell state is one (B, H) array updated in place; only the
 * output (T, B, H) is written whole.
 *
 * <p>When the batch has at least {@value #SPLIT_MIN_ROWS} rows per thread, the rows are split across
 * the kernels' threads ({@link Kernels#runParts}): each takes its share through the whole sequence
 * with products of its own rows, so the steps need no hand-off between threads (a split of each
 * product needs two per step). Rows of mixed lengths are dealt out to the threads in turn, longest
 * first, so that each thread's share holds rows of every length and runs about as many row-steps as
 * the other's, and each share is sorted longest first, so its rows active at a step are a prefix of
 * it. Each row's values are computed by the same sums either way, so the bits do not change.
 *
 * <p>Taken for the built-in LSTM and GRU cells in float32 with the Java 21+ paths
 * ({@link Java21Paths}) and kernels that keep the weights prepared
 * ({@link dev.rnn4j.kernels.Kernels.PackedMatrix#prepared}), without a projection or recurrent
 * dropout; {@link #run} answers null otherwise and the caller runs the recorded forward's code.
 * Layout as {@link RecurrentSequence}: {@code x (T, B, I)}, time-major; rows of mixed lengths are
 * sorted longest first, so the rows active at a step are a prefix.
 */
final class InferenceSequence {

    /**
     * Fewest rows a thread takes when a batch whose rows all run every step is split across the
     * kernels' threads ({@link Kernels#runParts}); smaller batches split each product instead.
     */
    static final int SPLIT_MIN_ROWS = 64;

    private InferenceSequence() {
    }

    /** Whether {@link #run} can take a layer with this cell and these options (before packing the weights). */
    static boolean applies(Cell cell, Tensor x, Tensor wHr, Tensor[] extra, float[] recurrentMask) {
        return Java21Paths.enabled() && (cell instanceof LstmCell || cell instanceof GruCell)
                && x.dtype() == dev.rnn4j.tensor.DType.F32 && wHr == null && extra.length == 0
                && recurrentMask == null;
    }

    /**
     * Runs the layer forward only. Returns {@code {out (T, B, H), h_n (B, H), c_n (B, H) or null}} as
     * {@link RecurrentSequence#run}, or null when the kernels do not prepare the weights (then nothing
     * was computed).
     *
     * @param lengths valid length of each batch row (1..T), or null when every row has length T
     */
    static Tensor[] run(Cell cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                        Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        SeqMath math = SeqMath.of(x.dtype());
        int steps = x.size(0);
        int batch = x.size(1);
        int input = x.size(2);
        int gateWidth = wHh.size(0);
        int hidden = wHh.size(1);
        Object wIhT = math.packRight(true, input, gateWidth, wIh.data(), input);
        Object wHhT = math.packRight(true, hidden, gateWidth, wHh.data(), hidden);
        if (!math.prepared(wIhT) || !math.prepared(wHhT)) {
            math.releasePacked(wIhT);
            math.releasePacked(wHhT);
            return null;
        }
        Kernels kernels = KernelProvider.get();
        int parts = Math.max(1, Math.min(kernels.partThreads(), batch / SPLIT_MIN_ROWS));
        Tensor[] result = new Pass(cell, reverse, math, steps, batch, input, hidden, lengths, parts)
                .forward(x, h0, c0, wIhT, wHhT, bIh, bHh, kernels);
        math.releasePacked(wIhT);
        math.releasePacked(wHhT);
        return result;
    }

    /** One forward pass: the row order, the per-step active counts and the work buffers. */
    private static final class Pass {
        private final int parts;       // threads the rows go to: part q, sorted positions [start(q), start(q + 1))
        private final Cell cell;
        private final boolean reverse;
        private final SeqMath math;
        private final boolean separate;
        private final int steps;
        private final int batch;
        private final int input;
        private final int hidden;
        private final int gateWidth;
        private final int[] order;     // sorted position s → batch row
        private final int[] rowLength; // by sorted position: longest first within each part
        private final int[] active;    // rows longer than each step from position 0 (one part: the active prefix)
        private final boolean permuted;
        private final boolean fullLength;

        Pass(Cell cell, boolean reverse, SeqMath math, int steps, int batch, int input, int hidden, int[] lengths,
             int parts) {
            this.parts = parts;
            this.cell = cell;
            this.reverse = reverse;
            this.math = math;
            this.separate = cell.separateRecurrentProjection();
            this.steps = steps;
            this.batch = batch;
            this.input = input;
            this.hidden = hidden;
            this.gateWidth = cell.gates() * hidden;
            this.order = new int[batch];
            this.rowLength = new int[batch];
            if (lengths == null) {
                for (int s = 0; s < batch; s++) {
                    order[s] = s;
                    rowLength[s] = steps;
                }
            } else {
                int[] sorted = RecurrentSequence.sortByLengthDescending(lengths);
                int s = 0;
                for (int q = 0; q < parts; q++) { // part q: ranks q, q + parts, q + 2·parts, ... (longest first)
                    for (int rank = q; rank < batch; rank += parts) {
                        order[s++] = sorted[rank];
                    }
                }
                for (s = 0; s < batch; s++) {
                    rowLength[s] = lengths[order[s]];
                }
            }
            boolean moved = false;
            for (int s = 0; s < batch; s++) {
                moved |= order[s] != s;
            }
            this.permuted = moved;
            this.active = RecurrentSequence.activeRowCounts(rowLength, steps);
            this.fullLength = RecurrentSequence.everyRowRunsEveryStep(active, batch);
        }

        Tensor[] forward(Tensor x, Tensor h0, Tensor c0, Object wIhT, Object wHhT, Tensor bIh, Tensor bHh,
                         Kernels kernels) {
            int hStride = batch * hidden;
            Object xs = permuted ? sortRows(x.data(), input, steps) : x.data();
            Object h0s = permuted ? sortRows(h0.data(), hidden, 1) : h0.data();
            Object hSeq = math.take(steps * hStride, !fullLength); // (T, B, H): the output
            Object c = null;                                       // (B, H): the cell state, in place
            if (cell.hasCellState()) {
                if (permuted) {
                    c = sortRows(c0.data(), hidden, 1);
                } else {
                    c = math.take(hStride, false);
                    System.arraycopy(c0.data(), 0, c, 0, hStride);
                }
            }
            Object state = c;
            if (parts > 1) { // each thread its share of the rows through every step, no hand-off per step
                kernels.runParts(parts, part -> runRows(start(part), start(part + 1), xs, h0s, hSeq, state, wIhT, wHhT,
                        bIh, bHh));
            } else {
                runRows(0, batch, xs, h0s, hSeq, c, wIhT, wHhT, bIh, bHh);
            }
            if (permuted) {
                math.give(xs);
                math.give(h0s);
            }

            Tensor hN = finalState(hSeq, x);
            Tensor cN = null;
            if (c != null) {
                cN = Tensor.zeros(x.dtype(), batch, hidden);
                for (int s = 0; s < batch; s++) { // each row's c stopped changing at its last step
                    System.arraycopy(c, s * hidden, cN.data(), order[s] * hidden, hidden);
                }
                math.give(c);
            }
            Tensor out;
            if (!permuted) {
                out = Tensor.of((float[]) hSeq, steps, batch, hidden);
            } else {
                out = Tensor.zeros(x.dtype(), steps, batch, hidden);
                Object outData = out.data();
                for (int s = 0; s < batch; s++) {
                    for (int t = 0; t < rowLength[s]; t++) { // rows past their length stay zero
                        System.arraycopy(hSeq, (t * batch + s) * hidden, outData, (t * batch + order[s]) * hidden,
                                hidden);
                    }
                }
                math.give(hSeq);
            }
            return new Tensor[] {out, hN, cN};
        }

        /** First sorted position of part q (q = parts: the batch); part j holds the ranks j, j + parts, ... */
        private int start(int q) {
            int first = 0;
            for (int j = 0; j < q; j++) {
                first += (batch - j + parts - 1) / parts;
            }
            return first;
        }

        /**
         * Sorted rows [r0, r1) through every step: writes their outputs into hSeq (T, B, H) and updates
         * their cell states in c (B, H) in place. All rows of the batch, or one thread's share of them;
         * the rows active at a step are a prefix of [r0, r1) (sorted longest first).
         */
        private void runRows(int r0, int r1, Object xs, Object h0s, Object hSeq, Object c, Object wIhT, Object wHhT,
                             Tensor bIh, Tensor bHh) {
            int rowsHere = r1 - r0;
            int hStride = batch * hidden;
            int chunkSteps = Math.max(1, RecurrentSequence.PROJECTION_CHUNK_ROWS / rowsHere);
            int gStride = rowsHere * gateWidth;                                // one step of the chunk buffer
            Object projBias1 = bIh == null ? null : bIh.data();
            Object projBias2 = bHh != null && !separate ? bHh.data() : null;  // the two biases simply add
            Object proj = math.take(chunkSteps * gStride, false);             // (chunk, rows, GH)
            Object hh = separate ? math.take(gStride, false) : null;         // (rows, GH): W_hh h + b_hh
            Object acts = separate ? math.take(gStride, false) : null;       // (rows, GH): the gate pass's activations
            Object hPrevMixed = null;                                         // (rows, H): rows from two sources
            StepArrays a = new StepArrays();
            a.hidden = hidden;
            a.rowScratch = new double[cell.rowScratchDoubles(hidden)];
            a.pre = proj;
            a.h = hSeq;
            a.c = c;
            a.cPrev = c;
            a.cOff = r0 * hidden;
            a.cPrevOff = r0 * hidden;
            a.hh = hh;
            a.hhOff = 0;
            a.acts = acts;
            a.actsOff = 0;
            int chunkFirst = 0;
            for (int step = 0; step < steps; step++) {
                int t = reverse ? steps - 1 - step : step;
                if (step % chunkSteps == 0) {
                    int count = Math.min(chunkSteps, steps - step);
                    chunkFirst = reverse ? t - count + 1 : t;
                    projectChunk(r0, r1, xs, proj, chunkFirst, count, wIhT, projBias1, projBias2);
                }
                int n = activeIn(t, r0, r1);
                if (n == 0) {
                    continue;
                }
                // the state this step starts from: rows [0, p) carried from the step before, [p, n) from h0
                int prev = reverse ? t + 1 : t - 1;
                int p = prev < 0 || prev >= steps ? 0 : Math.min(n, activeIn(prev, r0, r1));
                Object hPrev;
                int hPrevOff;
                if (p == n) {
                    hPrev = hSeq;
                    hPrevOff = prev * hStride + r0 * hidden;
                } else if (p == 0) {
                    hPrev = h0s;
                    hPrevOff = r0 * hidden;
                } else {
                    if (hPrevMixed == null) {
                        hPrevMixed = math.take(rowsHere * hidden, false);
                    }
                    System.arraycopy(hSeq, prev * hStride + r0 * hidden, hPrevMixed, 0, p * hidden);
                    System.arraycopy(h0s, (r0 + p) * hidden, hPrevMixed, p * hidden, (n - p) * hidden);
                    hPrev = hPrevMixed;
                    hPrevOff = 0;
                }
                int gOff = (t - chunkFirst) * gStride;
                if (separate) { // hh (n, GH) = hPrev · W_hhᵀ + b_hh
                    math.gemmPacked(n, hPrev, hPrevOff, hidden, wHhT, 0, hh, 0, gateWidth);
                    if (bHh != null) {
                        math.addRowVector(hh, 0, n, gateWidth, bHh.data());
                    }
                } else { // proj[t] += hPrev · W_hhᵀ
                    math.gemmPacked(n, hPrev, hPrevOff, hidden, wHhT, 1, proj, gOff, gateWidth);
                }
                a.rows = n;
                a.preOff = gOff;
                a.hPrev = hPrev;
                a.hPrevOff = hPrevOff;
                a.hOff = t * hStride + r0 * hidden;
                cell.forwardGates(math, a);
            }
            for (Object buffer : new Object[] {proj, hh, acts, hPrevMixed}) {
                if (buffer != null) {
                    math.give(buffer);
                }
            }
        }

        /** Rows of [r0, r1) active at step t: a prefix of them (sorted longest first), found by bisection. */
        private int activeIn(int t, int r0, int r1) {
            if (fullLength) {
                return r1 - r0;
            }
            int lo = r0;  // rowLength[s] > t for s < lo
            int hi = r1;  // rowLength[s] <= t for s >= hi
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (rowLength[mid] > t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - r0;
        }

        /**
         * proj[t − first] (n_t, GH) = xs[t] (n_t, I) · W_ihᵀ + b_ih [+ b_hh] for the steps t in
         * [first, first + count) and the active rows of [r0, r1), into the chunk buffer (chunk, r1 − r0,
         * GH). With the whole batch, {@link SeqMath#projectActiveSteps} as the recorded forward (one product
         * for the chunk, its active rows gathered when some rows are inactive); with a share of the rows
         * (then every row is active), one product per step.
         */
        private void projectChunk(int r0, int r1, Object xs, Object proj, int first, int count, Object wIhT,
                                  Object bias1, Object bias2) {
            int rowsHere = r1 - r0;
            if (rowsHere < batch) {
                for (int t = first; t < first + count; t++) {
                    int n = activeIn(t, r0, r1);
                    int off = (t - first) * rowsHere * gateWidth;
                    math.gemmPacked(n, xs, (t * batch + r0) * input, input, wIhT, 0, proj, off, gateWidth);
                    math.addBiases(proj, off, n, gateWidth, bias1, bias2);
                }
                return;
            }
            math.projectActiveSteps(xs, batch, input, active, first, count, wIhT, bias1, bias2, proj, 0, gateWidth);
        }

        /** Copies (T, B, W) data with rows permuted: dst[t, s] = src[t, order[s]], into a cached array. */
        private Object sortRows(Object src, int width, int times) {
            Object dst = math.take(times * batch * width, false);
            for (int t = 0; t < times; t++) {
                for (int s = 0; s < batch; s++) {
                    System.arraycopy(src, (t * batch + order[s]) * width, dst, (t * batch + s) * width, width);
                }
            }
            return dst;
        }

        /** h at each row's last processed step, in batch order: (B, H). */
        private Tensor finalState(Object hSeq, Tensor like) {
            Tensor last = Tensor.zeros(like.dtype(), batch, hidden);
            for (int s = 0; s < batch; s++) {
                int step = reverse ? 0 : rowLength[s] - 1;
                System.arraycopy(hSeq, (step * batch + s) * hidden, last.data(), order[s] * hidden, hidden);
            }
            return last;
        }
    }
}
