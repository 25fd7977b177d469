package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

/**
 * The Elman RNN: one gate, {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}, or ReLU
 * ({@link #TANH}, {@link #RELU}). Backward reads the output h ({@code tanh' = 1 − h²}, {@code relu' = [h > 0]}).
 */
final class ElmanCell extends Cell {

    /** PyTorch's {@code RNN(nonlinearity='tanh')}. */
    static final ElmanCell TANH = new ElmanCell("RNN_TANH", false);
    /** PyTorch's {@code RNN(nonlinearity='relu')}. */
    static final ElmanCell RELU = new ElmanCell("RNN_RELU", true);

    private final boolean relu;

    private ElmanCell(String name, boolean relu) {
        super(name, 1);
        this.relu = relu;
    }

    @Override
    public String layerName() {
        return "RNN";
    }

    @Override
    boolean backwardReadsOutput() {
        return true;
    }

    @Override
    void forwardGates(SeqMath math, StepArrays a) {
        math.rnnForward(a.pre, a.preOff, a.h, a.hOff, a.rows * a.hidden, relu);
    }

    @Override
    void backwardGates(SeqMath math, StepArrays a) {
        math.rnnBackward(a.h, a.hOff, a.dh, 0, a.dPre, a.dPreOff, a.rows * a.hidden, relu);
    }

    @Override
    void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                   double[] rowScratch, int batch, int hidden) {
        kernels.rnnActivationForward(out, 0, h, 0, batch * hidden, relu);
    }
}
