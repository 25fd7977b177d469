package dev.rnn4j.forecast.global;

import dev.rnn4j.recurrent.CellType;

import java.util.List;

/**
 * How a global forecaster is built and trained.
 *
 * @param horizon         H, steps forecast from each origin (the network's outputs), &gt;= 1
 * @param lookback        L, input steps per window, &gt;= 1; steps before a series' start are padded
 * @param period          the seasonal period m of the data (seasonal-naive baseline and MASE), &gt;= 1
 * @param normalisation   how each window is scaled
 * @param log             apply ln(y / s) instead of y / s, or null (auto: when every training value is &gt; 0)
 * @param cell            LSTM or GRU
 * @param hidden          hidden size
 * @param layers          stacked recurrent layers
 * @param dropout         dropout before the head (and between layers)
 * @param useGroups       feed each series' group as a one-hot input (when the series have groups)
 * @param batchesPerEpoch windows sampled per epoch, in batches of {@code batchSize}
 * @param batchSize       windows per optimiser step
 * @param maxEpochs       maximum epochs
 * @param patience        epochs without validation improvement before stopping
 * @param learningRate    Adam learning rate
 * @param maxSeconds      wall-time budget for training
 * @param seed            initialisation, window sampling and dropout
 * @param quantiles       the levels of a probabilistic forecaster, strictly increasing in (0, 1) and holding 0.5
 *                        (the median is the point forecast), e.g. 0.025, 0.1, 0.5, 0.9, 0.975: the head gives
 *                        H × Q values trained with the pinball loss; empty for a point forecaster trained with
 *                        the mean absolute error (the median's loss too: it is twice the pinball loss at 0.5)
 * @param drift           whether the network forecasts the difference from a damped drift line
 *                        ({@link WindowFeatures})
 */
