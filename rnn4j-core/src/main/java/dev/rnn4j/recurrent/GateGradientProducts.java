package dev.rnn4j.recurrent;

/**
 * The products of a recorded sequence's backward that read the gate gradients of many steps at
 * once, {@code dx = dIh · W_ih}, {@code dW_ih += dIhᵀ · x}, {@code dW_hh += dHhᵀ · h_prev},
 * {@code dW_hr += dhᵀ · h_cell} and the two bias gradients (column sums), computed a chunk of
 * steps at a time beside the recurrent chain that produces those gradients.
 *
 * <p>The chain (the backward steps in processing order, each with its small {@code dh_prev}
 * product) runs on one of the kernels' threads and {@link #runBesideChain} on the other
 * ({@code SeqMath.runBeside}); kernel calls on either run on their own thread, so neither waits
 * for a hand-off per step. Chunk c holds the processing positions
 * {@code [c·K, (c + 1)·K)} (K = {@link #chunkSteps}), rows contiguous in the (T, B, ·) buffers;
 * the chain {@linkplain #publish publishes} how many steps it has finished, and this side takes
 * each chunk as soon as all its steps are done. Once the chain is over, the chunks not yet started
 * are left to {@link #finish}, which the caller runs with both threads on each product.
 *
 * <p>Every product and sum goes chunk after chunk in processing order, whoever runs it and
 * whenever the chain ends, so a run gives the same floats on any thread count and timing. Against
 * one product over all T·B rows, {@code dx} is the same (rows are independent); the weight and bias
 * gradients add the same terms in another order (chunks from the last step back).
 *
 * <p>Layout as in {@link RecurrentSequence}, time-major, rows in sorted order: {@code dIh, dHh
 * (T, B, GH)}, {@code xs (T, B, I)}, {@code hPrevIn (T, B, S)}, {@code dhSeq (T, B, P)},
 * {@code hCell (T, B, H)}, {@code dxs (T, B, I)}; {@code w_ih (GH, I)}; gradients
 * {@code dW_ih (GH, I)}, {@code dW_hh (GH, S)}, {@code dW_hr (P, H)}, {@code db_ih, db_hh (GH)}.
 * An output given as null is not computed.
 */
final class GateGradientProducts {

    /** Rows (steps × batch) of one chunk: each chunk's products are deep enough to run near full speed. */
    static final int CHUNK_ROWS = 512;

    private final SeqMath math;
    private final int steps;
    private final int batch;
    private final boolean reverse;
    private final int gateWidth;
    private final int inputSize;
    private final int state;
    private final int hidden;
    private final int chunkSteps;
    private final int chunks;

    private Object dIh;
    private Object dHh;
    private Object xs;
    private Object wIh;
    private Object hPrevIn;
    private Object dhSeq;
    private Object hCell;
    private Object dxs;
    private Object dWih;
    private Object dWhh;
    private Object dWhr;
    private Object dBih;
    private Object dBhh;

    /** Steps of the chain finished, in processing order; over once the chain returned or threw. */
    private final Progress chain = new Progress();
    /** First chunk not yet taken by {@link #runBesideChain}: {@link #finish} does it and the rest. */
    private int nextChunk;

    GateGradientProducts(SeqMath math, int steps, int batch, boolean reverse, int gateWidth, int inputSize,
                         int state, int hidden) {
        this.math = math;
        this.steps = steps;
        this.batch = batch;
        this.reverse = reverse;
        this.gateWidth = gateWidth;
        this.inputSize = inputSize;
        this.state = state;
        this.hidden = hidden;
        this.chunkSteps = Math.max(1, (CHUNK_ROWS + batch - 1) / batch);
        this.chunks = (steps + chunkSteps - 1) / chunkSteps;
    }

    /** The gate gradients the chain writes: dIh and dHh (the same array when the cell keeps them together). */
    GateGradientProducts gateGradients(Object dIh, Object dHh) {
        this.dIh = dIh;
        this.dHh = dHh;
        return this;
    }

    /** dx (T, B, I) = dIh · W_ih into {@code dxs}; null: not wanted. */
    GateGradientProducts inputGradient(Object dxs, Object wIh) {
        this.dxs = dxs;
        this.wIh = wIh;
        return this;
    }

