package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

/**
 * The LSTM (Hochreiter &amp; Schmidhuber 1997, with PyTorch's forget gate and biases): gates
 * {@code [i | f | g | o]} (4H), states h and c,
 * {@code c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)}, {@code h' = σ(o) ⊙ tanh(c')}.
 * Both products add into one pre-activation (rows, 4H); the gate pass
 * ({@link Kernels#lstmGatesForward}) keeps the activations there for backward.
 *
 * <p>With PyTorch's {@code proj_size} P the engine turns the gate pass's h (rows, H) into
 * {@code W_hr h} (rows, P), the state that feeds {@code W_hh} (4H, P) and the next layer; c keeps H.
 */
final class LstmCell extends Cell {

    LstmCell() {
        super("LSTM", 4);
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    /** PyTorch's {@code proj_size}: the gate pass reads neither h_prev nor h, so the engine may project h. */
    @Override
    public boolean supportsProjection() {
        return true;
    }

    @Override
    void forwardGates(SeqMath math, StepArrays a) {
        math.lstmForward(a.pre, a.preOff, a.cPrev, a.cPrevOff, a.c, a.cOff, a.h, a.hOff, a.rows, a.hidden);
    }

    @Override
    void backwardGates(SeqMath math, StepArrays a) {
        math.lstmBackward(a.pre, a.preOff, a.cPrev, a.cPrevOff, a.c, a.cOff, a.dh, 0, a.dc, 0, a.dPre, a.dPreOff,
                a.dc, 0, a.rows, a.hidden);
    }

    @Override
    void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                   double[] rowScratch, int batch, int hidden) {
        // c and h update in place: each element reads its own old value before writing it
        kernels.lstmGatesForward(out, 0, c, 0, c, 0, h, 0, batch, hidden);
    }

    @Override
    boolean hasFusedStep() {
        return true;
    }

    @Override
    float[] packFusedStep(Kernels kernels, int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return kernels.packLstmStep(input, hidden, wIh, wHh, bIh, bHh);
    }

    @Override
    void fusedStep(Kernels kernels, int rows, int input, int hidden, float[] packed, float[] x, int xOff,
                   float[] hPrev, float[] c, float[] h) {
        kernels.lstmStep(rows, input, hidden, packed, x, xOff, hPrev, c, h);
    }
}