public record GlobalForecastOptions(int horizon, int lookback, int period, Normalisation normalisation, Boolean log,
                                    CellType cell, int hidden, int layers, double dropout, boolean useGroups,
                                    int batchesPerEpoch, int batchSize, int maxEpochs, int patience,
                                    double learningRate, double maxSeconds, long seed, List<Double> quantiles,
                                    boolean drift) {

    /** The levels whose 80 % and 95 % central intervals are scored: 0.025, 0.1, 0.5, 0.9, 0.975. */
    public static final List<Double> INTERVAL_QUANTILES = List.of(0.025, 0.1, 0.5, 0.9, 0.975);

    /** Validates ranges; messages name the option. */
    public GlobalForecastOptions {
        checkQuantiles(quantiles == null ? List.of() : quantiles);
        quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
        check(horizon >= 1, "horizon", ">= 1", horizon);
        check(lookback >= 1, "lookback", ">= 1", lookback);
        check(period >= 1, "period", ">= 1", period);
        check(normalisation != null, "normalise", "mean or last", normalisation);
        check(cell == CellType.LSTM || cell == CellType.GRU, "cell", "lstm or gru", cell);
        check(hidden >= 1 && hidden <= 4096, "hidden", "1..4096", hidden);
        check(layers >= 1 && layers <= 8, "layers", "1..8", layers);
        check(dropout >= 0 && dropout < 1, "dropout", "in [0, 1)", dropout);
        check(batchesPerEpoch >= 1, "batches-per-epoch", ">= 1", batchesPerEpoch);
        check(batchSize >= 1, "batch-size", ">= 1", batchSize);
        check(maxEpochs >= 1, "epochs", ">= 1", maxEpochs);
        check(patience >= 1, "patience", ">= 1", patience);
        check(learningRate > 0 && Double.isFinite(learningRate), "lr", "> 0", learningRate);
        check(maxSeconds > 0, "max-seconds", "> 0", maxSeconds);
    }

    /** Options without a drift anchor. */
    public GlobalForecastOptions(int horizon, int lookback, int period, Normalisation normalisation, Boolean log,
                                 CellType cell, int hidden, int layers, double dropout, boolean useGroups,
                                 int batchesPerEpoch, int batchSize, int maxEpochs, int patience,
                                 double learningRate, double maxSeconds, long seed, List<Double> quantiles) {
        this(horizon, lookback, period, normalisation, log, cell, hidden, layers, dropout, useGroups, batchesPerEpoch,
                batchSize, maxEpochs, patience, learningRate, maxSeconds, seed, quantiles, false);
    }

    /** A point forecaster's options (no quantiles). */
    public GlobalForecastOptions(int horizon, int lookback, int period, Normalisation normalisation, Boolean log,
                                 CellType cell, int hidden, int layers, double dropout, boolean useGroups,
                                 int batchesPerEpoch, int batchSize, int maxEpochs, int patience,
                                 double learningRate, double maxSeconds, long seed) {
        this(horizon, lookback, period, normalisation, log, cell, hidden, layers, dropout, useGroups, batchesPerEpoch,
                batchSize, maxEpochs, patience, learningRate, maxSeconds, seed, List.of());
    }

    /**
     * Checks quantile levels: none, or strictly increasing values in (0, 1) that include 0.5, at most 99.
     *
     * @return the levels as an array
     * @throws IllegalArgumentException naming the option {@code quantiles}
     */
    static double[] checkQuantiles(List<Double> levels) {
        if (levels.isEmpty()) {
            return new double[0];
        }
        check(levels.size() <= 99, "quantiles", "at most 99 levels", levels.size() + " levels");
        double[] out = new double[levels.size()];
        for (int k = 0; k < out.length; k++) {
            Double q = levels.get(k);
            check(q != null && q > 0 && q < 1, "quantiles", "levels in (0, 1)", levels);
            check(k == 0 || q > out[k - 1], "quantiles", "strictly increasing levels", levels);
            out[k] = q;
        }
        check(levels.contains(0.5), "quantiles", "levels that include 0.5 (the median is the point forecast)",
                levels);
        return out;
    }

    /** The quantile levels as an array (empty for a point forecaster). */
    public double[] quantileLevels() {
        return checkQuantiles(quantiles);
    }

    private static void check(boolean ok, String name, String expected, Object got) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": expected " + expected + ", got " + got);
        }
    }

    /**
     * The defaults for horizon H and seasonal period m: lookback max(2H, 2m), mean-level scaling, log when the
     * data allow, one LSTM layer of 64, dropout 0.1, group one-hot, 100 batches of 64 windows per epoch, at most
     * 100 epochs with patience 10, Adam at 1e-3, 600 s, seed 1.
     */
    public static GlobalForecastOptions defaults(int horizon, int period) {
        return new GlobalForecastOptions(horizon, Math.max(2 * horizon, 2 * period), period, Normalisation.MEAN_LEVEL,
                null, CellType.LSTM, 64, 1, 0.1, true, 100, 64, 100, 10, 1e-3, 600, 1);
    }

    /** A copy with other training settings. */
    public GlobalForecastOptions withTraining(int newBatchesPerEpoch, int newBatchSize, int newMaxEpochs,
                                              int newPatience, double newLearningRate, double newMaxSeconds,
                                              long newSeed) {
        return new GlobalForecastOptions(horizon, lookback, period, normalisation, log, cell, hidden, layers, dropout,
                useGroups, newBatchesPerEpoch, newBatchSize, newMaxEpochs, newPatience, newLearningRate,
                newMaxSeconds, newSeed, quantiles, drift);
    }

    /** A copy with another network. */
    public GlobalForecastOptions withNetwork(CellType newCell, int newHidden, int newLayers, double newDropout) {
        return new GlobalForecastOptions(horizon, lookback, period, normalisation, log, newCell, newHidden, newLayers,
                newDropout, useGroups, batchesPerEpoch, batchSize, maxEpochs, patience, learningRate, maxSeconds, seed,
                quantiles, drift);
    }

    /** A copy with another window shape and scaling. */
    public GlobalForecastOptions withWindows(int newLookback, Normalisation newNormalisation, Boolean newLog) {
        return new GlobalForecastOptions(horizon, newLookback, period, newNormalisation, newLog, cell, hidden, layers,
                dropout, useGroups, batchesPerEpoch, batchSize, maxEpochs, patience, learningRate, maxSeconds, seed,
                quantiles, drift);
    }

    /** A copy with other quantile levels (empty for a point forecaster). */
    public GlobalForecastOptions withQuantiles(List<Double> newQuantiles) {
        return new GlobalForecastOptions(horizon, lookback, period, normalisation, log, cell, hidden, layers, dropout,
                useGroups, batchesPerEpoch, batchSize, maxEpochs, patience, learningRate, maxSeconds, seed,
                newQuantiles, drift);
    }

    /** A copy with or without the drift anchor. */
    public GlobalForecastOptions withDrift(boolean newDrift) {
        return new GlobalForecastOptions(horizon, lookback, period, normalisation, log, cell, hidden, layers, dropout,
                useGroups, batchesPerEpoch, batchSize, maxEpochs, patience, learningRate, maxSeconds, seed, quantiles,
                newDrift);
    }
}
