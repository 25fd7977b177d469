package dev.rnn4j.recurrent;

import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * One recorded run of {@link RecurrentSequence}: the forward pass over the whole sequence, the
 * state it keeps, and the backward through time that reads it. Layout and row order as described
 * there; the two-thread scheduling of the input projections (forward) and of
 * {@link GateGradientProducts} (backward) lives here.
 */
final class RecordedSequenceRun extends Node {

    /** Rows [from, to) of the step at processing position {@code step}, with the step arrays {@code a}. */
    private interface StepRows {
        void run(int step, int from, int to, StepArrays a);
    }

    private final Cell cell;
    private final boolean reverse;
    /** The cell keeps W_hh h + b_hh apart from the input projection (hh, acts, dHh buffers). */
    private final boolean separate;
    private final int steps;
    private final int batch;
    private final int inputSize;
    private final int hidden;     // H: rows of a gate block, width of c
    private final int state;      // S: width of h (P with a projection, else H)
    private final boolean projecting;
    private final int extraCount; // the cell's own parameters, inputs FIRST_EXTRA..
    private final int savedWidth; // the cell's saved values per row and step
    private final int gateWidth;
    private final int[] order;    // sorted position s → batch row
    private final int[] rowLength; // by sorted position
    private final int[] active;   // active rows at each step (a prefix in sorted order)
    private final boolean permuted;
    private final SeqMath math;
    private final float[] mask;   // (B, S) in sorted row order, or null: variational recurrent dropout
    /**
     * Every row runs all T steps: then each row of every buffer below is written before it is
     * read, so buffers taken from the cache need not be cleared (otherwise rows past a row's
     * length must read as zeros).
     */
    private final boolean fullLength;
    /**
     * The input as tokens of the table input(0) (see RecurrentSequence.runTokens), or null when
     * input(0) is x (T, B, I).
     */
    private final RecurrentSequence.TokenInput tokens;
    /** Tokens only, forward only: the table's input projection (V, GH), biases included. */
    private Object tokenProj;

    // saved for backward, all in sorted row order, time-major
    private Object xs;        // (T, B, I)
    private Object proj;      // (T, B, GH): pre-activations, then activations; W_ih x + b_ih when separate
    private Object hh;        // separate only: (T, B, GH) W_hh h + b_hh
    private Object acts;      // separate only: (T, B, GH) activations
    private Object hSeq;      // (T, B, S) hidden state after each step
    private Object hPrevSeq;  // (T, B, S) hidden state each step started from
    private Object hPrevIn;   // (T, B, S) what entered W_hh: hPrevSeq ⊙ mask (the same array without a mask)
    private Object hCell;     // projection only: (T, B, H) the gate pass's output, before W_hr
    private Object savedSeq;  // (T, B, savedWidth) the cell's own saved values, or null
    private Object cSeq;      // cell state: (T, B, H), or (T + 1, B, H) with c_prev when mergedCells (see cOffset)
    private Object cPrevSeq;  // cell state: (T, B, H), or cSeq itself when mergedCells
    /**
     * Java 21+ paths: the cell states and the states each step started from share one
     * (T + 1, B, H) array, c_0's slot first in processing order: a step's c_prev is then
     * already where the step before it left its c (rows that start from c_0 are copied over
     * rows the step before did not run). One (T, B, H) array and its copy fewer per run.
     */
    private final boolean mergedCells;

