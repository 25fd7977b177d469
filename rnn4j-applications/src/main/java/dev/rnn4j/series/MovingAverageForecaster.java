package dev.rnn4j.series;

import java.util.Arrays;

/**
 * Moving-average baseline: every forecast is the mean of the last w observations (a flat forecast; later
 * steps do not feed earlier forecasts back). Needs at least w history values.
 *
 * @param window w >= 1
 */
public record MovingAverageForecaster(int window) implements Forecaster {
    /** Validates {@code window >= 1}. */
    public MovingAverageForecaster {
        if (window < 1) {
            throw new IllegalArgumentException("window: expected >= 1, got " + window);
        }
    }

    @Override
    public double[] forecast(double[] history, int horizon) {
        Forecaster.checkArguments(name(), history, horizon, window);
        double sum = 0;
        for (int i = history.length - window; i < history.length; i++) {
            sum += history[i];
        }
        double[] out = new double[horizon];
        Arrays.fill(out, sum / window);
        return out;
    }

    @Override
    public String name() {
        return "moving-average(" + window + ")";
    }
}
