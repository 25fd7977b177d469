package dev.rnn4j.series;

/**
 * Seasonal naive baseline with period m: each forecast repeats the value one season earlier,
 * {@code F[n+h] = y[n + h - m * (floor((h - 1) / m) + 1)]} for h = 1..H, i.e. the last observed season repeated.
 * Needs at least m history values.
 *
 * @param period m >= 1 (m = 1 is the naive forecast)
 */
public record SeasonalNaiveForecaster(int period) implements Forecaster {
    /** Validates {@code period >= 1}. */
    public SeasonalNaiveForecaster {
        if (period < 1) {
            throw new IllegalArgumentException("period: expected >= 1, got " + period);
        }
    }

    @Override
    public double[] forecast(double[] history, int horizon) {
        Forecaster.checkArguments(name(), history, horizon, period);
        int n = history.length;
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            out[h] = history[n - period + h % period];
        }
        return out;
    }

    @Override
    public String name() {
        return "seasonal-naive(" + period + ")";
    }
}
