package dev.rnn4j.series;

/**
 * A univariate point forecaster: given the history of a series, the next {@code horizon} values.
 *
 * <p>Contract: {@code history} holds the observed values in time order, oldest first (length >= 1, all
 * finite) and is not modified; the result has exactly {@code horizon} elements, element h being the forecast
 * for {@code h + 1} steps after the last history value. Implementations validate their arguments and throw
 * {@link IllegalArgumentException} when the history is too short for them.
 */
public interface Forecaster {

    /**
     * @param history observed values, oldest first
     * @param horizon number of steps to forecast, >= 1
     * @return {@code horizon} forecasts
     */
    double[] forecast(double[] history, int horizon);

    /** A short name for reports, e.g. {@code seasonal-naive(12)}. */
    String name();

    /**
     * Validates the common arguments: a non-empty finite history of at least {@code minimumHistory} values and
     * {@code horizon >= 1}.
     */
    static void checkArguments(String forecaster, double[] history, int horizon, int minimumHistory) {
        if (horizon < 1) {
            throw new IllegalArgumentException(forecaster + ": horizon: expected >= 1, got " + horizon);
        }
        if (history == null || history.length < Math.max(1, minimumHistory)) {
            throw new IllegalArgumentException(forecaster + ": history: expected at least " + Math.max(1, minimumHistory)
                    + " values, got " + (history == null ? "null" : history.length));
        }
        for (int i = 0; i < history.length; i++) {
            if (!Double.isFinite(history[i])) {
                throw new IllegalArgumentException(forecaster + ": history: expected finite values, got " + history[i]
                        + " at index " + i);
            }
        }
    }
}
