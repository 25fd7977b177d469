package dev.rnn4j.recurrent;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The layer-normalised cells {@code LSTM_LN} and {@code GRU_LN}: their parameters, finite-difference
 * gradients in float64 (sequence length 1 and batch 1 included, several layers, both directions,
 * variable lengths, without biases, a projection, a recurrent dropout mask), the float32 forward
 * against their equations written out here, float32 gradients against float64, Adam fitting a fixed
 * batch, and the streaming stepper against the sequence forward.
 */
class LayerNormCellsTest {

    private static RecurrentLayer layer(String cell, RecurrentLayer.Options options, long seed) {
        return RecurrentLayer.of(Cells.forName(cell), options, new Rng(seed));
    }

    /** Every parameter drawn U(−1, 1), so that gains and shifts are away from 1 and 0. */
    private static void randomise(RecurrentLayer layer, long seed) {
        long k = seed;
        for (Tensor p : layer.namedParameters().values()) {
            Tensor r = GradCheck.random(k++, p.shape());
            for (int i = 0; i < p.numel(); i++) {
                p.setFlat(i, r.getFlat(i));
            }
        }
    }

    @Test
    void parametersAreNamedAndStartAsLayerNorm() {
        RecurrentLayer lstm = layer("LSTM_LN", new RecurrentLayer.Options(3, 5).numLayers(2).bidirectional(true), 1);
        Map<String, Tensor> p = lstm.namedParameters();
        assertEquals(32, p.size(), "8 per layer and direction");
        assertEquals(List.of(20, 3), shape(p.get("weight_ih_l0")));
        assertEquals(List.of(20, 5), shape(p.get("weight_hh_l0")));
        assertEquals(List.of(20, 10), shape(p.get("weight_ih_l1_reverse")));
        assertEquals(List.of(20), shape(p.get("ln_ih_weight_l0")));
        assertEquals(List.of(20), shape(p.get("ln_hh_bias_l1_reverse")));
        assertEquals(List.of(5), shape(p.get("ln_c_weight_l1")));
        assertEquals(List.of(5), shape(p.get("ln_c_bias_l0_reverse")));
        assertNull(p.get("bias_ih_l0"), "the shifts after the normalisations take the biases' place");
        for (int i = 0; i < 20; i++) {
            assertEquals(1.0, p.get("ln_hh_weight_l1").getFlat(i));
            assertEquals(0.0, p.get("ln_ih_bias_l0").getFlat(i));
        }

        RecurrentLayer gru = layer("GRU_LN", new RecurrentLayer.Options(3, 4).bias(false), 1);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "ln_ih_weight_l0", "ln_hh_weight_l0"),
                List.copyOf(gru.namedParameters().keySet()));
        assertEquals(List.of(12), shape(gru.parameter("ln_hh_weight_l0")));

        IllegalArgumentException proj = assertThrows(IllegalArgumentException.class,
                () -> layer("GRU_LN", new RecurrentLayer.Options(3, 4).projSize(2), 1));
        assertEquals("GRU_LN: projSize is only supported by cells with a projection (LSTM), got projSize 2",
                proj.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void layerGradientsMatchFiniteDifferences(String cell) {
        boolean lstm = cell.equals("LSTM_LN");
        // layers, bidirectional, lengths?, T, B, bias, projSize
        int[][] configurations = {{1, 0, 0, 1, 1, 1, 0}, {1, 0, 0, 4, 3, 1, 0}, {2, 1, 1, 4, 3, 1, 0},
                {3, 0, 1, 3, 2, 0, 0}, {1, 1, 1, 5, 4, 1, 0}, {2, 0, 0, 3, 2, 1, lstm ? 2 : 0}};
        for (int[] c : configurations) {
            int layers = c[0];
            boolean bidirectional = c[1] == 1;
            int steps = c[3];
            int batch = c[4];
            int input = 3;
            int hidden = 3;
            int state = c[6] > 0 ? c[6] : hidden;
            int dirs = bidirectional ? 2 : 1;
            RecurrentLayer layer = layer(cell, new RecurrentLayer.Options(input, hidden).numLayers(layers)
                    .bidirectional(bidirectional).bias(c[5] == 1).projSize(c[6]), 42);
            layer.to(DType.F64);
            randomise(layer, 100);
            Tensor x = GradCheck.random(1, steps, batch, input).requiresGrad(true);
            Tensor h0 = GradCheck.random(2, layers * dirs, batch, state).requiresGrad(true);
            Tensor c0 = lstm ? GradCheck.random(3, layers * dirs, batch, hidden).requiresGrad(true) : null;
            int[] lengths = null;
            if (c[2] == 1) {
                lengths = new int[batch];
                for (int b = 0; b < batch; b++) {
                    lengths[b] = 1 + (b * 7 + 2) % steps;
                }
                lengths[0] = steps;
            }
            int[] lens = lengths;
            Tensor wOut = GradCheck.random(4, steps, batch, dirs * state);
            Tensor wH = GradCheck.random(5, layers * dirs, batch, state);
            Tensor wC = GradCheck.random(6, layers * dirs, batch, hidden);
            List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
            List<String> names = new ArrayList<>(List.of("x", "h_0"));
            if (c0 != null) {
                leaves.add(c0);
                names.add("c_0");
            }
            for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
                leaves.add(p.getValue());
                names.add(p.getKey());
            }
            GradCheck.check(() -> {
                RecurrentOutput r = layer.forward(x, lens, h0, c0);
                Tensor loss = r.output().mul(wOut).sum().add(r.hN().mul(wH).sum());
                return r.cN() != null ? loss.add(r.cN().mul(wC).sum()) : loss;
            }, leaves, names);
        }
    }

    /** The sequence kernel alone with a recurrent dropout mask, both directions, variable lengths. */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void maskedSequenceGradientsMatchFiniteDifferences(String name) {
        Cell cell = Cells.forName(name);
        int steps = 4;
        int batch = 3;
        int hidden = 3;
        int rows = cell.gates() * hidden;
        Tensor x = GradCheck.random(1, steps, batch, 2).requiresGrad(true);
        Tensor h0 = GradCheck.random(2, batch, hidden).requiresGrad(true);
        Tensor c0 = cell.hasCellState() ? GradCheck.random(3, batch, hidden).requiresGrad(true) : null;
        Tensor wIh = GradCheck.random(4, rows, 2).requiresGrad(true);
        Tensor wHh = GradCheck.random(5, rows, hidden).requiresGrad(true);
        List<Cell.ParameterShape> own = cell.extraParameterShapes(hidden, true);
        Tensor[] extra = new Tensor[own.size()];
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0, wIh, wHh));
        List<String> names = new ArrayList<>(List.of("x", "h0", "w_ih", "w_hh"));
        for (int i = 0; i < extra.length; i++) {
            extra[i] = GradCheck.random(10 + i, own.get(i).shape()).requiresGrad(true);
            leaves.add(extra[i]);
            names.add(own.get(i).name());
        }
        if (c0 != null) {
            leaves.add(c0);
            names.add("c0");
        }
        float[] mask = {2, 0, 2, 0, 2, 2, 2, 2, 0};
        int[] lengths = {2, 4, 1};
        Tensor wOut = GradCheck.random(8, steps, batch, hidden);
        for (boolean reverse : new boolean[] {false, true}) {
            GradCheck.check(() -> {
                Tensor[] r = RecurrentSequence.run(cell, reverse, x, lengths, h0, c0, wIh, wHh, null, null, null, extra,
                        mask);
                Tensor loss = r[0].mul(wOut).sum().add(r[1].sum());
                return r[2] != null ? loss.add(r[2].mul(r[2]).sum()) : loss;
            }, leaves, names);
        }
    }

    /**
     * Float32 training (the kernels in use, cached work buffers, variable lengths) gives the float64
     * gradients to float32 accuracy: the float path of the cells' rows, which the checks above do not run.
     */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void float32GradientsMatchFloat64(String cell) {
        int steps = 6;
        int batch = 4;
        int[] lengths = {6, 2, 5, 1};
        RecurrentLayer.Options o = new RecurrentLayer.Options(5, 7).numLayers(2).bidirectional(true);
        RecurrentLayer single = layer(cell, o, 3);
        randomise(single, 300);
        RecurrentLayer dbl = layer(cell, o, 3);
        randomise(dbl, 300);
        dbl.to(DType.F64);
        Tensor x64 = GradCheck.random(7, steps, batch, 5);
        Tensor w64 = GradCheck.random(8, steps, batch, 14);
        for (int round = 0; round < 2; round++) { // the second round runs on buffers the first gave back
            single.zeroGrad();
            dbl.zeroGrad();
            single.forward(x64.to(DType.F32), lengths).output().mul(w64.to(DType.F32)).sum().backward();
            dbl.forward(x64, lengths).output().mul(w64).sum().backward();
            for (Map.Entry<String, Tensor> p : dbl.namedParameters().entrySet()) {
                Tensor expected = p.getValue().grad();
                Tensor actual = single.parameter(p.getKey()).grad();
                for (int i = 0; i < expected.numel(); i++) {
                    assertEquals(expected.getFlat(i), actual.getFlat(i), 1e-4 + 1e-4 * Math.abs(expected.getFlat(i)),
                            cell + " grad " + p.getKey() + "[" + i + "] round " + round);
                }
            }
        }
    }

    /** Adam on every parameter, gains and shifts included, fits a fixed batch: the cells train. */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void adamFitsAFixedBatch(String cell) {
        RecurrentLayer layer = layer(cell, new RecurrentLayer.Options(3, 4).numLayers(2), 5);
        Tensor x = GradCheck.random(1, 5, 8, 3).to(DType.F32);
        Tensor target = GradCheck.random(2, 8, 4).mul(0.5).to(DType.F32);
        dev.rnn4j.optim.Adam adam = new dev.rnn4j.optim.Adam(layer.parameters(), 0.05);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 80; step++) {
            Tensor hLast = layer.forward(x).hN().select(0, 1); // (B, H) of the top layer
            Tensor loss = dev.rnn4j.nn.Losses.mse(hLast, target);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            last = loss.item();
            if (step == 0) {
                first = last;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(last < 0.25 * first, cell + ": loss " + first + " → " + last);
        org.junit.jupiter.api.Assertions.assertNotEquals(1.0, layer.parameter("ln_hh_weight_l0").getFlat(0),
                "the gains train too");
    }

    /** The float32 layer against the equations of the class comments, written out in double here. */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void forwardComputesTheCellsEquations(String cell) {
        boolean lstm = cell.equals("LSTM_LN");
        int steps = 3;
        int batch = 2;
        int input = 3;
        int hidden = 5;
        int gates = lstm ? 4 : 3;
        RecurrentLayer layer = layer(cell, new RecurrentLayer.Options(input, hidden), 9);
        randomise(layer, 200);
        Tensor x = GradCheck.random(3, steps, batch, input).to(DType.F32);
        Tensor out = layer.forward(x).output();
        float[] w = layer.parameter("weight_ih_l0").f();
        float[] u = layer.parameter("weight_hh_l0").f();
        float[] gIh = layer.parameter("ln_ih_weight_l0").f();
        float[] bIh = layer.parameter("ln_ih_bias_l0").f();
        float[] gHh = layer.parameter("ln_hh_weight_l0").f();
        float[] bHh = layer.parameter("ln_hh_bias_l0").f();
        double[][] h = new double[batch][hidden];
        double[][] c = new double[batch][hidden];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < batch; r++) {
                double[] ih = new double[gates * hidden];
                double[] hh = new double[gates * hidden];
                for (int row = 0; row < gates * hidden; row++) {
                    for (int k = 0; k < input; k++) {
                        ih[row] += w[row * input + k] * x.get(t, r, k);
                    }
                    for (int k = 0; k < hidden; k++) {
                        hh[row] += u[row * hidden + k] * h[r][k];
                    }
                }
                double[] uIh = affine(blockNorm(ih, gates, hidden), gIh, bIh);
                double[] vHh = affine(blockNorm(hh, gates, hidden), gHh, bHh);
                double[] next = new double[hidden];
                if (lstm) {
                    double[] cNew = new double[hidden];
                    for (int j = 0; j < hidden; j++) {
                        double i = sigmoid(uIh[j] + vHh[j]);
                        double f = sigmoid(uIh[hidden + j] + vHh[hidden + j]);
                        double g = Math.tanh(uIh[2 * hidden + j] + vHh[2 * hidden + j]);
                        cNew[j] = f * c[r][j] + i * g;
                    }
                    double[] cNorm = affine(blockNorm(cNew, 1, hidden), layer.parameter("ln_c_weight_l0").f(),
                            layer.parameter("ln_c_bias_l0").f());
                    for (int j = 0; j < hidden; j++) {
                        next[j] = sigmoid(uIh[3 * hidden + j] + vHh[3 * hidden + j]) * Math.tanh(cNorm[j]);
                    }
                    c[r] = cNew;
                } else {
                    for (int j = 0; j < hidden; j++) {
                        double rr = sigmoid(uIh[j] + vHh[j]);
                        double z = sigmoid(uIh[hidden + j] + vHh[hidden + j]);
                        double n = Math.tanh(uIh[2 * hidden + j] + rr * vHh[2 * hidden + j]);
                        next[j] = (1 - z) * n + z * h[r][j];
                    }
                }
                for (int j = 0; j < hidden; j++) {
                    assertEquals(next[j], out.get(t, r, j), 1e-5, cell + " out[" + t + ", " + r + ", " + j + "]");
                }
                h[r] = next;
            }
        }
    }

    /** Batch 1 and 3, awkward hidden sizes (1: each block normalises to zero), two layers, with and without biases. */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM_LN", "GRU_LN"})
    void stepperMatchesTheSequenceForward(String cell) {
        int steps = 4;
        int input = 7;
        for (int hidden : new int[] {1, 3, 13, 40}) {
            for (int batch : new int[] {1, 3}) {
                RecurrentLayer layer = layer(cell, new RecurrentLayer.Options(input, hidden).numLayers(2)
                        .bias(hidden != 3), hidden * 10L + batch);
                randomise(layer, hidden);
                Tensor x = GradCheck.random(hidden + batch, steps, batch, input).to(DType.F32);
                Tensor out = layer.forward(x).output();
                RecurrentStepper stepper = new RecurrentStepper(layer, batch);
                for (int t = 0; t < steps; t++) {
                    float[] h = stepper.step(x.select(0, t).f());
                    for (int i = 0; i < batch * hidden; i++) {
                        assertEquals(out.getFlat(t * batch * hidden + i), h[i], 2e-5,
                                cell + " hidden " + hidden + " batch " + batch + " step " + t + " element " + i);
                    }
                }
            }
        }
    }

    private static double[] blockNorm(double[] v, int blocks, int width) {
        double[] out = new double[v.length];
        for (int k = 0; k < blocks; k++) {
            double mean = 0;
            for (int j = 0; j < width; j++) {
                mean += v[k * width + j] / width;
            }
            double variance = 0;
            for (int j = 0; j < width; j++) {
                variance += Math.pow(v[k * width + j] - mean, 2) / width;
            }
            for (int j = 0; j < width; j++) {
                out[k * width + j] = (v[k * width + j] - mean) / Math.sqrt(variance + 1e-5);
            }
        }
        return out;
    }

    private static double[] affine(double[] v, float[] gain, float[] shift) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = gain[j] * v[j] + shift[j];
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static List<Integer> shape(Tensor t) {
        return java.util.Arrays.stream(t.shape()).boxed().toList();
    }
}
