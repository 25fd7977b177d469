package dev.rnn4j.metrics;

/**
 * Point-forecast and regression error measures over paired arrays of actual values A and forecasts F
 * (same length n >= 1, all finite). All sums run over the n pairs.
 *
 * <ul>
 *   <li>{@code mse = mean((A - F)^2)}, {@code rmse = sqrt(mse)}, {@code mae = mean(|A - F|)}</li>
 *   <li>{@code mape = 100 * mean(|A - F| / |A|)}, in percent; undefined (an error) when some A is 0</li>
 *   <li>{@code smape = 100 * mean(2 |F - A| / (|A| + |F|))}, in percent, between 0 and 200; a pair with
 *       A = F = 0 contributes 0</li>
 *   <li>{@code mase = mae / s} with {@code s = mean_{t=m..T-1} |y_t - y_{t-m}|}, the in-sample MAE of the
 *       seasonal-naive forecast with period m on the training series y (m = 1: the naive forecast), after
 *       Hyndman and Koehler (2006), "Another look at measures of forecast accuracy"</li>
 * </ul>
 *
 * <p>Bad input (null, empty, mismatched lengths, non-finite values, a zero denominator) throws
 * {@link IllegalArgumentException} naming the argument and what was expected.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** Mean squared error. */
    public static double mse(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = actual[i] - forecast[i];
            sum += e * e;
        }
        return sum / actual.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] actual, double[] forecast) {
        return Math.sqrt(mse(actual, forecast));
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length;
    }

    /**
     * Mean absolute percentage error, in percent: {@code 100 * mean(|A - F| / |A|)}.
     *
     * @throws IllegalArgumentException if some actual value is 0 (the percentage is undefined)
     */
    public static double mape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == 0) {
                throw new IllegalArgumentException("actual: MAPE is undefined because actual[" + i + "] is 0;"
                        + " use smape or mae instead");
            }
            sum += Math.abs((actual[i] - forecast[i]) / actual[i]);
        }
        return 100 * sum / actual.length;
    }

    /** Symmetric MAPE, in percent: {@code 100 * mean(2 |F - A| / (|A| + |F|))}; 0/0 pairs count as 0. */
    public static double smape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (denominator > 0) {
                sum += 2 * Math.abs(forecast[i] - actual[i]) / denominator;
            }
        }
        return 100 * sum / actual.length;
    }

    /**
     * The MASE denominator: the mean absolute error of the in-sample seasonal-naive forecast with period m on
     * the training series, {@code mean_{t=m..T-1} |y_t - y_{t-m}|}.
     *
     * @throws IllegalArgumentException if {@code m < 1}, the training series has no more than m values, or the
     *                                  scale is 0 (the training series repeats itself exactly)
     */
    public static double seasonalNaiveScale(double[] training, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m: expected a seasonal period >= 1 (1 for the naive scale), got " + m);
        }
        if (training == null || training.length <= m) {
            throw new IllegalArgumentException("training: MASE with period " + m + " needs more than " + m
                    + " training values, got " + (training == null ? "null" : training.length));
        }
        checkFinite(training, "training");
        double sum = 0;
        for (int t = m; t < training.length; t++) {
            sum += Math.abs(training[t] - training[t - m]);
        }
        double scale = sum / (training.length - m);
        if (scale == 0) {
            throw new IllegalArgumentException("training: MASE is undefined because the in-sample seasonal-naive MAE"
                    + " (period " + m + ") of the " + training.length + " training values is 0");
        }
        return scale;
    }

    /**
     * Mean absolute scaled error: {@code mae(actual, forecast) / seasonalNaiveScale(training, m)}. Below 1 the
     * forecast beats the in-sample seasonal-naive forecast on average.
     *
     * @param training the series the forecast was made from (its in-sample errors give the scale)
     * @param m        seasonal period (1: scaled by the naive forecast)
     */
    public static double mase(double[] actual, double[] forecast, double[] training, int m) {
        double mae = mae(actual, forecast);
        return mae / seasonalNaiveScale(training, m);
    }

    private static void check(double[] actual, double[] forecast) {
        if (actual == null || forecast == null) {
            throw new IllegalArgumentException("actual, forecast: expected two arrays, got "
                    + (actual == null ? "null" : "an array") + " and " + (forecast == null ? "null" : "an array"));
        }
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException("actual, forecast: expected the same length, got " + actual.length
                    + " actual and " + forecast.length + " forecast values");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("actual, forecast: expected at least one pair, got empty arrays");
        }
        checkFinite(actual, "actual");
        checkFinite(forecast, "forecast");
    }

    private static void checkFinite(double[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + ": expected finite values, got " + values[i] + " at index "
                        + i);
            }
        }
    }
}
