package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A cell defined in this test alone, {@link MinimalGatedCell}, runs through the layers, the sequence
 * kernel and the stepper once registered in {@link Cells}: nothing else knows it. Its gradients
 * match finite differences (float64, with sequence length 1 and batch 1, several layers, both
 * directions, variable lengths and a recurrent dropout mask), its forward matches its equations
 * written out, and the stepper matches the sequence forward.
 */
class CellSeamTest {

    private static final String NAME = "MINIMAL_GATED";

    /**
     * A two-gate cell with a path from h_prev to h that bypasses W_hh: gates {@code [z | a]} (2H),
     * both products added, {@code z = σ(pre_z)}, {@code a = tanh(pre_a)},
     * {@code h' = (1 − z) ⊙ a + z ⊙ h}. The activations z and a stay in place of the pre-activations.
     */
    static final class MinimalGatedCell extends Cell {
        MinimalGatedCell() {
            super(NAME, 2);
        }

        @Override
        boolean directStatePath() {
            return true;
        }

        @Override
        void forwardGates(SeqMath math, StepArrays s) {
            if (s.pre instanceof float[] pre) {
                float[] hPrev = (float[]) s.hPrev;
                float[] h = (float[]) s.h;
                for (int r = 0; r < s.rows; r++) {
                    int g = s.preOff + r * 2 * s.hidden;
                    for (int j = 0; j < s.hidden; j++) {
                        float z = 1f / (1f + (float) Math.exp(-pre[g + j]));
                        float a = (float) Math.tanh(pre[g + s.hidden + j]);
                        pre[g + j] = z;
                        pre[g + s.hidden + j] = a;
                        int at = r * s.hidden + j;
                        h[s.hOff + at] = (1f - z) * a + z * hPrev[s.hPrevOff + at];
                    }
                }
            } else {
                double[] pre = (double[]) s.pre;
                double[] hPrev = (double[]) s.hPrev;
                double[] h = (double[]) s.h;
                for (int r = 0; r < s.rows; r++) {
                    int g = s.preOff + r * 2 * s.hidden;
                    for (int j = 0; j < s.hidden; j++) {
                        double z = 1 / (1 + Math.exp(-pre[g + j]));
                        double a = Math.tanh(pre[g + s.hidden + j]);
                        pre[g + j] = z;
                        pre[g + s.hidden + j] = a;
                        int at = r * s.hidden + j;
                        h[s.hOff + at] = (1 - z) * a + z * hPrev[s.hPrevOff + at];
                    }
                }
            }
        }

        @Override
        void backwardGates(SeqMath math, StepArrays s) {
            // gradient checks run in float64; float32 training is not this test's subject
            double[] acts = (double[]) s.pre;
            double[] hPrev = (double[]) s.hPrev;
            double[] dh = (double[]) s.dh;
            double[] dPre = (double[]) s.dPre;
            double[] dhPrev = (double[]) s.dhPrev;
            for (int r = 0; r < s.rows; r++) {
                int g = s.preOff + r * 2 * s.hidden;
                int dg = s.dPreOff + r * 2 * s.hidden;
                for (int j = 0; j < s.hidden; j++) {
                    int at = r * s.hidden + j;
                    double z = acts[g + j];
                    double a = acts[g + s.hidden + j];
                    double d = dh[at];
                    dPre[dg + j] = d * (hPrev[s.hPrevOff + at] - a) * z * (1 - z);
                    dPre[dg + s.hidden + j] = d * (1 - z) * (1 - a * a);
                    dhPrev[at] = d * z;
                }
            }
        }