    /** @param x the input (T, B, I), or the embedding table (V, I) when {@code tokens} is not null */
    RecordedSequenceRun(Cell cell, boolean reverse, Tensor x, RecurrentSequence.TokenInput tokens, int[] lengths,
                        Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr, Tensor[] extra,
                        float[] recurrentMask) {
        super(inputs(x, h0, c0, wIh, wHh, bIh, bHh, wHr, extra));
        this.cell = cell;
        this.reverse = reverse;
        this.separate = cell.separateRecurrentProjection();
        this.tokens = tokens;
        this.steps = tokens != null ? tokens.steps() : x.size(0);
        this.batch = tokens != null ? tokens.batch() : x.size(1);
        this.inputSize = tokens != null ? x.size(1) : x.size(2);
        this.hidden = wHh.size(0) / cell.gates();
        this.state = wHh.size(1);
        this.projecting = wHr != null;
        this.extraCount = extra.length;
        this.savedWidth = cell.savedWidth(hidden);
        this.gateWidth = cell.gates() * hidden;
        this.math = SeqMath.of(x.dtype());
        int[] lens = lengths != null ? lengths : filled(batch, steps);
        this.order = lengths != null ? RecurrentSequence.sortByLengthDescending(lens) : identity(batch);
        this.rowLength = new int[batch];
        boolean moved = false;
        for (int s = 0; s < batch; s++) {
            rowLength[s] = lens[order[s]];
            moved |= order[s] != s;
        }
        this.permuted = moved;
        if (recurrentMask != null) {
            if (recurrentMask.length != batch * state) {
                throw new IllegalArgumentException("recurrent dropout mask: expected " + batch * state
                        + " values (B, S), got " + recurrentMask.length);
            }
            this.mask = new float[batch * state];
            for (int s = 0; s < batch; s++) {
                System.arraycopy(recurrentMask, order[s] * state, mask, s * state, state);
            }
        } else {
            this.mask = null;
        }
        this.active = RecurrentSequence.activeRowCounts(rowLength, steps);
        this.fullLength = RecurrentSequence.everyRowRunsEveryStep(active, batch);
        this.mergedCells = ArrayCache.enabled() && cell.hasCellState();
    }

    /** Input index of the cell's first own parameter. */
    private static final int FIRST_EXTRA = 8;

    static Tensor[] inputs(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                           Tensor wHr, Tensor[] extra) {
        Tensor[] all = new Tensor[FIRST_EXTRA + extra.length];
        Tensor[] fixed = {x, h0, c0, wIh, wHh, bIh, bHh, wHr};
        System.arraycopy(fixed, 0, all, 0, FIRST_EXTRA);
        System.arraycopy(extra, 0, all, FIRST_EXTRA, extra.length);
        return all;
    }

    private Object[] extraData() {
        Object[] data = new Object[extraCount];
        for (int i = 0; i < extraCount; i++) {
            data[i] = input(FIRST_EXTRA + i).data();
        }
        return data;
    }

    /** Offset in cSeq of the cell state after step t. */
    private int cOffset(int t) {
        return (mergedCells && !reverse ? t + 1 : t) * batch * hidden;
    }

    /** Offset in cPrevSeq of the cell state step t starts from. */
    private int cPrevOffset(int t) {
        return (mergedCells && reverse ? t + 1 : t) * batch * hidden;
    }

    @Override
    public String name() {
        return cell.name().toLowerCase() + (reverse ? "_reverse" : "") + (tokens != null ? "_tokens" : "")
                + "_sequence";
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * proj[t] (n_t, GH) = xs[t] (n_t, I) · W_ihᵀ + b_ih [+ b_hh] for the steps t in [first, first + count):
     * the active rows only (the padding rows are never read, forward or backward, and get no product).
     * When every row of the chunk is active, one product over the chunk in place. Otherwise the active
     * rows (a prefix of each step's B, longest first) are gathered into one product of Σ n_t rows, so
     * that a batch of mixed lengths costs what its tokens cost rather than T·B rows (the serving batches
     * of short and long texts: BENCHMARKS.md, "Serving under load"); each row is computed as in the
     * product over all rows. The product writes into proj from the chunk's first row, and the rows
     * then move to their steps, last step first (each moves to the same or a later offset).
     */
    private void projectChunk(int first, int count, Object wIhT, Object bias1, Object bias2) {
        math.projectActiveSteps(xs, batch, inputSize, active, first, count, wIhT, bias1, bias2, proj,
                first * batch * gateWidth, gateWidth);
    }

    /**
     * Runs the steps beside their input projections: the projections of every chunk of
     * {@code chunkSteps} steps, in processing order, on one of the kernels' threads, and the steps on
     * the other, each chunk's steps once its projection is written ({@link SeqMath#runBeside}). Once
     * every projection is done the steps stop, and the caller runs the rest: half of the rows on each
     * thread when every row runs every step, else with the kernels' threads on each product. Returns
     * the first step (processing position) not run. Where a step or a row runs does not change a float:
     * each product and gate pass computes each row the same on any thread count and for any rows.
     */
    private int runBesideProjections(IntConsumer runStep, int chunkSteps, Object wIhT, Object bias1, Object bias2) {
        int chunks = (steps + chunkSteps - 1) / chunkSteps;
        Progress projected = new Progress();
        int[] resumeAt = {0};
        math.runBeside(() -> {
            try {
                for (int c = 0; c < chunks; c++) {
                    int step = c * chunkSteps;
                    int count = Math.min(chunkSteps, steps - step);
                    projectChunk(reverse ? steps - step - count : step, count, wIhT, bias1, bias2);
                    projected.publish(c + 1);
                }
            } finally {
                projected.end();
            }
        }, () -> {
            for (int step = 0; step < steps; step++) {
                // stop once the projections are all done (the rest on both threads) or failed
                if (projected.over() || !projected.await(step / chunkSteps + 1)) {
                    return;
                }
                runStep.accept(step);
                resumeAt[0] = step + 1;
            }
        });
        return resumeAt[0];
    }

    /** proj[t, s] = tokenProj[token of row s at step t] for the active rows of steps [first, first + count). */
    private void gatherChunk(int first, int count) {
        int[] ids = tokens.ids();
        for (int t = first; t < first + count; t++) {
            for (int s = 0; s < active[t]; s++) {
                System.arraycopy(tokenProj, ids[t * batch + order[s]] * gateWidth, proj, (t * batch + s) * gateWidth,
                        gateWidth);
            }
        }
    }

    /**
     * The gradient of the pre-activations summed by token: (V, GH), row v the sum of dIh over the
     * active rows whose token is v, in processing order of time and sorted row (the padding row too:
     * W_ih's gradient reads it; the table's gradient skips it).
     */
    private Object sumByToken(Object dIh, int vocab) {
        Object sums = math.alloc(vocab * gateWidth);
        int[] ids = tokens.ids();
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < active[t]; s++) {
                math.addInto(dIh, (t * batch + s) * gateWidth, sums, ids[t * batch + order[s]] * gateWidth,
                        gateWidth);
            }
        }
        return sums;
    }

