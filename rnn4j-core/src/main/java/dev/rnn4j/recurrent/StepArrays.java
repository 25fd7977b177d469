package dev.rnn4j.recurrent;

/**
 * The arrays of one step's gate pass, as the sequence kernel hands them to {@link Cell#forwardGates}
 * and {@link Cell#backwardGates}: {@code float[]} or {@code double[]} (as the run's {@link SeqMath}),
 * each with the offset of the step's first row; rows are {@code rows} active streams. One per
 * forward or backward pass, refilled every step (nothing is allocated per step). Fields a cell does not use are left as they
 * are.
 */
final class StepArrays {
    int rows;
    int hidden;

    /**
     * (rows, G·H): on entry to forward the pre-activations ({@code W_ih x + b_ih}, plus
     * {@code W_hh h_prev + b_hh} unless the cell keeps that apart); a cell that keeps its activations
     * in place writes them here.
     */
    Object pre;
    int preOff;
    /** (rows, G·H), separate recurrent projection only: {@code W_hh h_prev + b_hh}. */
    Object hh;
    int hhOff;
    /** (rows, G·H), separate recurrent projection only: the activations forward keeps for backward. */
    Object acts;
    int actsOff;
    /** (rows, H): the hidden state the step starts from (before recurrent dropout). */
    Object hPrev;
    int hPrevOff;
    /** (rows, H): the hidden state the step produces. */
    Object h;
    int hOff;
    /** (rows, H), cells with a cell state: the cell state the step starts from, and the one it produces. */
    Object cPrev;
    int cPrevOff;
    Object c;
    int cOff;

    /**
     * The cell's own parameters ({@link Cell#extraParameterShapes}), in its order, and their gradient
     * arrays (an entry is null when that parameter needs no gradient; the gate pass adds into them).
     */
    Object[] extra;
    Object[] dExtra;
    /** (rows, {@link Cell#savedWidth}): what the cell's gate pass keeps for backward at this step. */
    Object saved;
    int savedOff;
    /** {@link Cell#rowScratchDoubles} doubles of scratch for the gate pass, forward and backward. */
    double[] rowScratch;

    /** Backward, (rows, H) from 0: the gradient reaching the step's h. */
    Object dh;
    /** Backward, (rows, H) from 0, cells with a cell state: in, the gradient reaching c; out, that of c_prev. */
    Object dc;
    /** Backward, (rows, G·H): the gradient of the pre-activations (of the input projection). */
    Object dPre;
    int dPreOff;
    /** Backward, (rows, G·H), separate recurrent projection only: the gradient of {@code W_hh h_prev + b_hh}. */
    Object dHh;
    int dHhOff;
    /** Backward, (rows, H) from 0, direct state path only: the gradient of h_prev that bypasses W_hh. */
    Object dhPrev;
}
