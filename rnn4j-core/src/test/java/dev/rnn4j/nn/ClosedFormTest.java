package dev.rnn4j.nn;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-computable cases with constant weights and a different bias per gate: any gate-order
 * mistake (i/f/g/o, r/z/n, where b_hn goes) changes the numbers.
 */
class ClosedFormTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Sets gate block k of a stacked (G·H) bias to value. */
    private static void gateBias(Tensor bias, int gate, int hidden, double value) {
        for (int j = 0; j < hidden; j++) {
            bias.setFlat(gate * hidden + j, value);
        }
    }

    private static void zero(Tensor t) {
        Init.constant(t, 0);
    }

    @Test
    void lstmGateOrderIsIFGO() {
        int hidden = 3;
        LSTM lstm = new LSTM(2, hidden, new Rng(1));
        zero(lstm.parameter("weight_ih_l0"));
        zero(lstm.parameter("weight_hh_l0"));
        zero(lstm.parameter("bias_hh_l0"));
        Tensor b = lstm.parameter("bias_ih_l0");
        gateBias(b, 0, hidden, 1); // i
        gateBias(b, 1, hidden, 2); // f
        gateBias(b, 2, hidden, 3); // g
        gateBias(b, 3, hidden, 4); // o
        Tensor x = Tensor.zeros(1, 1, 2);
        Tensor h0 = Tensor.zeros(1, 1, hidden);
        Tensor c0 = Init.constant(Tensor.zeros(1, 1, hidden), 1);
        RecurrentOutput r = lstm.forward(x, null, h0, c0);
        double c = sigmoid(2) * 1 + sigmoid(1) * Math.tanh(3);
        double h = sigmoid(4) * Math.tanh(c);
        for (int j = 0; j < hidden; j++) {
            assertEquals(c, r.cN().get(0, 0, j), 1e-6);
            assertEquals(h, r.hN().get(0, 0, j), 1e-6);
            assertEquals(h, r.output().get(0, 0, j), 1e-6);
        }
    }

    @Test
    void gruGateOrderIsRZNWithHiddenBiasInsideReset() {
        int hidden = 2;
        GRU gru = new GRU(2, hidden, new Rng(1));
        zero(gru.parameter("weight_ih_l0"));
        zero(gru.parameter("weight_hh_l0"));
        Tensor bi = gru.parameter("bias_ih_l0");
        Tensor bh = gru.parameter("bias_hh_l0");
        gateBias(bi, 0, hidden, 1);
        gateBias(bi, 1, hidden, 2);
        gateBias(bi, 2, hidden, 3);
        gateBias(bh, 0, hidden, 0.5);
        gateBias(bh, 1, hidden, -1);
        gateBias(bh, 2, hidden, 0.25);
        Tensor h0 = Init.constant(Tensor.zeros(1, 1, hidden), 0.5);
        RecurrentOutput out = gru.forward(Tensor.zeros(1, 1, 2), null, h0, null);
        double r = sigmoid(1.5);
        double z = sigmoid(1);
        double n = Math.tanh(3 + r * 0.25);
        double h = (1 - z) * n + z * 0.5;
        for (int j = 0; j < hidden; j++) {
            assertEquals(h, out.hN().get(0, 0, j), 1e-6);
        }
    }

    @Test
    void elmanRnnTwoSteps() {
        int input = 3;
        int hidden = 2;
        RNN rnn = new RNN(input, hidden, new Rng(1));
        Init.constant(rnn.parameter("weight_ih_l0"), 0.1);
        Init.constant(rnn.parameter("weight_hh_l0"), 0.2);
        zero(rnn.parameter("bias_ih_l0"));
        zero(rnn.parameter("bias_hh_l0"));
        Tensor x = Init.constant(Tensor.zeros(2, 1, input), 1);
        RecurrentOutput out = rnn.forward(x);
        double h1 = Math.tanh(0.1 * input);
        double h2 = Math.tanh(0.1 * input + 0.2 * hidden * h1);
        assertEquals(h1, out.output().get(0, 0, 0), 1e-6);
        assertEquals(h2, out.output().get(1, 0, 1), 1e-6);
        assertEquals(h2, out.hN().get(0, 0, 0), 1e-6);
    }

    @Test
    void packedRowsStopAtTheirLengthAndReverseStartsThere() {
        // RNN with weight_hh 0: each output depends only on its own input step, so the reverse
        // direction's state at t = 0 equals tanh(w·x_0) only if it started at the row's last valid step
        RNN rnn = new RNN(new RecurrentLayer.Options(1, 1).bidirectional(true), false, new Rng(3));
        Init.constant(rnn.parameter("weight_ih_l0"), 1);
        Init.constant(rnn.parameter("weight_ih_l0_reverse"), 1);
        Init.constant(rnn.parameter("weight_hh_l0"), 0.5);
        Init.constant(rnn.parameter("weight_hh_l0_reverse"), 0.5);
        for (String b : new String[] {"bias_ih_l0", "bias_hh_l0", "bias_ih_l0_reverse", "bias_hh_l0_reverse"}) {
            zero(rnn.parameter(b));
        }
        // batch of 2: row 0 length 3, row 1 length 1; padding values are large and must not leak
        Tensor x = Tensor.of(new float[] {1, 2, 1, 99, 1, 99}, 3, 2, 1);
        RecurrentOutput out = rnn.forward(x, new int[] {3, 1});
        double f0 = Math.tanh(1);
        assertEquals(Math.tanh(2), out.output().get(0, 1, 0), 1e-6, "row 1 forward at t=0");
        assertEquals(0.0, out.output().get(1, 1, 0), "zero past the row's length");
        assertEquals(0.0, out.output().get(2, 1, 1), "zero past the row's length (reverse half)");
        assertEquals(Math.tanh(2), out.hN().get(0, 1, 0), 1e-6, "final forward state at the last valid step");
        assertEquals(Math.tanh(2), out.hN().get(1, 1, 0), 1e-6, "reverse started at the last valid step");
        double r2 = Math.tanh(1);
        double r1 = Math.tanh(1 + 0.5 * r2);
        double r0 = Math.tanh(1 + 0.5 * r1);
        assertEquals(r0, out.hN().get(1, 0, 0), 1e-6);
        assertEquals(f0, out.output().get(0, 0, 0), 1e-6);
    }
}
