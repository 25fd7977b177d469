package dev.rnn4j.series;

/**
 * Drift baseline: the line through the first and last observations, extended,
 * {@code F[n+h] = y[n-1] + h * (y[n-1] - y[0]) / (n - 1)} for h = 1..H. Needs at least 2 history values.
 */
public record DriftForecaster() implements Forecaster {
    @Override
    public double[] forecast(double[] history, int horizon) {
        Forecaster.checkArguments(name(), history, horizon, 2);
        int n = history.length;
        double last = history[n - 1];
        double slope = (last - history[0]) / (n - 1);
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            out[h] = last + (h + 1) * slope;
        }
        return out;
    }

    @Override
    public String name() {
        return "drift";
    }
}