    /** Copies (T, B, W) data with rows permuted: dst[t, s] = src[t, order[s]]. */
    private Object sortRows(Object src, int width, int times) {
        Object dst = math.alloc(times * batch * width);
        for (int t = 0; t < times; t++) {
            for (int s = 0; s < batch; s++) {
                System.arraycopy(src, (t * batch + order[s]) * width, dst, (t * batch + s) * width, width);
            }
        }
        return dst;
    }

    /** Step whose output a step starts from (−1 or T when it starts from the initial state). */
    private int previousStep(int t) {
        return reverse ? t + 1 : t - 1;
    }

    /** Rows [0, p) of step t start from the previous step's state; rows [p, n_t) from the initial state. */
    private int rowsFromPrevious(int t) {
        int prev = previousStep(t);
        return prev < 0 || prev >= steps ? 0 : Math.min(active[t], active[prev]);
    }

    Tensor[] forward() {
        Tensor x = input(0);
        Tensor h0 = input(1);
        Tensor c0 = input(2);
        Tensor wIh = input(3);
        Tensor wHh = input(4);
        Tensor bIh = input(5);
        Tensor bHh = input(6);
        Tensor wHr = input(7);
        int rowsAll = steps * batch;
        int hStride = batch * state;  // h: (T, B, S)
        int cStride = batch * hidden; // c and the cell's output: (T, B, H)
        int gStride = batch * gateWidth;

        xs = tokens != null ? null : permuted ? sortRows(x.data(), inputSize, steps) : x.data();
        // the input projections proj (T·B, GH) = xs (T·B, I) · W_ihᵀ + b_ih [+ b_hh]. When the kernels
        // keep W_ihᵀ prepared in their own layout, a chunk of steps at a time just before the chunk
        // runs (a product of 512 rows then runs at full speed, and its rows are still in cache when
        // the biases, the step's product and the gate pass read them); otherwise all of proj in one
        // product first, with the biases added step by step to the rows about to be used
        proj = buffer(rowsAll * gateWidth);
        Object projBias1 = bIh == null ? null : bIh.data();
        Object projBias2 = bHh != null && !separate ? bHh.data() : null; // the two biases simply add
        Object wIhT = math.packRight(true, inputSize, gateWidth, wIh.data(), inputSize);
        if (tokens != null) { // the table's projection (V, GH), biases added as to every row's
            int vocab = x.size(0);
            tokenProj = math.take(vocab * gateWidth, false);
            // the product every chunk of rows runs (compiled early, and the same sums as for the rows)
            if (math.prepared(wIhT)) {
                math.gemmPacked(vocab, x.data(), 0, inputSize, wIhT, 0, tokenProj, 0, gateWidth);
            } else {
                math.gemm(false, true, vocab, gateWidth, inputSize, x.data(), 0, inputSize, wIh.data(), 0,
                        inputSize, 0, tokenProj, 0, gateWidth);
            }
            math.addBiases(tokenProj, 0, vocab, gateWidth, projBias1, projBias2);
        }
        // W_hhᵀ is the right operand of every step's h · W_hhᵀ: prepare it once
        Object wHhT = math.packRight(true, state, gateWidth, wHh.data(), state);
        boolean chunked = tokens != null || math.prepared(wIhT);
        int chunkSteps = Math.max(1, RecurrentSequence.PROJECTION_CHUNK_ROWS / batch);
        // the input projections of later chunks computed beside the steps, when there are products to
        // overlap (not the token path's gathers) and at least two chunks
        boolean projectAhead = chunked && tokens == null && steps > chunkSteps;
        if (!chunked) {
            math.gemm(false, true, rowsAll, gateWidth, inputSize, xs, 0, inputSize, wIh.data(), 0, inputSize, 0,
                    proj, 0, gateWidth);
        }
        if (separate) {
            hh = buffer(rowsAll * gateWidth);
            acts = buffer(rowsAll * gateWidth);
        }
        hSeq = buffer(rowsAll * state);
        hPrevSeq = buffer(rowsAll * state);
        hPrevIn = mask == null ? hPrevSeq : buffer(rowsAll * state);
        hCell = projecting ? buffer(rowsAll * hidden) : hSeq;
        savedSeq = savedWidth > 0 ? buffer(rowsAll * savedWidth) : null;
        Object h0s = permuted ? sortRows(h0.data(), state, 1) : h0.data();
        if (cell.hasCellState()) {
            if (mergedCells) {
                cSeq = buffer((steps + 1) * cStride);
                cPrevSeq = cSeq;
            } else {
                cSeq = buffer(rowsAll * hidden);
                cPrevSeq = buffer(rowsAll * hidden);
            }
        }
        Object c0s = !cell.hasCellState() ? null : permuted ? sortRows(c0.data(), hidden, 1) : c0.data();

        StepArrays a = new StepArrays(); // refilled every step
        a.hidden = hidden;
        a.extra = extraData();
        a.saved = savedSeq;
        a.rowScratch = new double[cell.rowScratchDoubles(hidden)];
        // rows [from, to) of one step of the chain (processing position step), their input projection
        // already in proj; every row's values are the same whichever rows a call covers
        StepRows runRows = (step, from, to, sa) -> {
            int t = reverse ? steps - 1 - step : step;
            int gOff = t * gStride;
            int end = Math.min(to, active[t]);
            if (end <= from) {
                return;
            }
            int rows = end - from;
            int p = rowsFromPrevious(t);
            int prev = previousStep(t);
            int hOff = t * hStride;
            int cOff = t * cStride;
            // the state this step starts from: rows below p carried, rows from p on fresh from h0
            int carried = Math.min(end, p);
            int fresh = Math.max(from, p);
            if (carried > from) {
                System.arraycopy(hSeq, prev * hStride + from * state, hPrevSeq, hOff + from * state,
                        (carried - from) * state);
            }
            if (end > fresh) {
                System.arraycopy(h0s, fresh * state, hPrevSeq, hOff + fresh * state, (end - fresh) * state);
            }
            if (mask != null) { // the mask lines up with row 0 (row splits run without a mask)
                math.multiply(hPrevSeq, hOff, mask, hPrevIn, hOff, end * state, false);
            }
            if (cell.hasCellState()) { // c_prev as h_prev: rows below p carried, rows from p on from c0
                int cpOff = cPrevOffset(t);
                if (carried > from && !mergedCells) {
                    System.arraycopy(cSeq, prev * cStride + from * hidden, cPrevSeq, cOff + from * hidden,
                            (carried - from) * hidden);
                }
                if (end > fresh) {
                    System.arraycopy(c0s, fresh * hidden, cPrevSeq, cpOff + fresh * hidden,
                            (end - fresh) * hidden);
                }
                sa.cPrev = cPrevSeq;
                sa.cPrevOff = cpOff + from * hidden;
                sa.c = cSeq;
                sa.cOff = cOffset(t) + from * hidden;
            }
            int rowOff = gOff + from * gateWidth;
            if (separate) { // hh[t] = hPrevIn · W_hhᵀ + b_hh
                hPrevTimesWhh(rows, hOff + from * state, wHh.data(), wHhT, 0, hh, rowOff);
                if (bHh != null) {
                    math.addRowVector(hh, rowOff, rows, gateWidth, bHh.data());
                }
                sa.hh = hh;
                sa.hhOff = rowOff;
                sa.acts = acts;
                sa.actsOff = rowOff;
            } else { // proj[t] += hPrevIn · W_hhᵀ
                hPrevTimesWhh(rows, hOff + from * state, wHh.data(), wHhT, 1, proj, rowOff);
            }
            sa.rows = rows;
            sa.pre = proj;
            sa.preOff = rowOff;
            sa.hPrev = hPrevSeq;
            sa.hPrevOff = hOff + from * state;
            sa.h = hCell;
            sa.hOff = projecting ? cOff + from * hidden : hOff + from * state;
            sa.savedOff = (t * batch + from) * savedWidth;
            cell.forwardGates(math, sa);
            if (projecting) { // h[t] (rows, P) = hCell[t] (rows, H) · W_hrᵀ
                math.gemm(false, true, rows, state, hidden, hCell, cOff + from * hidden, hidden, wHr.data(), 0,
                        hidden, 0, hSeq, hOff + from * state, state);
            }
        };
        IntConsumer runStep = step -> runRows.run(step, 0, batch, a);
        int resumeAt = 0;
        if (projectAhead) { // the projections on one thread, the steps on the other (see runBesideProjections)
            resumeAt = runBesideProjections(runStep, chunkSteps, wIhT, projBias1, projBias2);
            if (resumeAt < steps && fullLength && mask == null && math.threads() > 1
                    && batch >= 2 * RecurrentSequence.SPLIT_MIN_ROWS) {
                // every projection is done: each thread takes half of the rows through the remaining
                // steps, with products of its own rows (no hand-off per step)
                int first = resumeAt;
                StepArrays b = new StepArrays();
                b.hidden = hidden;
                b.extra = a.extra;
                b.saved = savedSeq;
                b.rowScratch = new double[cell.rowScratchDoubles(hidden)];
                int half = batch / 2;
                math.runBeside(() -> {
                    for (int step = first; step < steps; step++) {
                        runRows.run(step, 0, half, a);
                    }
                }, () -> {
                    for (int step = first; step < steps; step++) {
                        runRows.run(step, half, batch, b);
                    }
                });
                resumeAt = steps;
            }
        }
        for (int step = resumeAt; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int gOff = t * gStride;
            if (!chunked) {
                // proj[t] (B, GH) += b_ih [+ b_hh], every row
                math.addBiases(proj, gOff, batch, gateWidth, projBias1, projBias2);
            } else if (step % chunkSteps == 0 && !projectAhead) {
                // proj of the next chunkSteps steps (in processing order), their active rows only
                int count = Math.min(chunkSteps, steps - step);
                if (tokens != null) {
                    gatherChunk(reverse ? t - count + 1 : t, count);
                } else {
                    projectChunk(reverse ? t - count + 1 : t, count, wIhT, projBias1, projBias2);
                }
            }
            runStep.accept(step);
        }

        math.releasePacked(wIhT);
        math.releasePacked(wHhT);
        if (tokenProj != null) {
            math.give(tokenProj);
            tokenProj = null;
        }

        // with the Java 21+ paths the output takes hSeq itself when its rows are in batch order and
        // backward does not read hSeq (LSTM, GRU): no copy, and one (T, B, H) array fewer per run
        boolean handOver = ArrayCache.enabled() && !permuted && !cell.backwardReadsOutput();
        Tensor out;
        if (handOver) {
            out = hSeq instanceof float[] floats ? Tensor.of(floats, steps, batch, state)
                    : Tensor.of((double[]) hSeq, steps, batch, state);
        } else {
            out = Tensor.zeros(x.dtype(), steps, batch, state);
            Object outData = out.data();
            if (!permuted) {
                System.arraycopy(hSeq, 0, outData, 0, rowsAll * state);
            } else {
                for (int t = 0; t < steps; t++) {
                    for (int s = 0; s < active[t]; s++) {
                        System.arraycopy(hSeq, (t * batch + s) * state, outData,
                                (t * batch + order[s]) * state, state);
                    }
                }
            }
        }
        Tensor hN = finalState(hSeq, 0, state, x);
        Tensor cN = cell.hasCellState() ? finalState(cSeq, mergedCells && !reverse ? 1 : 0, hidden, x) : null;
        if (handOver) {
            hSeq = null; // the output's now; release() must not give it back
        }
        Tensor[] outputs = cN != null ? new Tensor[] {out, hN, cN} : new Tensor[] {out, hN};
        if (Autograd.shouldRecord(inputs(x, h0, c0, wIh, wHh, bIh, bHh, wHr, extraTensors()))) {
            Autograd.record(this, outputs);
        } else {
            release();
        }
        return cN != null ? outputs : new Tensor[] {out, hN, null};
    }