        @Override
        void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                   double[] rowScratch, int batch, int hidden) {
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < hidden; j++) {
                    float z = 1f / (1f + (float) Math.exp(-out[r * 2 * hidden + j]));
                    float a = (float) Math.tanh(out[r * 2 * hidden + hidden + j]);
                    h[r * hidden + j] = (1f - z) * a + z * h[r * hidden + j];
                }
            }
        }
    }

    @BeforeAll
    static void register() {
        if (!Cells.names().contains(NAME)) {
            Cells.register(new MinimalGatedCell());
        }
    }

    private static RecurrentLayer layer(RecurrentLayer.Options options, long seed) {
        return RecurrentLayer.of(Cells.forName(NAME), options, new Rng(seed));
    }

    @Test
    void theRegistryFindsTheCellAndRefusesASecondOfTheSameName() {
        Cell cell = Cells.forName(NAME);
        assertSame(MinimalGatedCell.class, cell.getClass());
        assertEquals(2, cell.gates());
        assertThrows(IllegalArgumentException.class, () -> Cells.register(new MinimalGatedCell()));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Cells.forName("NOPE"));
        assertEquals(true, unknown.getMessage().contains("LSTM"), unknown.getMessage());
    }

    @Test
    void parametersHavePyTorchNamesAndTheCellsShapes() {
        RecurrentLayer layer = layer(new RecurrentLayer.Options(3, 4).numLayers(2).bidirectional(true), 1);
        Map<String, Tensor> p = layer.namedParameters();
        assertEquals(16, p.size());
        assertEquals(List.of(8, 3), List.of(p.get("weight_ih_l0").size(0), p.get("weight_ih_l0").size(1)));
        assertEquals(List.of(8, 8), List.of(p.get("weight_ih_l1_reverse").size(0), p.get("weight_ih_l1_reverse").size(1)));
        assertEquals(8, p.get("bias_hh_l1").size(0));
    }

    @Test
    void layerGradientsMatchFiniteDifferences() {
        // layers, bidirectional, lengths?, T, B
        int[][] configurations = {{1, 0, 0, 1, 1}, {1, 0, 0, 4, 3}, {2, 1, 1, 4, 3}, {3, 0, 1, 3, 2}, {1, 1, 1, 5, 4}};
        for (int[] c : configurations) {
            int layers = c[0];
            boolean bidirectional = c[1] == 1;
            int steps = c[3];
            int batch = c[4];
            int input = 3;
            int hidden = 4;
            int dirs = bidirectional ? 2 : 1;
            RecurrentLayer layer = layer(new RecurrentLayer.Options(input, hidden).numLayers(layers)
                    .bidirectional(bidirectional), 42);
            layer.to(DType.F64);
            Tensor x = GradCheck.random(1, steps, batch, input).requiresGrad(true);
            Tensor h0 = GradCheck.random(2, layers * dirs, batch, hidden).requiresGrad(true);
            int[] lengths = null;
            if (c[2] == 1) {
                lengths = new int[batch];
                for (int b = 0; b < batch; b++) {
                    lengths[b] = 1 + (b * 7 + 2) % steps;
                }
                lengths[0] = steps;
            }
            int[] lens = lengths;
            Tensor wOut = GradCheck.random(4, steps, batch, dirs * hidden);
            Tensor wH = GradCheck.random(5, layers * dirs, batch, hidden);
            List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
            List<String> names = new ArrayList<>(List.of("x", "h_0"));
            for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
                leaves.add(p.getValue());
                names.add(p.getKey());
            }
            GradCheck.check(() -> {
                RecurrentOutput r = layer.forward(x, lens, h0, null);
                return r.output().mul(wOut).sum().add(r.hN().mul(wH).sum());
            }, leaves, names);
        }
    }

    @Test
    void recurrentMaskGradientsMatchFiniteDifferences() {
        int steps = 4;
        int batch = 3;
        int hidden = 3;
        Cell cell = Cells.forName(NAME);
        Tensor x = GradCheck.random(1, steps, batch, 2).requiresGrad(true);
        Tensor h0 = GradCheck.random(2, batch, hidden).requiresGrad(true);
        Tensor wIh = GradCheck.random(4, 2 * hidden, 2).requiresGrad(true);
        Tensor wHh = GradCheck.random(5, 2 * hidden, hidden).requiresGrad(true);
        Tensor bIh = GradCheck.random(6, 2 * hidden).requiresGrad(true);
        Tensor bHh = GradCheck.random(7, 2 * hidden).requiresGrad(true);
        float[] mask = {2, 0, 2, 0, 2, 2, 2, 2, 0};
        int[] lengths = {2, 4, 1};
        Tensor wOut = GradCheck.random(8, steps, batch, hidden);
        for (boolean reverse : new boolean[] {false, true}) {
            GradCheck.check(() -> {
                Tensor[] r = RecurrentSequence.run(cell, reverse, x, lengths, h0, null, wIh, wHh, bIh, bHh, mask);
                return r[0].mul(wOut).sum().add(r[1].sum());
            }, List.of(x, h0, wIh, wHh, bIh, bHh), List.of("x", "h0", "w_ih", "w_hh", "b_ih", "b_hh"));
        }
    }

    /** The layer's float32 forward against the cell's equations written out here, step by step. */
    @Test
    void forwardComputesTheCellsEquations() {
        int steps = 3;
        int batch = 2;
        int input = 3;
        int hidden = 5;
        RecurrentLayer layer = layer(new RecurrentLayer.Options(input, hidden), 9);
        Tensor x = GradCheck.random(3, steps, batch, input).to(DType.F32);
        Tensor out = layer.forward(x).output();
        float[] w = layer.parameter("weight_ih_l0").f();
        float[] u = layer.parameter("weight_hh_l0").f();
        float[] b = layer.parameter("bias_ih_l0").f();
        float[] c = layer.parameter("bias_hh_l0").f();
        double[] h = new double[batch * hidden];
        for (int t = 0; t < steps; t++) {
            double[] next = new double[batch * hidden];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < hidden; j++) {
                    double[] pre = new double[2];
                    for (int g = 0; g < 2; g++) {
                        int row = g * hidden + j;
                        pre[g] = b[row] + c[row];
                        for (int k = 0; k < input; k++) {
                            pre[g] += w[row * input + k] * x.get(t, r, k);
                        }
                        for (int k = 0; k < hidden; k++) {
                            pre[g] += u[row * hidden + k] * h[r * hidden + k];
                        }
                    }
                    double z = 1 / (1 + Math.exp(-pre[0]));
                    next[r * hidden + j] = (1 - z) * Math.tanh(pre[1]) + z * h[r * hidden + j];
                    assertEquals(next[r * hidden + j], out.get(t, r, j), 1e-5, "out[" + t + ", " + r + ", " + j + "]");
                }
            }
            h = next;
        }
    }

    @Test
    void stepperMatchesTheSequenceForward() {
        int steps = 6;
        int batch = 2;
        RecurrentLayer layer = layer(new RecurrentLayer.Options(3, 4).numLayers(2), 5);
        Tensor x = GradCheck.random(6, steps, batch, 3).to(DType.F32);
        Tensor out = layer.forward(x).output();
        RecurrentStepper stepper = new RecurrentStepper(layer, batch);
        for (int t = 0; t < steps; t++) {
            float[] h = stepper.step(x.select(0, t).f());
            for (int i = 0; i < batch * 4; i++) {
                assertEquals(out.get(t, i / 4, i % 4), h[i], 1e-5, "step " + t + " h[" + i + "]");
            }
        }
    }
}