    /** dW_ih += dIhᵀ · xs; dWih null: not wanted. */
    GateGradientProducts inputWeightGradient(Object dWih, Object xs) {
        this.dWih = dWih;
        this.xs = xs;
        return this;
    }

    /** dW_hh += dHhᵀ · hPrevIn; dWhh null: not wanted. */
    GateGradientProducts recurrentWeightGradient(Object dWhh, Object hPrevIn) {
        this.dWhh = dWhh;
        this.hPrevIn = hPrevIn;
        return this;
    }

    /** dW_hr += dhSeqᵀ · hCell; dWhr null: not wanted. */
    GateGradientProducts projectionGradient(Object dWhr, Object dhSeq, Object hCell) {
        this.dWhr = dWhr;
        this.dhSeq = dhSeq;
        this.hCell = hCell;
        return this;
    }

    /** db_ih += column sums of dIh, db_hh += those of dHh; either null: not wanted. */
    GateGradientProducts biasGradients(Object dBih, Object dBhh) {
        this.dBih = dBih;
        this.dBhh = dBhh;
        return this;
    }

    /** The chain has finished its first {@code done} steps in processing order (their rows are written). */
    void publish(int done) {
        chain.publish(done);
    }

    /** The chain is over, normally or by an exception (call it in a finally block). */
    void chainOver() {
        chain.end();
    }

    /**
     * Takes the chunks in order as the chain finishes them, until the chain is over (then the chunks
     * not started are left to {@link #finish}) or has failed.
     */
    void runBesideChain() {
        for (int c = 0; c < chunks; c++) {
            chain.await(Math.min(steps, (c + 1) * chunkSteps));
            if (chain.over()) {
                return; // finished (the rest goes to finish, on both threads) or failed (nothing to do)
            }
            chunk(c);
            nextChunk = c + 1;
        }
    }

    /** The chunks {@link #runBesideChain} left, after the chain is over; on the caller, with the kernels' threads. */
    void finish() {
        for (int c = nextChunk; c < chunks; c++) {
            chunk(c);
        }
        nextChunk = chunks;
    }

    /** Every product and sum of chunk c (processing positions [c·K, (c + 1)·K)). */
    private void chunk(int c) {
        int firstPosition = c * chunkSteps;
        int endPosition = Math.min(steps, firstPosition + chunkSteps);
        // the chunk's time steps, a contiguous range in memory
        int firstStep = reverse ? firstPosition : steps - endPosition;
        int r0 = firstStep * batch;
        int rows = (endPosition - firstPosition) * batch;
        if (dxs != null) { // dx (rows, I) = dIh (rows, GH) · W_ih (GH, I)
            math.gemm(false, false, rows, inputSize, gateWidth, dIh, r0 * gateWidth, gateWidth, wIh, 0, inputSize, 0,
                    dxs, r0 * inputSize, inputSize);
        }
        if (dWih != null) { // dW_ih (GH, I) += dIhᵀ (GH, rows) · xs (rows, I)
            math.gemm(true, false, gateWidth, inputSize, rows, dIh, r0 * gateWidth, gateWidth, xs, r0 * inputSize,
                    inputSize, 1, dWih, 0, inputSize);
        }
        if (dWhh != null) { // dW_hh (GH, S) += dHhᵀ (GH, rows) · hPrevIn (rows, S)
            math.gemm(true, false, gateWidth, state, rows, dHh, r0 * gateWidth, gateWidth, hPrevIn, r0 * state, state,
                    1, dWhh, 0, state);
        }
        if (dWhr != null) { // dW_hr (P, H) += dhSeqᵀ (P, rows) · hCell (rows, H)
            math.gemm(true, false, state, hidden, rows, dhSeq, r0 * state, state, hCell, r0 * hidden, hidden, 1, dWhr,
                    0, hidden);
        }
        if (dBih != null) {
            math.addColumnSums(dIh, r0 * gateWidth, rows, gateWidth, dBih);
        }
        if (dBhh != null) {
            math.addColumnSums(dHh, r0 * gateWidth, rows, gateWidth, dBhh);
        }
    }
}
