package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.recurrent.RecurrentStepper;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The LSTM with projections (PyTorch's {@code proj_size}): parameter shapes, finite-difference
 * gradients in float64 (sequence length 1 and batch 1 included), the streaming stepper against the
 * sequence forward, and the options it refuses. The PyTorch reference cases {@code lstm_proj*} of
 * golden-seq check the numbers against PyTorch.
 */
class LstmProjectionTest {

    @Test
    void parametersHavePyTorchsShapes() {
        LSTM lstm = new LSTM(new RecurrentLayer.Options(5, 8).projSize(3).numLayers(2).bidirectional(true),
                new Rng(1));
        Map<String, Tensor> p = lstm.namedParameters();
        assertEquals(20, p.size(), "5 per layer and direction");
        assertEquals(List.of(32, 5), shape(p.get("weight_ih_l0")));
        assertEquals(List.of(32, 3), shape(p.get("weight_hh_l0")));
        assertEquals(List.of(3, 8), shape(p.get("weight_hr_l0")));
        assertEquals(List.of(3, 8), shape(p.get("weight_hr_l1_reverse")));
        assertEquals(List.of(32, 6), shape(p.get("weight_ih_l1")), "the next layer reads D·P features");
        assertEquals(3, lstm.stateSize());
        assertEquals(3, lstm.projSize());

        RecurrentOutput r = lstm.forward(GradCheck.random(2, 4, 2, 5).to(DType.F32));
        assertEquals(List.of(4, 2, 6), shape(r.output()));
        assertEquals(List.of(4, 2, 3), shape(r.hN()));
        assertEquals(List.of(4, 2, 8), shape(r.cN()));
    }

    @ParameterizedTest(name = "layers={0} bidir={1} lengths={2} T={3} B={4}")
    @CsvSource({"1, false, false, 1, 1", "1, false, false, 4, 3", "2, true, true, 4, 3", "2, false, true, 3, 2",
            "1, true, false, 1, 2", "3, false, false, 2, 1"})
    void gradientsMatchFiniteDifferences(int layers, boolean bidir, boolean withLengths, int steps, int batch) {
        int input = 3;
        int hidden = 4;
        int proj = 2;
        int dirs = bidir ? 2 : 1;
        LSTM lstm = new LSTM(new RecurrentLayer.Options(input, hidden).projSize(proj).numLayers(layers)
                .bidirectional(bidir), new Rng(42));
        lstm.to(DType.F64);
        Tensor x = GradCheck.random(1, steps, batch, input).requiresGrad(true);
        Tensor h0 = GradCheck.random(2, layers * dirs, batch, proj).requiresGrad(true);
        Tensor c0 = GradCheck.random(3, layers * dirs, batch, hidden).requiresGrad(true);
        int[] lengths = null;
        if (withLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = 1 + (b * 7 + 2) % steps;
            }
            lengths[0] = steps;
        }
        int[] lens = lengths;
        Tensor wOut = GradCheck.random(4, steps, batch, dirs * proj);
        Tensor wH = GradCheck.random(5, layers * dirs, batch, proj);
        Tensor wC = GradCheck.random(6, layers * dirs, batch, hidden);
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0, c0));
        List<String> names = new ArrayList<>(List.of("x", "h_0", "c_0"));
        for (Map.Entry<String, Tensor> p : lstm.namedParameters().entrySet()) {
            leaves.add(p.getValue());
            names.add(p.getKey());
        }
        GradCheck.check(() -> {
            RecurrentOutput r = lstm.forward(x, lens, h0, c0);
            return r.output().mul(wOut).sum().add(r.hN().mul(wH).sum()).add(r.cN().mul(wC).sum());
        }, leaves, names);
    }

    /** The sequence kernel alone, with a recurrent dropout mask on the projected state, both directions. */
    @Test
    void maskedSequenceGradientsMatchFiniteDifferences() {
        int steps = 4;
        int batch = 3;
        int hidden = 3;
        int proj = 2;
        Tensor x = GradCheck.random(1, steps, batch, 2).requiresGrad(true);
        Tensor h0 = GradCheck.random(2, batch, proj).requiresGrad(true);
        Tensor c0 = GradCheck.random(3, batch, hidden).requiresGrad(true);
        Tensor wIh = GradCheck.random(4, 4 * hidden, 2).requiresGrad(true);
        Tensor wHh = GradCheck.random(5, 4 * hidden, proj).requiresGrad(true);
        Tensor bIh = GradCheck.random(6, 4 * hidden).requiresGrad(true);
        Tensor bHh = GradCheck.random(7, 4 * hidden).requiresGrad(true);
        Tensor wHr = GradCheck.random(8, proj, hidden).requiresGrad(true);
        float[] mask = {2, 0, 2, 2, 0, 2}; // (B, P)
        int[] lengths = {2, 4, 1};
        Tensor wOut = GradCheck.random(9, steps, batch, proj);
        for (boolean reverse : new boolean[] {false, true}) {
            GradCheck.check(() -> {
                Tensor[] r = RecurrentSequence.run(CellType.LSTM.cell(), reverse, x, lengths, h0, c0, wIh, wHh, bIh,
                        bHh, wHr, new Tensor[0], mask);
                return r[0].mul(wOut).sum().add(r[1].sum()).add(r[2].mul(r[2]).sum());
            }, List.of(x, h0, c0, wIh, wHh, bIh, bHh, wHr),
                    List.of("x", "h0", "c0", "w_ih", "w_hh", "b_ih", "b_hh", "w_hr"));
        }
    }

    /** Batch 1 and 2 (the stepper's two roads; projecting layers take the stacked product) on awkward sizes. */
    @Test
    void stepperMatchesTheSequenceForward() {
        int steps = 5;
        int input = 7;
        for (int[] sizes : new int[][] {{2, 1}, {13, 3}, {31, 30}}) {
            int hidden = sizes[0];
            int proj = sizes[1];
            for (int batch : new int[] {1, 2}) {
                LSTM lstm = new LSTM(new RecurrentLayer.Options(input, hidden).projSize(proj).numLayers(2)
                        .bias(hidden != 13), new Rng(hidden + batch));
                Tensor x = GradCheck.random(hidden * 10L + batch, steps, batch, input).to(DType.F32);
                Tensor out = lstm.forward(x).output();
                RecurrentStepper stepper = new RecurrentStepper(lstm, batch);
                for (int t = 0; t < steps; t++) {
                    float[] h = stepper.step(x.select(0, t).f());
                    for (int i = 0; i < batch * proj; i++) {
                        assertEquals(out.getFlat(t * batch * proj + i), h[i], 2e-5,
                                "H " + hidden + " P " + proj + " batch " + batch + " step " + t + " element " + i);
                    }
                }
                assertEquals(batch * hidden, stepper.cellState(1).length, "c keeps H features");
            }
        }
    }

    @Test
    void refusesProjectionsItCannotHave() {
        IllegalArgumentException gru = assertThrows(IllegalArgumentException.class,
                () -> new GRU(new RecurrentLayer.Options(3, 4).projSize(2), new Rng(1)));
        assertEquals("GRU: projSize is only supported by cells with a projection (LSTM), got projSize 2",
                gru.getMessage());
        IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class,
                () -> new LSTM(new RecurrentLayer.Options(3, 4).projSize(4), new Rng(1)));
        assertEquals("LSTM: projSize must be in 1..3 (below hiddenSize 4) or 0 for none, got 4", tooWide.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LSTM(new RecurrentLayer.Options(3, 4).projSize(-1), new Rng(1)));

        LSTM lstm = new LSTM(new RecurrentLayer.Options(3, 4).projSize(2), new Rng(1));
        Tensor x = Tensor.zeros(5, 2, 3);
        IllegalArgumentException h0 = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, null, Tensor.zeros(1, 2, 4), null));
        assertEquals("LSTM: expected h_0 of shape (1, 2, 2), got (1, 2, 4)", h0.getMessage());
        IllegalArgumentException c0 = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, null, null, Tensor.zeros(1, 2, 2)));
        assertEquals("LSTM: expected c_0 of shape (1, 2, 4), got (1, 2, 2)", c0.getMessage());
        assertNull(new LSTM(3, 4, new Rng(1)).parameter("weight_hr_l0"), "no projection by default");
    }

    private static List<Integer> shape(Tensor t) {
        return Arrays.stream(t.shape()).boxed().toList();
    }
}
