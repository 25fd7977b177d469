package dev.rnn4j.forecast;

import dev.rnn4j.recurrent.CellType;

/**
 * How a forecaster is built and trained. {@code null} in a nullable field means "decide from the data" (see
 * {@link ForecastDefaults}).
 *
 * @param horizon        H, steps forecast from each origin, >= 1
 * @param lookback       L, past steps per input window, or null (chosen on validation rows among multiples of
 *                       one season clamped to [12, 48]: {@code ForecastSelection})
 * @param season         the seasonal period m, or null (inferred from the time step)
 * @param log            apply ln(y) to the target, or null (auto)
 * @param diff           difference the target (lag m when m > 1, else 1), or null (chosen on validation rows for
 *                       short series, off for long ones)
 * @param anchor         the network predicts the change from the last input value of the (transformed) target
 *                       instead of the value itself, or null (auto: when the target is not differenced), so an
 *                       untrained network starts out as the naive forecast
 * @param strategy       direct multi-output or recursive one-step
 * @param cell           LSTM or GRU
 * @param hidden         hidden size
 * @param layers         stacked recurrent layers
 * @param dropout        dropout before the head (and between layers), also used for Monte Carlo bands
 * @param calendar       add calendar features (cyclic month / day-of-week / day-of-year / hour) when times exist
 * @param ensemble       K, networks trained from different seeds and averaged, or null (20 for short series, 3 for
 *                       long ones under 10,000 training rows, else 1; {@link ForecastDefaults#ensemble}); 1 is one
 *                       network
 * @param validationSize rows before the test part used for early stopping, or null (max(H, 10 % of the rest))
 * @param maxEpochs      maximum epochs per network
 * @param patience       epochs without validation improvement before stopping
 * @param batchSize      windows per optimiser step
 * @param learningRate   Adam learning rate
 * @param maxSeconds     wall-time budget for training all networks (each gets an equal share)
 * @param seed           random seed of the first network (network k >= 1 uses seed * 1000 + k)
 * @param refit          after early stopping, train each network again from its initial weights on every window
 *                       before the test part (the validation tail included) for its best epoch count
 *                       ({@code ForecastRefit}), or null (auto: {@link ForecastDefaults#refit})
 * @param fourier        K annual Fourier pairs regressed out of the target by least squares on the training rows
 *                       before the other transform steps ({@link dev.rnn4j.series.AnnualFourier}; the networks
 *                       model the residual and the forecast adds the regression back), 0 for none, or null (auto:
 *                       {@link ForecastDefaults#annualFourier})
 */
public record ForecastOptions(int horizon, Integer lookback, Integer season, Boolean log, Boolean diff,
                              Boolean anchor, Strategy strategy, CellType cell, int hidden, int layers, double dropout,
                              boolean calendar, Integer ensemble, Integer validationSize, int maxEpochs, int patience,
                              int batchSize, double learningRate, double maxSeconds, long seed, Boolean refit,
                              Integer fourier) {

    /** The most annual Fourier pairs {@code fourier} accepts. */
    public static final int MAX_FOURIER_PAIRS = 12;

    /** Multi-step strategy. */
    public enum Strategy {
        /** One network output per horizon step: {@code Linear(hidden, H)} on the last state. */
        DIRECT,
        /** A one-step network fed its own forecasts H times. */
        RECURSIVE
    }

    /** Validates ranges; messages name the option. */
    public ForecastOptions {
        check(horizon >= 1, "horizon", ">= 1", horizon);
        check(lookback == null || lookback >= 1, "lookback", ">= 1", lookback);
        check(season == null || season >= 1, "season", ">= 1", season);
        check(strategy != null, "strategy", "direct or recursive", strategy);
        check(cell == CellType.LSTM || cell == CellType.GRU, "cell", "lstm or gru", cell);
        check(hidden >= 1 && hidden <= 4096, "hidden", "1..4096", hidden);
        check(layers >= 1 && layers <= 8, "layers", "1..8", layers);
        check(dropout >= 0 && dropout < 1, "dropout", "in [0, 1)", dropout);
        check(ensemble == null || (ensemble >= 1 && ensemble <= 64), "ensemble", "1..64", ensemble);
        check(validationSize == null || validationSize >= 0, "validation-size", ">= 0", validationSize);
        check(maxEpochs >= 1, "epochs", ">= 1", maxEpochs);
        check(patience >= 1, "patience", ">= 1", patience);
        check(batchSize >= 1, "batch-size", ">= 1", batchSize);
        check(learningRate > 0 && Double.isFinite(learningRate), "lr", "> 0", learningRate);
        check(maxSeconds > 0, "max-seconds", "> 0", maxSeconds);
        check(fourier == null || (fourier >= 0 && fourier <= MAX_FOURIER_PAIRS), "fourier",
                "0.." + MAX_FOURIER_PAIRS, fourier);
    }

    /** The options with the annual Fourier regression left to the defaults ({@code fourier} null). */
    public ForecastOptions(int horizon, Integer lookback, Integer season, Boolean log, Boolean diff, Boolean anchor,
                           Strategy strategy, CellType cell, int hidden, int layers, double dropout, boolean calendar,
                           Integer ensemble, Integer validationSize, int maxEpochs, int patience, int batchSize,
                           double learningRate, double maxSeconds, long seed, Boolean refit) {
        this(horizon, lookback, season, log, diff, anchor, strategy, cell, hidden, layers, dropout, calendar, ensemble,
                validationSize, maxEpochs, patience, batchSize, learningRate, maxSeconds, seed, refit, null);
    }

    /** The options with the refit left to the defaults ({@code refit} null). */
    public ForecastOptions(int horizon, Integer lookback, Integer season, Boolean log, Boolean diff, Boolean anchor,
                           Strategy strategy, CellType cell, int hidden, int layers, double dropout, boolean calendar,
                           Integer ensemble, Integer validationSize, int maxEpochs, int patience, int batchSize,
                           double learningRate, double maxSeconds, long seed) {
        this(horizon, lookback, season, log, diff, anchor, strategy, cell, hidden, layers, dropout, calendar, ensemble,
                validationSize, maxEpochs, patience, batchSize, learningRate, maxSeconds, seed, null, null);
    }

    private static void check(boolean ok, String name, String expected, Object got) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": expected " + expected + ", got " + got);
        }
    }

    /** The defaults for horizon H: everything else automatic or at its documented default. */
    public static ForecastOptions defaults(int horizon) {
        return new ForecastOptions(horizon, null, null, null, null, null, Strategy.DIRECT, CellType.LSTM, 32, 1, 0.2, true,
                null, null, 300, 30, 32, 2e-3, 240, 1);
    }

    /** A copy with another seed. */
    public ForecastOptions withSeed(long newSeed) {
        return new ForecastOptions(horizon, lookback, season, log, diff, anchor, strategy, cell, hidden, layers, dropout,
                calendar, ensemble, validationSize, maxEpochs, patience, batchSize, learningRate, maxSeconds, newSeed,
                refit, fourier);
    }
}
