package dev.rnn4j.series;

import java.util.Arrays;

/** Naive baseline: every forecast is the last observed value, {@code F[n+h] = y[n-1]}. */
public record NaiveForecaster() implements Forecaster {
    @Override
    public double[] forecast(double[] history, int horizon) {
        Forecaster.checkArguments(name(), history, horizon, 1);
        double[] out = new double[horizon];
        Arrays.fill(out, history[history.length - 1]);
        return out;
    }

    @Override
    public String name() {
        return "naive";
    }
}
