package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

/**
 * The GRU (Cho et al. 2014, PyTorch's variant with {@code b_hn} inside the reset product): gates
 * {@code [r | z | n]} (3H), {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)},
 * {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)}, {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))},
 * {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 *
 * <p>The reset gate scales {@code W_hn h + b_hn} alone, so the recurrent projection stays apart from
 * the input projection, and {@code z ⊙ h} is a path from h to h' that bypasses {@code W_hh}. The
 * stepper's stacked matrix has a fourth block of H rows so that {@code W_hn h} stays apart there too.
 */
final class GruCell extends Cell {

    GruCell() {
        super("GRU", 3);
    }

    @Override
    boolean separateRecurrentProjection() {
        return true;
    }

    @Override
    boolean directStatePath() {
        return true;
    }

    @Override
    void forwardGates(SeqMath math, StepArrays a) {
        math.gruForward(a.pre, a.preOff, a.hh, a.hhOff, a.hPrev, a.hPrevOff, a.acts, a.actsOff, a.h, a.hOff, a.rows,
                a.hidden);
    }

    @Override
    void backwardGates(SeqMath math, StepArrays a) {
        math.gruBackward(a.acts, a.actsOff, a.hh, a.hhOff, a.hPrev, a.hPrevOff, a.dh, 0, a.dPre, a.dPreOff, a.dHh,
                a.dHhOff, a.dhPrev, 0, a.rows, a.hidden);
    }

    /** 4H: rows r and z add both products, the n gate takes two rows, {@code [W_in | 0]} and {@code [0 | W_hn]}. */
    @Override
    int stackedRows(int hidden) {
        return 4 * hidden;
    }

    @Override
    void stack(int in, int state, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh, float[] w,
               float[] b) { // state == hidden: the GRU has no projection
        int width = in + hidden;
        for (int j = 0; j < 2 * hidden; j++) { // r and z: both products add
            System.arraycopy(wIh, j * in, w, j * width, in);
            System.arraycopy(wHh, j * hidden, w, j * width + in, hidden);
            b[j] = (bIh == null ? 0f : bIh[j]) + (bHh == null ? 0f : bHh[j]);
        }
        for (int j = 2 * hidden; j < 3 * hidden; j++) {
            System.arraycopy(wIh, j * in, w, j * width, in);                         // W_in x + b_in
            b[j] = bIh == null ? 0f : bIh[j];
            System.arraycopy(wHh, j * hidden, w, (j + hidden) * width + in, hidden); // W_hn h + b_hn
            b[j + hidden] = bHh == null ? 0f : bHh[j];
        }
    }

    /** ih, hh and acts, (B, 3H) each; hh's r and z blocks are never written, so they stay zero. */
    @Override
    int stepScratchFloats(int batch, int hidden) {
        return 3 * batch * 3 * hidden;
    }

    @Override
    void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                   double[] rowScratch, int batch, int hidden) {
        int gateWidth = 3 * hidden;
        int outWidth = 4 * hidden;
        int third = scratch.length / 3; // ih at 0, hh at third, acts at 2·third: fixed for every batch size
        for (int r = 0; r < batch; r++) { // [r+ | z+ | in | hn] → ih = [r+ | z+ | in], hh = [0 | 0 | hn]
            System.arraycopy(out, r * outWidth, scratch, r * gateWidth, gateWidth);
            System.arraycopy(out, r * outWidth + gateWidth, scratch, third + r * gateWidth + 2 * hidden, hidden);
        }
        kernels.gruGatesForward(scratch, 0, scratch, third, h, 0, scratch, 2 * third, h, 0, batch, hidden);
    }

    @Override
    boolean hasFusedStep() {
        return true;
    }

    @Override
    float[] packFusedStep(Kernels kernels, int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return kernels.packGruStep(input, hidden, wIh, wHh, bIh, bHh);
    }

    @Override
    void fusedStep(Kernels kernels, int rows, int input, int hidden, float[] packed, float[] x, int xOff,
                   float[] hPrev, float[] c, float[] h) {
        kernels.gruStep(rows, input, hidden, packed, x, xOff, hPrev, h);
    }
}
