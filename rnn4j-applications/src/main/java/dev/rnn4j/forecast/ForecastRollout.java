package dev.rnn4j.forecast;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * Runs a {@link ForecastModel}'s networks from a batch of forecast origins, in the transformed scale: cuts each
 * origin's input window {@code x: (B, L, F)} out of its series' feature matrix, then either one forward pass
 * (direct strategy: H outputs) or H passes (recursive: each window shifts left by one row and takes the forecast
 * as the target of the next row, whose other features are known). Anchored networks predict the change from the
 * window's last target value, which is added back. {@link #ensembleMean} averages the networks.
 *
 * <p>Without gradients; it writes only to arrays of its own call, so several threads may use it at once as long
 * as each passes networks no other thread trains.
 */
final class ForecastRollout {
    private final ForecastOptions.Strategy strategy;
    private final int lookback;
    private final int horizon;
    private final int lag;             // differencing lag: feature row r holds original row r + lag
    private final int features;        // F
    private final boolean anchored;    // the networks predict the change from the last input value

    ForecastRollout(ForecastOptions.Strategy strategy, int lookback, int horizon, int lag, int features,
                    boolean anchored) {
        this.strategy = strategy;
        this.lookback = lookback;
        this.horizon = horizon;
        this.lag = lag;
        this.features = features;
        this.anchored = anchored;
    }

    // the members' mean of the transformed forecasts (b, H); rows[i]: the feature matrix of origin i's series
    float[][] ensembleMean(List<ForecastNetwork> members, float[][] rows, int[] origins, int b) {
        float[][] z = new float[b][horizon];
        for (ForecastNetwork net : members) {
            float[][] m = run(net, rows, origins, b);
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < horizon; s++) {
                    z[i][s] += m[i][s] / members.size();
                }
            }
        }
        return z;
    }

    // transformed forecasts (b, H) of one network for origins given in original row indices; rows[i]: the
    // (T - lag + extra, F) feature values of origin i's series (the same array for origins of one series)
    float[][] run(ForecastNetwork net, float[][] rows, int[] origins, int b) {
        int f = features;
        float[] x = new float[b * lookback * f];
        for (int i = 0; i < b; i++) {
            int start = origins[i] - lag - lookback; // row of the window's first step in the feature matrix
            System.arraycopy(rows[i], start * f, x, i * lookback * f, lookback * f);
        }
        float[][] out = new float[b][horizon];
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            if (strategy == ForecastOptions.Strategy.DIRECT) {
                float[] y = net.forward(Tensor.of(x, b, lookback, f)).toFloatArray();
                for (int i = 0; i < b; i++) {
                    float last = anchored ? x[i * lookback * f + (lookback - 1) * f] : 0f;
                    for (int s = 0; s < horizon; s++) {
                        out[i][s] = y[i * horizon + s] + last;
                    }
                }
                return out;
            }
            // recursive: shift each window left by one row and append the forecast with the next row's calendar
            for (int s = 0; s < horizon; s++) {
                float[] y = net.forward(Tensor.of(x, b, lookback, f)).toFloatArray();
                for (int i = 0; i < b; i++) {
                    int base = i * lookback * f;
                    out[i][s] = y[i] + (anchored ? x[base + (lookback - 1) * f] : 0f);
                    System.arraycopy(x, base + f, x, base, (lookback - 1) * f);
                    int next = origins[i] - lag + s; // feature row of the forecast step
                    System.arraycopy(rows[i], next * f, x, base + (lookback - 1) * f, f);
                    x[base + (lookback - 1) * f] = out[i][s];
                }
            }
        }
        return out;
    }
}
