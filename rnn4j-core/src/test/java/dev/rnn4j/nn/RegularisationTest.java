package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variational (recurrent, input, output) dropout, weight drop and embedding dropout. */
class RegularisationTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void recurrentMaskGradientsMatchFiniteDifferences(CellType cell) {
        int steps = 4;
        int batch = 3;
        int input = 2;
        int hidden = 3;
        int g = cell.gates() * hidden;
        Tensor x = GradCheck.random(1, steps, batch, input).requiresGrad(true);
        Tensor h0 = GradCheck.random(2, batch, hidden).requiresGrad(true);
        Tensor c0 = cell.hasCellState() ? GradCheck.random(3, batch, hidden).requiresGrad(true) : null;
        Tensor wIh = GradCheck.random(4, g, input).requiresGrad(true);
        Tensor wHh = GradCheck.random(5, g, hidden).requiresGrad(true);
        Tensor bIh = GradCheck.random(6, g).requiresGrad(true);
        Tensor bHh = GradCheck.random(7, g).requiresGrad(true);
        float[] mask = {2, 0, 2, 0, 2, 2, 2, 2, 0};
        int[] lengths = {2, 4, 1};
        Tensor wOut = GradCheck.random(8, steps, batch, hidden);
        for (boolean reverse : new boolean[] {false, true}) {
            List<Tensor> leaves = c0 == null ? List.of(x, h0, wIh, wHh, bIh, bHh) : List.of(x, h0, c0, wIh, wHh, bIh, bHh);
            List<String> names = c0 == null ? List.of("x", "h0", "w_ih", "w_hh", "b_ih", "b_hh")
                    : List.of("x", "h0", "c0", "w_ih", "w_hh", "b_ih", "b_hh");
            GradCheck.check(() -> {
                Tensor[] r = RecurrentSequence.run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, mask);
                Tensor loss = r[0].mul(wOut).sum().add(r[1].sum());
                return r[2] != null ? loss.add(r[2].mul(r[2]).sum()) : loss;
            }, leaves, names);
        }
    }

    @Test
    void inputDropoutMaskIsSharedAcrossTimeAndOffInEval() {
        int features = 6;
        RNN rnn = new RNN(new RecurrentLayer.Options(features, features).inputDropout(0.5), false, new Rng(3));
        Init.constant(rnn.parameter("weight_hh_l0"), 0);
        Init.constant(rnn.parameter("bias_ih_l0"), 0);
        Init.constant(rnn.parameter("bias_hh_l0"), 0);
        Tensor w = rnn.parameter("weight_ih_l0");
        Init.constant(w, 0);
        for (int i = 0; i < features; i++) {
            w.setFlat(i * features + i, 1); // identity: output j = tanh(masked input j)
        }
        Tensor x = Init.constant(Tensor.zeros(5, 2, features), 0.5);
        Tensor out = rnn.forward(x).output();
        int zeros = 0;
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < features; j++) {
                double first = out.get(0, b, j);
                zeros += first == 0 ? 1 : 0;
                for (int t = 1; t < 5; t++) {
                    assertEquals(first, out.get(t, b, j), "the same mask at every step");
                }
            }
        }
        assertTrue(zeros > 0 && zeros < 12, "some but not all features dropped: " + zeros);
        rnn.eval();
        assertEquals(Math.tanh(0.5), rnn.forward(x).output().get(3, 1, 2), 1e-6, "no dropout in eval mode");
    }

    @Test
    void recurrentAndWeightDropoutChangeTrainingOnlyAndWeightDropLeavesGaps() {
        LSTM plain = new LSTM(new RecurrentLayer.Options(3, 8), new Rng(5));
        LSTM dropped = new LSTM(new RecurrentLayer.Options(3, 8).recurrentDropout(0.3).weightDropout(0.5), new Rng(5));
        Tensor x = GradCheck.random(9, 4, 2, 3).to(DType.F32);
        Tensor a = plain.forward(x).output();
        Tensor b = dropped.forward(x).output();
        assertNotEquals(a.getFlat(40), b.getFlat(40), "training output changes");
        b.sum().backward();
        Tensor grad = dropped.parameter("weight_hh_l0").grad();
        int zero = 0;
        for (int i = 0; i < grad.numel(); i++) {
            zero += grad.getFlat(i) == 0 ? 1 : 0;
        }
        assertTrue(zero > grad.numel() / 4 && zero < grad.numel() * 3 / 4, "about half of W_hh dropped: " + zero);
        plain.eval();
        dropped.eval();
        assertEquals(plain.forward(x).output().getFlat(40), dropped.forward(x).output().getFlat(40), 0.0,
                "eval mode ignores every dropout");
    }

    @Test
    void embeddingDropoutDropsWholeWords() {
        Embedding e = new Embedding(50, 4, -1, new Rng(1)).wordDropout(0.5, new Rng(2));
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 5; // words 0..4 repeated
        }
        Tensor out = e.forward(ids, 40);
        for (int i = 5; i < 40; i++) {
            boolean droppedHere = out.get(i, 0) == 0 && out.get(i, 1) == 0;
            boolean droppedFirst = out.get(i % 5, 0) == 0 && out.get(i % 5, 1) == 0;
            assertEquals(droppedFirst, droppedHere, "word " + (i % 5) + " is dropped everywhere or nowhere");
        }
        e.eval();
        assertEquals(e.weight().get(3, 2), e.forward(new int[] {3}, 1).get(0, 2), 0.0);
    }
}