    private Tensor[] extraTensors() {
        Tensor[] extra = new Tensor[extraCount];
        for (int i = 0; i < extraCount; i++) {
            extra[i] = input(FIRST_EXTRA + i);
        }
        return extra;
    }

    /** State at each row's last processed step, in batch order: (B, width); step t is at slot t + shift of seq. */
    private Tensor finalState(Object seq, int shift, int width, Tensor like) {
        Tensor last = Tensor.zeros(like.dtype(), batch, width);
        for (int s = 0; s < batch; s++) {
            int step = (reverse ? 0 : rowLength[s] - 1) + shift;
            System.arraycopy(seq, (step * batch + s) * width, last.data(), order[s] * width, width);
        }
        return last;
    }

    @Override
    protected void backward(Tensor[] g) {
        if (tokens != null && tokens.lookedUp() != null) {
            tokens.lookedUp().releaseDeclaredData(); // nothing of this node reads it
        }
        Tensor gOut = g[0];
        Tensor gHn = g[1];
        Tensor gCn = g.length > 2 ? g[2] : null;
        int rowsAll = steps * batch;
        int hStride = batch * state;
        int cStride = batch * hidden;
        int gStride = batch * gateWidth;
        Object wIh = input(3).data();
        Object wHh = input(4).data();
        Object wHr = projecting ? input(7).data() : null;

        Object dOut = gOut == null ? null : (permuted ? sortRows(gOut.data(), state, steps) : gOut.data());
        // carry: gradient reaching the hidden state the next-processed step produced, per sorted row
        Object carry = gHn == null ? math.alloc(hStride) : sortRows(gHn.data(), state, 1);
        Object dcCarry = !cell.hasCellState() ? null
                : gCn == null ? math.alloc(cStride) : sortRows(gCn.data(), hidden, 1);
        Object dc0s = cell.hasCellState() ? math.alloc(cStride) : null;
        Object dh = math.alloc(hStride);
        // projection: the gradient of the cell's output (B, H), and dh of every step (T, B, P) for dW_hr
        Object dhCell = projecting ? math.alloc(cStride) : dh;
        Object dhSeq = projecting && needsGrad(7) ? buffer(rowsAll * state) : null;
        Object dIh = buffer(rowsAll * gateWidth);
        Object dHh = separate ? buffer(rowsAll * gateWidth) : dIh;
        Object dh0s = math.alloc(hStride);
        boolean direct = cell.directStatePath();
        Object viaWeights = mask != null && direct ? math.alloc(hStride) : null;
        StepArrays a = new StepArrays(); // refilled every step
        a.hidden = hidden;
        a.extra = extraData();
        a.dExtra = new Object[extraCount];
        for (int i = 0; i < extraCount; i++) {
            a.dExtra[i] = needsGrad(FIRST_EXTRA + i) ? gradOfData(FIRST_EXTRA + i) : null;
        }
        a.saved = savedSeq;
        a.rowScratch = new double[cell.rowScratchDoubles(hidden)];
        a.dh = dhCell;
        a.dc = dcCarry;
        a.dPre = dIh;
        a.dHh = dHh;
        a.dhPrev = carry;
        a.pre = proj;
        a.hh = hh;
        a.acts = acts;
        a.hPrev = hPrevSeq;
        a.h = hCell;
        a.cPrev = cPrevSeq;
        a.c = cSeq;
        // W_hh is the right operand of every step's dh_prev product: prepare it once
        Object wHhP = math.packRight(false, gateWidth, state, wHh, state);
        // the products over many steps' gate gradients, a chunk of steps at a time beside the chain
        // (BENCHMARKS.md, "Training: where a step goes"); every gradient array is fetched here, on
        // the calling thread
        Object dxs = tokens == null && needsGrad(0) ? math.take(rowsAll * inputSize, false) : null;
        GateGradientProducts products = new GateGradientProducts(math, steps, batch, reverse, gateWidth, inputSize,
                state, hidden)
                .gateGradients(dIh, dHh)
                .inputGradient(dxs, wIh)
                .inputWeightGradient(needsGrad(3) && tokens == null ? gradOfData(3) : null, xs)
                .recurrentWeightGradient(needsGrad(4) ? gradOfData(4) : null, hPrevIn)
                .projectionGradient(dhSeq != null ? gradOfData(7) : null, dhSeq, hCell)
                .biasGradients(needsGrad(5) ? gradOfData(5) : null, needsGrad(6) ? gradOfData(6) : null);

        Runnable chain = () -> {
            try {
                for (int step = steps - 1; step >= 0; step--) {
                    products.publish(steps - 1 - step);
                    int t = reverse ? steps - 1 - step : step;
                    int n = active[t];
                    if (n == 0) {
                        continue;
                    }
                    int p = rowsFromPrevious(t);
                    int hOff = t * hStride;
                    int cOff = t * cStride;
                    int gOff = t * gStride;
                    System.arraycopy(carry, 0, dh, 0, n * state);
                    if (dOut != null) {
                        math.addInto(dOut, hOff, dh, 0, n * state);
                    }
                    if (projecting) { // dhCell (n, H) = dh (n, P) · W_hr; dh kept for dW_hr
                        math.gemm(false, false, n, hidden, state, dh, 0, state, wHr, 0, hidden, 0, dhCell, 0,
                                hidden);
                        if (dhSeq != null) {
                            System.arraycopy(dh, 0, dhSeq, hOff, n * state);
                        }
                    }
                    a.rows = n;
                    a.preOff = gOff;
                    a.hhOff = gOff;
                    a.actsOff = gOff;
                    a.hPrevOff = hOff;
                    a.hOff = projecting ? cOff : hOff;
                    a.savedOff = t * batch * savedWidth;
                    a.cPrevOff = cPrevOffset(t);
                    a.cOff = cOffset(t);
                    a.dPreOff = gOff;
                    a.dHhOff = gOff;
                    cell.backwardGates(math, a); // dIh, dHh (separate), dcCarry ← dc_prev, carry ← direct part
                    if (!direct) { // carry = dHh · W_hh, through the mask
                        dhPrev(n, dHh, gOff, wHh, wHhP, 0, carry);
                        if (mask != null) {
                            math.multiply(carry, 0, mask, carry, 0, n * state, false);
                        }
                    } else if (mask == null) { // carry += dHh · W_hh
                        dhPrev(n, dHh, gOff, wHh, wHhP, 1, carry);
                    } else { // the W_hh path saw the masked state
                        dhPrev(n, dHh, gOff, wHh, wHhP, 0, viaWeights);
                        math.multiply(viaWeights, 0, mask, carry, 0, n * state, true);
                    }
                    if (n > p) { // these rows started from the initial state
                        math.addInto(carry, p * state, dh0s, p * state, (n - p) * state);
                        if (dcCarry != null) {
                            math.addInto(dcCarry, p * hidden, dc0s, p * hidden, (n - p) * hidden);
                        }
                    }
                }
                products.publish(steps);
            } finally {
                products.chainOver();
            }
        };
        math.runBeside(chain, products::runBesideChain);
        products.finish();

        math.releasePacked(wHhP);

        if (tokens != null) {
            tokenBackward(dIh, wIh);
        } else if (dxs != null) { // dx back to batch order
            addUnsorted(dxs, gradOfData(0), inputSize, steps);
            math.give(dxs);
        }
        if (needsGrad(1)) {
            addUnsorted(dh0s, gradOfData(1), state, 1);
        }
        if (needsGrad(2) && dc0s != null) {
            addUnsorted(dc0s, gradOfData(2), hidden, 1);
        }
        if (dhSeq != null) {
            math.give(dhSeq);
        }
        math.give(dIh);
        if (dHh != dIh) {
            math.give(dHh);
        }
    }

