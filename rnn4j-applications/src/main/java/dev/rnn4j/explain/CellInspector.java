package dev.rnn4j.explain;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the gates and states of a recurrent layer over one input sequence by stepping the cell equations in
 * plain Java, a pass of its own beside the engine's fused kernels (which keep no gates they do not need), so
 * inspection costs the fast path nothing. Batch 1, zero initial state, evaluation mode (no dropout).
 *
 * <p>The equations are PyTorch's ({@code torch.nn.LSTM}, {@code GRU}, {@code RNN}), gates in PyTorch's order,
 * sums in double:
 * <pre>
 * LSTM: i, f, g, o = σ, σ, tanh, σ (W_ih x + b_ih + W_hh h + b_hh)   split in four blocks of H
 *       c' = f c + i g;  h' = o tanh(c')
 * GRU:  r = σ(W_ir x + b_ir + W_hr h + b_hr);  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *       n = tanh(W_in x + b_in + r (W_hn h + b_hn));  h' = (1 − z) n + z h
 * RNN:  h' = tanh or relu (W_ih x + b_ih + W_hh h + b_hh)
 * </pre>
 * A bidirectional layer's reverse direction runs the same equations with its {@code _reverse} parameters over
 * the steps in reverse order. Stateless; the layer's parameters are only read.
 */
public final class CellInspector {

    /** The cells this inspector steps. */
    public static final List<String> CELLS = List.of("LSTM", "GRU", "RNN_TANH", "RNN_RELU");

    private CellInspector() {
    }

    /** Whether {@link #trace} reads {@code layer}: a cell of {@link #CELLS}, no projection. */
    public static boolean reads(RecurrentLayer layer) {
        return layer != null && CELLS.contains(layer.cell().name()) && layer.projSize() == 0;
    }

    /**
     * Steps {@code layer} over {@code x} and records every layer's states and gates. A bidirectional layer's
     * reverse direction reads the steps from last to first, as PyTorch's; its state at step t (the state after
     * reading x_t on the way back) is recorded at position t, beside the forward direction's, as in the layer's
     * output {@code (T, 2H)}.
     *
     * @param x     (T, I) row-major, I = the layer's input size
     * @param steps T ≥ 1
     * @throws IllegalArgumentException if the layer projects its state, uses a cell other than {@link #CELLS}, or
     *                                  {@code x} does not hold (T, I) values
     */
    public static CellTrace trace(RecurrentLayer layer, float[] x, int steps) {
        if (layer == null) {
            throw new IllegalArgumentException("layer: expected a recurrent layer, got null");
        }
        String cell = layer.cell().name();
        if (!CELLS.contains(cell)) {
            throw new IllegalArgumentException("layer: the inside-the-cells view reads the cells " + CELLS
                    + ", this model's cell is " + cell);
        }
        if (layer.projSize() > 0) {
            throw new IllegalArgumentException("layer: the inside-the-cells view reads layers without projection,"
                    + " this one projects its state to " + layer.projSize() + " features");
        }
        int inputSize = layer.inputSize();
        if (steps < 1 || x == null || x.length != steps * inputSize) {
            throw new IllegalArgumentException("x: expected (T, I) = (" + steps + ", " + inputSize + ") values with"
                    + " T >= 1, got " + (x == null ? "null" : x.length + " values"));
        }
        int h = layer.hiddenSize();
        int directions = layer.directions();
        List<String> gates = switch (cell) {
            case "LSTM" -> List.of("i", "f", "g", "o");
            case "GRU" -> List.of("r", "z", "n");
            default -> List.of();
        };
        int gateCount = gates.size();
        List<CellTrace.Layer> layers = new ArrayList<>(layer.numLayers());
        float[] in = x;
        int width = inputSize;
        for (int l = 0; l < layer.numLayers(); l++) {
            CellTrace.Layer record = new CellTrace.Layer(new float[steps * directions * h],
                    cell.equals("LSTM") ? new float[steps * directions * h] : null,
                    new float[steps * directions * gateCount * h]);
            for (int d = 0; d < directions; d++) {
                stepDirection(layer, cell, l, d, directions, in, width, steps, h, gateCount, record);
            }
            layers.add(record);
            in = record.hidden();
            width = directions * h;
        }
        return new CellTrace(cell, gates, steps, h, directions, layers);
    }

    // x: (T, in); writes direction d's columns of record: hidden and cell (T, D·H), gates (T, D, G, H)
    private static void stepDirection(RecurrentLayer layer, String cell, int l, int d, int directions, float[] x,
                                      int in, int steps, int h, int gateCount, CellTrace.Layer record) {
        String suffix = l + (d == 1 ? "_reverse" : "");
        int rows = Math.max(gateCount, 1) * h;
        float[] wIh = layer.parameter("weight_ih_l" + suffix).toFloatArray(); // (rows, in)
        float[] wHh = layer.parameter("weight_hh_l" + suffix).toFloatArray(); // (rows, H)
        float[] bIh = floats(layer.parameter("bias_ih_l" + suffix), rows);    // (rows)
        float[] bHh = floats(layer.parameter("bias_hh_l" + suffix), rows);    // (rows)
        float[] hidden = record.hidden();
        float[] cellState = record.cell();
        float[] gates = record.gates();
        int width = directions * h;
        double[] state = new double[h];
        double[] c = new double[h];
        double[] fromInput = new double[rows];
        double[] fromState = new double[rows];
        for (int s = 0; s < steps; s++) {
            int t = d == 0 ? s : steps - 1 - s;
            for (int j = 0; j < rows; j++) {
                double a = bIh[j];
                for (int k = 0; k < in; k++) {
                    a += (double) wIh[j * in + k] * x[t * in + k];
                }
                double b = bHh[j];
                for (int k = 0; k < h; k++) {
                    b += (double) wHh[j * h + k] * state[k];
                }
                fromInput[j] = a;
                fromState[j] = b;
            }
            int g0 = (t * directions + d) * gateCount * h;
            int h0 = t * width + d * h;
            for (int u = 0; u < h; u++) {
                double next;
                switch (cell) {
                    case "LSTM" -> {
                        double i = sigmoid(fromInput[u] + fromState[u]);
                        double f = sigmoid(fromInput[h + u] + fromState[h + u]);
                        double g = Math.tanh(fromInput[2 * h + u] + fromState[2 * h + u]);
                        double o = sigmoid(fromInput[3 * h + u] + fromState[3 * h + u]);
                        c[u] = (float) (f * c[u] + i * g); // the engine keeps c in float32
                        next = o * Math.tanh(c[u]);
                        cellState[h0 + u] = (float) c[u];
                        gates[g0 + u] = (float) i;
                        gates[g0 + h + u] = (float) f;
                        gates[g0 + 2 * h + u] = (float) g;
                        gates[g0 + 3 * h + u] = (float) o;
                    }
                    case "GRU" -> {
                        double r = sigmoid(fromInput[u] + fromState[u]);
                        double z = sigmoid(fromInput[h + u] + fromState[h + u]);
                        double n = Math.tanh(fromInput[2 * h + u] + r * fromState[2 * h + u]);
                        next = (1 - z) * n + z * state[u];
                        gates[g0 + u] = (float) r;
                        gates[g0 + h + u] = (float) z;
                        gates[g0 + 2 * h + u] = (float) n;
                    }
                    case "RNN_TANH" -> next = Math.tanh(fromInput[u] + fromState[u]);
                    default -> next = Math.max(0, fromInput[u] + fromState[u]);
                }
                hidden[h0 + u] = (float) next;
            }
            for (int u = 0; u < h; u++) {
                state[u] = hidden[h0 + u];
            }
        }
    }

    private static float[] floats(Tensor bias, int rows) {
        return bias == null ? new float[rows] : bias.toFloatArray();
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
