package dev.rnn4j.forecast.panel;

/**
 * The M3 point-forecast errors of one series.
 *
 * <ul>
 *   <li>sMAPE as in the M3 paper (Makridakis &amp; Hibon 2000, Appendix A): (200 / h) Σ |y − f| / (y + f), after
 *       negative forecasts are set to zero as the competition did (so the denominators equal |y| + |f| on the
 *       positive M3 data);</li>
 *   <li>sMAPE with absolute denominators, (200 / h) Σ |y − f| / (|y| + |f|), the M4 form, forecasts unchanged;</li>
 *   <li>MASE (Hyndman &amp; Koehler 2006): mean |y − f| over the horizon divided by the in-sample mean absolute
 *       seasonal-naive error (1/(n − m)) Σ_{t ≥ m} |x_t − x_{t−m}| of the training part.</li>
 * </ul>
 * A zero denominator gives an infinite or NaN score, as the formulas do.
 */
public final class M3Metrics {

    private M3Metrics() {
    }

    /** The M3 paper's sMAPE, in percent. */
    public static double smape(double[] actual, double[] forecast) {
        checkLengths(actual, forecast);
        double sum = 0;
        for (int k = 0; k < actual.length; k++) {
            double f = Math.max(forecast[k], 0);
            sum += Math.abs(actual[k] - f) / (actual[k] + f);
        }
        return 200 * sum / actual.length;
    }

    /** sMAPE with |y| + |f| denominators, in percent. */
    public static double smapeAbs(double[] actual, double[] forecast) {
        checkLengths(actual, forecast);
        double sum = 0;
        for (int k = 0; k < actual.length; k++) {
            sum += Math.abs(actual[k] - forecast[k]) / (Math.abs(actual[k]) + Math.abs(forecast[k]));
        }
        return 200 * sum / actual.length;
    }

    /** MASE with the seasonal-naive scale of period {@code period} on {@code train}. */
    public static double mase(double[] train, double[] actual, double[] forecast, int period) {
        checkLengths(actual, forecast);
        if (period < 1 || train.length <= period) {
            throw new IllegalArgumentException("train: expected more than period = " + period + " values, got "
                    + train.length);
        }
        double scale = seasonalNaiveScale(train, period);
        double error = 0;
        for (int k = 0; k < actual.length; k++) {
            error += Math.abs(actual[k] - forecast[k]);
        }
        return error / actual.length / scale;
    }

    /**
     * The in-sample mean absolute seasonal-naive error (1/(n − m)) Σ_{t ≥ m} |x_t − x_{t−m}|, the denominator of
     * MASE and MSIS.
     *
     * @throws IllegalArgumentException if {@code train} has no more than {@code period} values
     */
    public static double seasonalNaiveScale(double[] train, int period) {
        if (period < 1 || train.length <= period) {
            throw new IllegalArgumentException("train: expected more than period = " + period + " values, got "
                    + train.length);
        }
        double scale = 0;
        for (int t = period; t < train.length; t++) {
            scale += Math.abs(train[t] - train[t - period]);
        }
        return scale / (train.length - period);
    }

    private static void checkLengths(double[] actual, double[] forecast) {
        if (actual.length == 0 || actual.length != forecast.length) {
            throw new IllegalArgumentException("forecast: expected " + actual.length + " values (one per actual, at "
                    + "least one), got " + forecast.length);
        }
    }
}