    /**
     * The gradients of the table (input 0) and of W_ih from the gradient of the pre-activations
     * summed by token, U (V, GH): d table (V, I) += U · W_ih except the padding row, dW_ih (GH, I) +=
     * Uᵀ · table.
     */
    private void tokenBackward(Object dIh, Object wIh) {
        if (!needsGrad(0) && !needsGrad(3)) {
            return;
        }
        Object table = input(0).data();
        int vocab = input(0).size(0);
        Object sums = sumByToken(dIh, vocab);
        if (needsGrad(0)) {
            int pad = tokens.paddingIdx();
            if (pad < 0) {
                math.gemm(false, false, vocab, inputSize, gateWidth, sums, 0, gateWidth, wIh, 0, inputSize, 1,
                        gradOfData(0), 0, inputSize);
            } else {
                Object dTable = math.alloc(vocab * inputSize);
                math.gemm(false, false, vocab, inputSize, gateWidth, sums, 0, gateWidth, wIh, 0, inputSize, 0,
                        dTable, 0, inputSize);
                Object grad = gradOfData(0);
                if (pad > 0) {
                    math.addInto(dTable, 0, grad, 0, pad * inputSize);
                }
                math.addInto(dTable, (pad + 1) * inputSize, grad, (pad + 1) * inputSize,
                        (vocab - pad - 1) * inputSize);
            }
        }
        if (needsGrad(3)) {
            math.gemm(true, false, gateWidth, inputSize, vocab, sums, 0, gateWidth, table, 0, inputSize, 1,
                    gradOfData(3), 0, inputSize);
        }
    }

