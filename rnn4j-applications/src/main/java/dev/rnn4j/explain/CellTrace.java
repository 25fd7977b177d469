package dev.rnn4j.explain;

import java.util.Arrays;
import java.util.List;

/**
 * What every layer of a recurrent network held at every step of one input: the hidden states, the cell states
 * (LSTM) and the gate activations, recorded by {@link CellInspector}.
 *
 * <p>Units are numbered as the columns of the layer's output: 0 to H − 1 the forward direction, and for a
 * bidirectional layer H to 2H − 1 the reverse direction's units 0 to H − 1. Every record is aligned with the
 * input: row t of the reverse direction is its state after reading step t on its way from the last step back.
 *
 * @param cell       the cell's name ({@code LSTM}, {@code GRU}, {@code RNN_TANH}, {@code RNN_RELU})
 * @param gates      the gate names in PyTorch's order ({@code i, f, g, o} for the LSTM, {@code r, z, n} for the
 *                   GRU, none for the Elman cell)
 * @param steps      T
 * @param hidden     H, the units per layer and direction
 * @param directions D, 1, or 2 for a bidirectional network
 * @param layers     one entry per layer, bottom first
 */
public record CellTrace(String cell, List<String> gates, int steps, int hidden, int directions, List<Layer> layers) {

    /**
     * One layer's record, both directions.
     *
     * @param hidden (T, D·H) row-major: {@code hidden[t·D·H + u]} is unit u's state at step t (the layer's output)
     * @param cell   (T, D·H), the LSTM's cell state c; null for the other cells
     * @param gates  (T, D, G, H) row-major: {@code gates[((t·D + d)·G + g)·H + u]} is gate g of direction d's unit
     *               u at step t, after its non-linearity (sigmoid for i, f, o, r, z; tanh for the LSTM's g and the
     *               GRU's n)
     */
    public record Layer(float[] hidden, float[] cell, float[] gates) {
    }

    public CellTrace {
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("directions: expected 1 or 2, got " + directions);
        }
        gates = List.copyOf(gates);
        layers = List.copyOf(layers);
    }

    /** A trace of a unidirectional network. */
    public CellTrace(String cell, List<String> gates, int steps, int hidden, List<Layer> layers) {
        this(cell, gates, steps, hidden, 1, layers);
    }

    /** Whether gate {@code name} is a sigmoid gate in [0, 1] (i, f, o, r, z), not a tanh candidate (g, n). */
    public static boolean isSigmoidGate(String name) {
        return !name.equals("g") && !name.equals("n");
    }

    /** D·H, the units per layer over both directions (the width of the layer's output). */
    public int units() {
        return directions * hidden;
    }

    /**
     * Unit u's name without its layer: {@code 12} for a unidirectional network; {@code 12 →} for forward unit 12
     * and {@code 12 ←} for reverse unit 12 (u = H + 12) of a bidirectional one.
     */
    public String unitName(int unit) {
        if (directions == 1) {
            return Integer.toString(unit);
        }
        return unit < hidden ? unit + " →" : (unit - hidden) + " ←";
    }

    /** Unit u's hidden state at every step of {@code layer}, (T); u below {@link #units()}. */
    public float[] hiddenOf(int layer, int unit) {
        return column(layers.get(layer).hidden(), unit);
    }

    /** Unit u's cell state at every step (T); LSTM only. */
    public float[] cellOf(int layer, int unit) {
        return column(layers.get(layer).cell(), unit);
    }

    /** Gate {@code gate} (an index into {@link #gates()}) of unit u (below {@link #units()}) at every step, (T). */
    public float[] gateOf(int layer, int gate, int unit) {
        float[] all = layers.get(layer).gates();
        int g = gates.size();
        int d = unit / hidden;
        int u = unit % hidden;
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = all[((t * directions + d) * g + gate) * hidden + u];
        }
        return out;
    }

    /**
     * The {@code k} units of {@code layer} (over both directions) with the largest mean |h| over the steps, most
     * active first (ties by unit index): units that stay near 0 say little in a heat map, units far from 0 most of
     * the time carry the state.
     */
    public int[] mostActive(int layer, int k) {
        float[] h = layers.get(layer).hidden();
        int width = units();
        double[] mean = new double[width];
        for (int t = 0; t < steps; t++) {
            for (int u = 0; u < width; u++) {
                mean[u] += Math.abs(h[t * width + u]);
            }
        }
        Integer[] order = new Integer[width];
        for (int u = 0; u < width; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (a, b) -> mean[a] != mean[b] ? Double.compare(mean[b], mean[a]) : a - b);
        int n = Math.min(k, width);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private float[] column(float[] values, int unit) {
        int width = units();
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = values[t * width + unit];
        }
        return out;
    }
}
