package dev.rnn4j.recurrent;

import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TBPTT(k1, k2) gives exactly the gradients of the truncated windows it promises. */
class TruncatedBpttTest {

    private final LSTM lstm = (LSTM) new LSTM(3, 4, new Rng(1)).to(DType.F64);
    private final Tensor x = GradCheck.random(2, 6, 2, 3);
    private final Tensor weights = GradCheck.random(3, 6, 2, 4);

    private Tensor pieceLoss(Tensor out, int from, int to) {
        return out.narrow(0, out.size(0) - (to - from), to - from).mul(weights.narrow(0, from, to - from)).sum();
    }

    /** Runs TBPTT without changing the weights, recording W_hh's gradient after each piece. */
    private List<double[]> gradientsPerPiece(TruncatedBptt t) {
        List<double[]> grads = new ArrayList<>();
        t.run(x, this::pieceLoss, () -> {
            grads.add(lstm.parameter("weight_hh_l0").grad().toDoubleArray());
            lstm.zeroGrad();
        });
        return grads;
    }

    /** W_hh's gradient of the loss on [from, to) backpropagated from the state at windowFrom. */
    private double[] manual(int windowFrom, int from, int to) {
        lstm.zeroGrad();
        Tensor h = null;
        Tensor c = null;
        if (windowFrom > 0) {
            RecurrentOutput prefix = lstm.forward(x.narrow(0, 0, windowFrom));
            h = prefix.hN().detach();
            c = prefix.cN().detach();
        }
        RecurrentOutput r = lstm.forward(x.narrow(0, windowFrom, to - windowFrom), null, h, c);
        pieceLoss(r.output(), from, to).backward();
        double[] g = lstm.parameter("weight_hh_l0").grad().toDoubleArray();
        lstm.zeroGrad();
        return g;
    }

    @Test
    void oneWindowIsFullBackpropagation() {
        List<double[]> g = gradientsPerPiece(new TruncatedBptt(lstm, 6, 6));
        assertEquals(1, g.size());
        assertArrayEquals(manual(0, 0, 6), g.get(0), 1e-12);
    }

    @Test
    void detachEveryKSteps() {
        List<double[]> g = gradientsPerPiece(new TruncatedBptt(lstm, 2, 2));
        assertEquals(3, g.size());
        assertArrayEquals(manual(0, 0, 2), g.get(0), 1e-12);
        assertArrayEquals(manual(2, 2, 4), g.get(1), 1e-12);
        assertArrayEquals(manual(4, 4, 6), g.get(2), 1e-12);
    }

    @Test
    void overlappingWindowsReachK2StepsBack() {
        List<double[]> g = gradientsPerPiece(new TruncatedBptt(lstm, 2, 4));
        assertEquals(3, g.size());
        assertArrayEquals(manual(0, 0, 2), g.get(0), 1e-12);
        assertArrayEquals(manual(0, 2, 4), g.get(1), 1e-12);
        assertArrayEquals(manual(2, 4, 6), g.get(2), 1e-12);
    }

    @Test
    void stateIsCarriedAcrossCallsUntilReset() {
        TruncatedBptt t = new TruncatedBptt(lstm, 3, 3);
        t.run(x, this::pieceLoss, lstm::zeroGrad);
        Tensor carried = t.hiddenState();
        assertArrayEquals(lstm.forward(x).hN().toDoubleArray(), carried.toDoubleArray(), 1e-12);
        t.run(x, this::pieceLoss, lstm::zeroGrad); // continues the stream
        Tensor twice = lstm.forward(Tensor.cat(List.of(x, x), 0)).hN();
        assertArrayEquals(twice.toDoubleArray(), t.hiddenState().toDoubleArray(), 1e-12);
        t.resetState();
        assertEquals(null, t.hiddenState());
    }

    @Test
    void rejectsBadWindows() {
        assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(lstm, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(lstm, 0, 4));
    }
}