    /**
     * dst[dstOff..] (n, GH) (+)= hPrevIn[hOff..] (n, S) · W_hhᵀ: against W_hhᵀ as prepared once per
     * forward when the kernels prepare it, else the plain product on W_hh as stored (see dhPrev).
     */
    private void hPrevTimesWhh(int n, int hOff, Object wHh, Object wHhT, int beta, Object dst, int dstOff) {
        if (math.prepared(wHhT)) {
            math.gemmPacked(n, hPrevIn, hOff, state, wHhT, beta, dst, dstOff, gateWidth);
        } else {
            math.gemm(false, true, n, gateWidth, state, hPrevIn, hOff, state, wHh, 0, state, beta, dst, dstOff,
                    gateWidth);
        }
    }

    /**
     * dst (n, S) (+)= dGates[gOff..] (n, GH) · W_hh: against W_hh as prepared once per backward when
     * the kernels prepare it, else the plain product on W_hh as stored (see VectorKernels.packRight
     * for why the calls must stay plain products then).
     */
    private void dhPrev(int n, Object dGates, int gOff, Object wHh, Object wHhP, int beta, Object dst) {
        if (math.prepared(wHhP)) {
            math.gemmPacked(n, dGates, gOff, gateWidth, wHhP, beta, dst, 0, state);
        } else {
            math.gemm(false, false, n, state, gateWidth, dGates, gOff, gateWidth, wHh, 0, state, beta, dst, 0,
                    state);
        }
    }

