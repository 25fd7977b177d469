package dev.rnn4j.explain;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspection pass on tiny LSTM, GRU and Elman layers: its hidden and cell states are the engine's own forward
 * output, its gates give back h and c by the cell equations, and the saturation and CSV files count and write
 * what the trace holds; a bidirectional layer's reverse direction is the reverse half of the output, aligned
 * with the input, also for a sequence shorter than its batch's longest.
 */
class CellInspectorTest {

    static final int INPUT = 3;
    static final int HIDDEN = 4;
    static final int LAYERS = 2;
    static final int STEPS = 7;

    @TempDir
    Path dir;

    static RecurrentLayer layer(CellType type) {
        return RecurrentLayer.of(type, new RecurrentLayer.Options(INPUT, HIDDEN).numLayers(LAYERS), new Rng(5));
    }

    static float[] input() {
        Random random = new Random(9);
        float[] x = new float[STEPS * INPUT];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextGaussian());
        }
        return x;
    }

    /** The trace's top-layer states equal the layer's output, and every layer's last state its h_n (and c_n). */
    static void assertSameAsForward(RecurrentLayer layer, CellTrace trace, float[] x) {
        RecurrentOutput out;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            layer.eval();
            out = layer.forward(Tensor.of(x, STEPS, 1, INPUT)); // (T, B = 1, I)
        }
        float[] output = out.output().toFloatArray(); // (T, 1, H)
        float[] top = trace.layers().get(LAYERS - 1).hidden();
        for (int i = 0; i < output.length; i++) {
            assertEquals(output[i], top[i], 1e-5, "output " + i);
        }
        float[] hN = out.hN().toFloatArray(); // (L, 1, H)
        for (int l = 0; l < LAYERS; l++) {
            for (int u = 0; u < HIDDEN; u++) {
                assertEquals(hN[l * HIDDEN + u], trace.hiddenOf(l, u)[STEPS - 1], 1e-5, "h_n layer " + l);
                if (out.cN() != null) {
                    assertEquals(out.cN().toFloatArray()[l * HIDDEN + u], trace.cellOf(l, u)[STEPS - 1], 1e-5,
                            "c_n layer " + l);
                }
            }
        }
    }

    @Test
    void lstmStatesAreTheForwardOutputAndItsGatesGiveBackHAndC() {
        RecurrentLayer lstm = layer(CellType.LSTM);
        float[] x = input();
        CellTrace trace = CellInspector.trace(lstm, x, STEPS);
        assertEquals(List.of("i", "f", "g", "o"), trace.gates());
        assertSameAsForward(lstm, trace, x);
        for (int l = 0; l < LAYERS; l++) {
            for (int u = 0; u < HIDDEN; u++) {
                float[] h = trace.hiddenOf(l, u);
                float[] c = trace.cellOf(l, u);
                float[] i = trace.gateOf(l, 0, u);
                float[] f = trace.gateOf(l, 1, u);
                float[] g = trace.gateOf(l, 2, u);
                float[] o = trace.gateOf(l, 3, u);
                double cPrev = 0;
                for (int t = 0; t < STEPS; t++) {
                    assertTrue(i[t] > 0 && i[t] < 1 && f[t] > 0 && f[t] < 1 && o[t] > 0 && o[t] < 1);
                    assertTrue(g[t] >= -1 && g[t] <= 1);
                    assertEquals(f[t] * cPrev + i[t] * g[t], c[t], 1e-5, "c = f c' + i g");
                    assertEquals(o[t] * Math.tanh(c[t]), h[t], 1e-5, "h = o tanh(c)");
                    cPrev = c[t];
                }
            }
        }
    }

    @Test
    void gruStatesAreTheForwardOutputAndItsGatesGiveBackH() {
        RecurrentLayer gru = layer(CellType.GRU);
        float[] x = input();
        CellTrace trace = CellInspector.trace(gru, x, STEPS);
        assertEquals(List.of("r", "z", "n"), trace.gates());
        assertEquals(null, trace.layers().get(0).cell());
        assertSameAsForward(gru, trace, x);
        for (int l = 0; l < LAYERS; l++) {
            for (int u = 0; u < HIDDEN; u++) {
                float[] h = trace.hiddenOf(l, u);
                float[] z = trace.gateOf(l, 1, u);
                float[] n = trace.gateOf(l, 2, u);
                double hPrev = 0;
                for (int t = 0; t < STEPS; t++) {
                    assertEquals((1 - z[t]) * n[t] + z[t] * hPrev, h[t], 1e-5, "h = (1 - z) n + z h'");
                    hPrev = h[t];
                }
            }
        }
    }

    @Test
    void elmanStatesAreTheForwardOutput() {
        RecurrentLayer rnn = layer(CellType.RNN_TANH);
        float[] x = input();
        CellTrace trace = CellInspector.trace(rnn, x, STEPS);
        assertTrue(trace.gates().isEmpty());
        assertSameAsForward(rnn, trace, x);
    }

    /**
     * A bidirectional two-layer network over a batch of two, the second sequence {@code SHORT} steps long: each
     * sequence's trace, taken alone over its valid steps, holds the forward and reverse halves of the layer's
     * padded-batch output at those steps, and its first and last states are h_n and c_n of both directions.
     */
    static void assertBidirectionalSameAsForward(CellType type) {
        final int SHORT = 4;
        RecurrentLayer layer = RecurrentLayer.of(type, new RecurrentLayer.Options(INPUT, HIDDEN).numLayers(LAYERS)
                .bidirectional(true), new Rng(11));
        float[] first = input();
        float[] second = new float[STEPS * INPUT]; // valid steps 0..SHORT-1, zeros after
        Random random = new Random(3);
        for (int i = 0; i < SHORT * INPUT; i++) {
            second[i] = (float) random.nextGaussian();
        }
        float[] batch = new float[STEPS * 2 * INPUT]; // (T, B = 2, I)
        for (int t = 0; t < STEPS; t++) {
            System.arraycopy(first, t * INPUT, batch, (t * 2) * INPUT, INPUT);
            System.arraycopy(second, t * INPUT, batch, (t * 2 + 1) * INPUT, INPUT);
        }
        RecurrentOutput out;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            layer.eval();
            out = layer.forward(Tensor.of(batch, STEPS, 2, INPUT), new int[] {STEPS, SHORT});
        }
        float[] output = out.output().toFloatArray(); // (T, 2, 2H)
        float[] hN = out.hN().toFloatArray();         // (L·2, 2, H)
        float[] cN = out.cN() == null ? null : out.cN().toFloatArray();
        int[] lengths = {STEPS, SHORT};
        for (int b = 0; b < 2; b++) {
            int steps = lengths[b];
            CellTrace trace = CellInspector.trace(layer, Arrays.copyOf(b == 0 ? first : second,
                    steps * INPUT), steps);
            assertEquals(2, trace.directions());
            assertEquals(2 * HIDDEN, trace.units());
            float[] top = trace.layers().get(LAYERS - 1).hidden(); // (T, 2H)
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < 2 * HIDDEN; j++) {
                    assertEquals(output[(t * 2 + b) * 2 * HIDDEN + j], top[t * 2 * HIDDEN + j], 1e-5,
                            type + " sequence " + b + " output step " + t + " column " + j);
                }
            }
            for (int l = 0; l < LAYERS; l++) {
                for (int d = 0; d < 2; d++) {
                    int last = d == 0 ? steps - 1 : 0; // the reverse direction ends at step 0
                    for (int u = 0; u < HIDDEN; u++) {
                        int index = ((l * 2 + d) * 2 + b) * HIDDEN + u;
                        assertEquals(hN[index], trace.hiddenOf(l, d * HIDDEN + u)[last], 1e-5,
                                type + " h_n layer " + l + " direction " + d + " sequence " + b);
                        if (cN != null) {
                            assertEquals(cN[index], trace.cellOf(l, d * HIDDEN + u)[last], 1e-5,
                                    type + " c_n layer " + l + " direction " + d + " sequence " + b);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bidirectionalLstmStatesAreBothHalvesOfTheForwardOutputIncludingAShorterSequence() {
        assertBidirectionalSameAsForward(CellType.LSTM);
    }

    @Test
    void bidirectionalGruStatesAreBothHalvesOfTheForwardOutputIncludingAShorterSequence() {
        assertBidirectionalSameAsForward(CellType.GRU);
    }

    @Test
    void reverseGatesGiveBackTheReverseStatesStepByStepFromTheEnd() {
        RecurrentLayer lstm = RecurrentLayer.of(CellType.LSTM, new RecurrentLayer.Options(INPUT, HIDDEN)
                .bidirectional(true), new Rng(2));
        CellTrace trace = CellInspector.trace(lstm, input(), STEPS);
        for (int u = HIDDEN; u < 2 * HIDDEN; u++) {
            float[] h = trace.hiddenOf(0, u);
            float[] c = trace.cellOf(0, u);
            float[] i = trace.gateOf(0, 0, u);
            float[] f = trace.gateOf(0, 1, u);
            float[] g = trace.gateOf(0, 2, u);
            float[] o = trace.gateOf(0, 3, u);
            double cNext = 0; // the reverse direction's previous state is the one at step t + 1
            for (int t = STEPS - 1; t >= 0; t--) {
                assertEquals(f[t] * cNext + i[t] * g[t], c[t], 1e-5, "c = f c' + i g");
                assertEquals(o[t] * Math.tanh(c[t]), h[t], 1e-5, "h = o tanh(c)");
                cNext = c[t];
            }
        }
        assertEquals("3 ←", trace.unitName(HIDDEN + 3));
        assertEquals("3 →", trace.unitName(3));
        GateSaturation s = GateSaturation.of(List.of(trace));
        assertTrue(s.bidirectional());
        assertEquals(2 * 3, s.rows().size());
        assertEquals(1, s.rows().get(3).direction());
    }

    @Test
    void layersItCannotReadAreRefusedByName() {
        RecurrentLayer projected = RecurrentLayer.of(CellType.LSTM,
                new RecurrentLayer.Options(INPUT, HIDDEN).projSize(2), new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellInspector.trace(projected, input(), STEPS));
        assertTrue(e.getMessage().contains("projection"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CellInspector.trace(layer(CellType.GRU),
                new float[5], STEPS));
        assertTrue(e.getMessage().contains("expected (T, I) = (7, 3)"), e.getMessage());
    }

    @Test
    void saturationCountsGateValuesBelowAndAboveTheThresholds() {
        CellTrace trace = CellInspector.trace(layer(CellType.LSTM), input(), STEPS);
        GateSaturation s = GateSaturation.of(List.of(trace, trace));
        assertEquals(List.of("i", "f", "o"), s.gates());
        assertEquals(LAYERS * 3, s.rows().size());
        for (GateSaturation.Row row : s.rows()) {
            int gate = trace.gates().indexOf(row.gate());
            long low = 0;
            long high = 0;
            for (int u = 0; u < HIDDEN; u++) {
                for (float v : trace.gateOf(row.layer(), gate, u)) {
                    low += v < 0.1 ? 1 : 0;
                    high += v > 0.9 ? 1 : 0;
                }
            }
            assertEquals(2L * STEPS * HIDDEN, row.values());
            assertEquals((double) low / (STEPS * HIDDEN), row.low(), 1e-12);
            assertEquals((double) high / (STEPS * HIDDEN), row.high(), 1e-12);
        }
    }

    @Test
    void statesCsvHasOneRowPerStepAndAHeaderNamingLayerAndUnit() throws IOException {
        CellTrace trace = CellInspector.trace(layer(CellType.LSTM), input(), STEPS);
        List<String> tokens = new ArrayList<>(List.of("a", "\n", "b", ",", "\\", "c", " "));
        List<Path> files = StatesCsv.write(dir, tokens, trace);
        assertEquals(1 + LAYERS * 3, files.size());
        assertEquals(List.of("a", "\\n", "b", ",", "\\\\", "c", " "), Files.readAllLines(dir.resolve("tokens.txt")));
        List<String> hidden = Files.readAllLines(dir.resolve("hidden_l1.csv"));
        assertEquals(1 + STEPS, hidden.size());
        assertEquals("l1_u0,l1_u1,l1_u2,l1_u3", hidden.get(0));
        String[] last = hidden.get(STEPS).split(",");
        for (int u = 0; u < HIDDEN; u++) {
            assertEquals(trace.hiddenOf(1, u)[STEPS - 1], Float.parseFloat(last[u]));
        }
        List<String> gates = Files.readAllLines(dir.resolve("gates_l0.csv"));
        assertTrue(gates.get(0).startsWith("l0_i_u0,l0_i_u1,l0_i_u2,l0_i_u3,l0_f_u0"), gates.get(0));
        assertEquals(4 * HIDDEN, gates.get(1).split(",").length);
        assertTrue(Files.exists(dir.resolve("cell_l0.csv")));
    }
}
