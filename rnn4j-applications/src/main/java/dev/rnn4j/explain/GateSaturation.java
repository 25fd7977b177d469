package dev.rnn4j.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * How often each sigmoid gate is saturated, per layer, over every step and unit of one or more traces: the
 * fraction of gate values below {@value #LOW} ("left-saturated", the gate is nearly shut) and above
 * {@value #HIGH} ("right-saturated", nearly open), as in Karpathy, Johnson and Fei-Fei (2015), "Visualizing and
 * understanding recurrent networks", section 4.2. The tanh candidates (the LSTM's g, the GRU's n) are not
 * gates and are left out.
 *
 * @param gates the sigmoid gates' names, PyTorch's order ({@code i, f, o} or {@code r, z})
 * @param rows  one per layer, direction and gate, layer-major
 */
public record GateSaturation(List<String> gates, List<Row> rows) {

    /** The upper bound of a left-saturated (nearly shut) gate value. */
    public static final double LOW = 0.1;
    /** The lower bound of a right-saturated (nearly open) gate value. */
    public static final double HIGH = 0.9;

    /**
     * @param layer     the layer, 0-based
     * @param direction 0 forward, 1 the reverse direction of a bidirectional layer
     * @param gate   the gate's name
     * @param values how many gate values were counted (steps × units)
     * @param low    the fraction below {@value #LOW}
     * @param high   the fraction above {@value #HIGH}
     */
    public record Row(int layer, int direction, String gate, long values, double low, double high) {
    }

    public GateSaturation {
        gates = List.copyOf(gates);
        rows = List.copyOf(rows);
    }

    /** Whether the rows hold a reverse direction (the network is bidirectional). */
    public boolean bidirectional() {
        return rows.stream().anyMatch(r -> r.direction() == 1);
    }

    /**
     * The statistics over every step of {@code traces} (all of one network).
     *
     * @throws IllegalArgumentException if the list is empty or the traces come from different networks
     */
    public static GateSaturation of(List<CellTrace> traces) {
        if (traces == null || traces.isEmpty()) {
            throw new IllegalArgumentException("traces: expected at least one trace, got none");
        }
        CellTrace first = traces.get(0);
        int layers = first.layers().size();
        int gateCount = first.gates().size();
        int h = first.hidden();
        int directions = first.directions();
        long[][] low = new long[layers][directions * gateCount];
        long[][] high = new long[layers][directions * gateCount];
        long steps = 0;
        for (CellTrace trace : traces) {
            if (trace.layers().size() != layers || !trace.gates().equals(first.gates()) || trace.hidden() != h
                    || trace.directions() != directions) {
                throw new IllegalArgumentException("traces: expected traces of one network (" + layers + " layers of "
                        + h + " " + first.cell() + " units), got one of " + trace.layers().size() + " layers of "
                        + trace.hidden() + " " + trace.cell() + " units");
            }
            steps += trace.steps();
            for (int l = 0; l < layers; l++) {
                float[] g = trace.layers().get(l).gates(); // (T, D, G, H)
                for (int t = 0; t < trace.steps(); t++) {
                    for (int k = 0; k < directions * gateCount; k++) { // k = d·G + gate
                        int base = (t * directions * gateCount + k) * h;
                        for (int u = 0; u < h; u++) {
                            float v = g[base + u];
                            if (v < LOW) {
                                low[l][k]++;
                            } else if (v > HIGH) {
                                high[l][k]++;
                            }
                        }
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < gateCount; k++) {
            if (CellTrace.isSigmoidGate(first.gates().get(k))) {
                names.add(first.gates().get(k));
            }
        }
        long values = steps * h;
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < directions; d++) {
                for (int k = 0; k < gateCount; k++) {
                    String gate = first.gates().get(k);
                    int j = d * gateCount + k;
                    if (CellTrace.isSigmoidGate(gate)) {
                        rows.add(new Row(l, d, gate, values, (double) low[l][j] / values,
                                (double) high[l][j] / values));
                    }
                }
            }
        }
        return new GateSaturation(names, rows);
    }
}