    private Object gradOfData(int i) {
        return gradOf(input(i)).data();
    }

    /** dst[t, order[s]] += src[t, s] for (T, B, W) data. */
    private void addUnsorted(Object src, Object dst, int width, int times) {
        for (int t = 0; t < times; t++) {
            for (int s = 0; s < batch; s++) {
                math.addInto(src, (t * batch + s) * width, dst, (t * batch + order[s]) * width, width);
            }
        }
    }

    /** A (T, B, ·) work buffer from the cache, cleared unless every row runs every step. */
    private Object buffer(int n) {
        return math.take(n, !fullLength);
    }

    @Override
    protected void release() {
        // the saved buffers go back to the cache for the next run (xs only when it is our copy)
        if (permuted && xs != null) {
            math.give(xs);
        }
        if (hPrevIn != hPrevSeq) {
            math.give(hPrevIn);
        }
        if (cPrevSeq == cSeq) {
            cPrevSeq = null; // one array (mergedCells): give it once
        }
        if (projecting) { // else hCell is hSeq
            math.give(hCell);
        }
        for (Object buffer : new Object[] {proj, hh, acts, hSeq, hPrevSeq, cSeq, cPrevSeq, savedSeq}) {
            math.give(buffer);
        }
        xs = proj = hh = acts = hSeq = hPrevSeq = hPrevIn = cSeq = cPrevSeq = hCell = savedSeq = null;
    }
}
