package dev.rnn4j.explain;

import java.util.Arrays;
import java.util.List;

/**
 * What every layer of a recurrent network held at every step of one input: the hidden states, the cell states
 * (LSTM) and the gate activations, recorded by {@link CellInspector}.
 *
 * @param cell   the cell's name ({@code LSTM}, {@code GRU}, {@code RNN_TANH}, {@code RNN_RELU})
 * @param gates  the gate names in PyTorch's order ({@code i, f, g, o} for the LSTM, {@code r, z, n} for the GRU,
 *               none for the Elman cell)
 * @param steps  T
 * @param hidden H, the units per layer
 * @param layers one entry per layer, bottom first
 */
public record CellTrace(String cell, List<String> gates, int steps, int hidden, List<Layer> layers) {

    /**
     * One layer's record.
     *
     * @param hidden (T, H) row-major: {@code hidden[t·H + u]} is unit u's state after reading step t
     * @param cell   (T, H), the LSTM's cell state c; null for the other cells
     * @param gates  (T, G, H) row-major: {@code gates[(t·G + g)·H + u]} is gate g of unit u at step t, after its
     *               non-linearity (sigmoid for i, f, o, r, z; tanh for the LSTM's g and the GRU's n)
     */
    public record Layer(float[] hidden, float[] cell, float[] gates) {
    }

    public CellTrace {
        gates = List.copyOf(gates);
        layers = List.copyOf(layers);
    }

    /** Whether gate {@code name} is a sigmoid gate in [0, 1] (i, f, o, r, z), not a tanh candidate (g, n). */
    public static boolean isSigmoidGate(String name) {
        return !name.equals("g") && !name.equals("n");
    }

    /** Unit u's hidden state at every step of {@code layer}, (T). */
    public float[] hiddenOf(int layer, int unit) {
        return column(layers.get(layer).hidden(), unit);
    }

    /** Unit u's cell state at every step (T); LSTM only. */
    public float[] cellOf(int layer, int unit) {
        return column(layers.get(layer).cell(), unit);
    }

    /** Gate {@code gate} (an index into {@link #gates()}) of unit u at every step, (T). */
    public float[] gateOf(int layer, int gate, int unit) {
        float[] all = layers.get(layer).gates();
        int g = gates.size();
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = all[(t * g + gate) * hidden + unit];
        }
        return out;
    }

    /**
     * The {@code k} units of {@code layer} with the largest mean |h| over the steps, most active first (ties by
     * unit index): units that stay near 0 say little in a heat map, units far from 0 most of the time carry the
     * state.
     */
    public int[] mostActive(int layer, int k) {
        float[] h = layers.get(layer).hidden();
        double[] mean = new double[hidden];
        for (int t = 0; t < steps; t++) {
            for (int u = 0; u < hidden; u++) {
                mean[u] += Math.abs(h[t * hidden + u]);
            }
        }
        Integer[] order = new Integer[hidden];
        for (int u = 0; u < hidden; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (a, b) -> mean[a] != mean[b] ? Double.compare(mean[b], mean[a]) : a - b);
        int n = Math.min(k, hidden);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private float[] column(float[] values, int unit) {
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = values[t * hidden + unit];
        }
        return out;
    }
}
