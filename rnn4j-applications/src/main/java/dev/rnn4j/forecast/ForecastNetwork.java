package dev.rnn4j.forecast;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * The network of one forecaster: a batch-first LSTM or GRU over the lookback window, dropout on the last layer's
 * final hidden state, and a linear head to {@code outputs} values (the horizon H for direct multi-step, 1 for
 * recursive). As the PyTorch module
 * <pre>{@code
 * class Net(nn.Module):
 *     def __init__(s): s.rnn = nn.LSTM(F, hidden, layers, batch_first=True, dropout=p); s.head = nn.Linear(hidden, H)
 *     def forward(s, x): _, (h, _) = s.rnn(x); return s.head(F.dropout(h[-1], p, s.training))
 * }</pre>
 * so the parameter names are {@code rnn.weight_ih_l0}, ..., {@code head.weight}, {@code head.bias}.
 */
public final class ForecastNetwork extends Module {
    private final RecurrentLayer rnn;
    private final Dropout dropout;
    private final Linear head;
    private final int features;
    private final int outputs;

    /**
     * A lower bound on the weight values a network of these sizes holds (one gate's rows of every layer's
     * {@code weight_ih} and {@code weight_hh}, and the head's weight), counted in double so that no size from a
     * file overflows it: a loader compares it with the values its weights file holds before building the network.
     */
    public static double leastWeightValues(int features, int hidden, int layers, long outputs) {
        double h = hidden;
        return h * (features + h) + 2.0 * Math.max(0, layers - 1) * h * h + outputs * h;
    }

    /**
     * @param cell     {@link CellType#LSTM} or {@link CellType#GRU}
     * @param features F, input features per step
     * @param hidden   hidden size
     * @param layers   stacked recurrent layers (dropout {@code p} between them when more than one)
     * @param dropout  dropout probability in [0, 1), also used for Monte Carlo dropout at predict time
     * @param outputs  values produced per window
     * @param rng      initialisation and dropout masks
     */
    public ForecastNetwork(CellType cell, int features, int hidden, int layers, double dropout, int outputs, Rng rng) {
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("cell: expected LSTM or GRU, got " + cell);
        }
        if (features < 1 || hidden < 1 || layers < 1 || outputs < 1) {
            throw new IllegalArgumentException("features, hidden, layers, outputs: expected >= 1, got " + features
                    + ", " + hidden + ", " + layers + ", " + outputs);
        }
        RecurrentLayer.Options options = new RecurrentLayer.Options(features, hidden).numLayers(layers)
                .batchFirst(true).dropout(layers > 1 ? dropout : 0);
        this.rnn = registerModule("rnn", cell == CellType.LSTM ? new LSTM(options, rng) : new GRU(options, rng));
        // registered so that train(false) switches it off (it has no parameters, so the names are unchanged)
        this.dropout = registerModule("dropout", new Dropout(dropout, rng));
        this.head = registerModule("head", new Linear(hidden, outputs, rng));
        this.features = features;
        this.outputs = outputs;
    }

    /**
     * @param x (B, L, F) windows, batch first
     * @return (B, outputs)
     */
    public Tensor forward(Tensor x) {
        if (x == null || x.rank() != 3 || x.size(2) != features) {
            throw new IllegalArgumentException("forecast network: expected input (B, L, " + features + "), got "
                    + (x == null ? "null" : dev.rnn4j.tensor.Shape.str(x.shape())));
        }
        RecurrentOutput r = rnn.forward(x);
        Tensor last = r.hN().select(0, rnn.numLayers() - 1); // (B, hidden)
        return head.forward(dropout.forward(last));
    }

    /** The recurrent stack (batch-first, unidirectional), under the parameter prefix {@code rnn}. */
    public RecurrentLayer rnn() {
        return rnn;
    }

    /** The linear head on the last layer's final state, under the parameter prefix {@code head}. */
    public Linear head() {
        return head;
    }

    /** Input features per step F. */
    public int features() {
        return features;
    }

    /** Values produced per window. */
    public int outputs() {
        return outputs;
    }
}
