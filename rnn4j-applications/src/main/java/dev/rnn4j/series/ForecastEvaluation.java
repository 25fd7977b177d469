package dev.rnn4j.series;

import dev.rnn4j.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Out-of-sample evaluation of forecasters on one series.
 *
 * <ul>
 *   <li>{@link #holdOut}: one origin at {@code n - testSize}; the forecaster sees rows {@code [0, n - testSize)}
 *       and forecasts the last {@code testSize} rows at once (horizon = testSize).</li>
 *   <li>{@link #walkForward}: rolling origin. Origins {@code o = firstOrigin, firstOrigin + step, ...} while
 *       {@code o + horizon <= n}; at each origin the forecaster sees rows {@code [0, o)} (a copy, so it cannot
 *       peek ahead) and forecasts rows {@code [o, o + horizon)}.</li>
 * </ul>
 *
 * <p>Scores ({@link Scores}): per origin, and in aggregate over every forecast point pooled. MASE uses one
 * scale for all origins: the in-sample seasonal-naive MAE (period m) of the rows before the first origin, so the
 * aggregate MASE is the pooled MAE divided by that scale. MAPE is {@code NaN} when some actual value is 0
 * (it is undefined there; see {@link RegressionMetrics#mape}).
 */
public final class ForecastEvaluation {
    private ForecastEvaluation() {
    }

    /**
     * Forecasts rows {@code [origin, origin + horizon)} knowing only rows before {@code origin}. Models that use
     * covariates or their own state implement this directly; a {@link Forecaster} is adapted by
     * {@link ForecastEvaluation#walkForward(double[], int, int, int, Forecaster, int)}.
     */
    @FunctionalInterface
    public interface OriginForecaster {
        /**
         * @param origin  first row to forecast
         * @param horizon number of rows to forecast
         * @return {@code horizon} forecasts in the original scale
         */
        double[] forecastAt(int origin, int horizon);
    }

    /**
     * Error measures of a set of forecasts, see {@link RegressionMetrics} for the definitions.
     *
     * @param rmse  root mean squared error
     * @param mae   mean absolute error
     * @param mape  mean absolute percentage error in percent, NaN when some actual is 0
     * @param smape symmetric MAPE in percent, 100 * mean(2|F-A|/(|A|+|F|))
     * @param mase  MAE / in-sample seasonal-naive MAE of the training rows
     * @param count number of forecast points scored
     */
    public record Scores(double rmse, double mae, double mape, double smape, double mase, int count) {
        static Scores of(double[] actual, double[] forecast, double maseScale) {
            double mae = RegressionMetrics.mae(actual, forecast);
            boolean zero = Arrays.stream(actual).anyMatch(a -> a == 0);
            return new Scores(RegressionMetrics.rmse(actual, forecast), mae,
                    zero ? Double.NaN : RegressionMetrics.mape(actual, forecast),
                    RegressionMetrics.smape(actual, forecast), mae / maseScale, actual.length);
        }
    }

    /**
     * One forecast origin.
     *
     * @param origin   first forecast row
     * @param actual   (H) the true values of rows {@code [origin, origin + H)}
     * @param forecast (H) the forecasts
     * @param scores   this origin's scores
     */
    public record OriginResult(int origin, double[] actual, double[] forecast, Scores scores) {
    }

    /**
     * The result of an evaluation.
     *
     * @param forecaster the forecaster's name
     * @param horizon    H
     * @param maseScale  the MASE denominator used
     * @param origins    every origin, in time order
     * @param aggregate  scores over all forecast points pooled
     */
    public record Result(String forecaster, int horizon, double maseScale, List<OriginResult> origins,
                         Scores aggregate) {
        /** Every origin's forecasts concatenated, in time order. */
        public double[] forecasts() {
            return origins.stream().flatMapToDouble(o -> Arrays.stream(o.forecast())).toArray();
        }

        /** Every origin's actual values concatenated, in time order. */
        public double[] actuals() {
            return origins.stream().flatMapToDouble(o -> Arrays.stream(o.actual())).toArray();
        }
    }

    /**
     * Single hold-out: forecast the last {@code testSize} values from the origin {@code n - testSize}.
     *
     * @param series         the whole series, original scale
     * @param testSize       number of final values held out (the horizon), >= 1
     * @param forecaster     the model or baseline
     * @param seasonalPeriod m for MASE (1: naive scale)
     */
    public static Result holdOut(double[] series, int testSize, Forecaster forecaster, int seasonalPeriod) {
        if (series == null || testSize < 1 || testSize >= series.length) {
            throw new IllegalArgumentException("testSize: expected 1 <= testSize < series length "
                    + (series == null ? "(series is null)" : series.length) + ", got " + testSize);
        }
        return walkForward(series, series.length - testSize, testSize, testSize, forecaster, seasonalPeriod);
    }

    /** Rolling-origin evaluation of a univariate {@link Forecaster} (it sees a copy of rows before each origin). */
    public static Result walkForward(double[] series, int firstOrigin, int horizon, int step, Forecaster forecaster,
                                     int seasonalPeriod) {
        if (forecaster == null) {
            throw new IllegalArgumentException("forecaster: expected a forecaster, got null");
        }
        checkSeries(series);
        return walkForward(series, firstOrigin, horizon, step,
                (origin, h) -> forecaster.forecast(Arrays.copyOf(series, origin), h), forecaster.name(),
                seasonalPeriod);
    }

    /**
     * Rolling-origin evaluation of any model.
     *
     * @param series         the whole target series, original scale (the truth)
     * @param firstOrigin    first forecast row; rows before it are the training part for the MASE scale
     * @param horizon        H >= 1
     * @param step           distance between origins, >= 1 (e.g. 1 for one-step-ahead over a test year)
     * @param forecaster     produces the forecasts for each origin
     * @param name           the model's name for the result
     * @param seasonalPeriod m for MASE
     */
    public static Result walkForward(double[] series, int firstOrigin, int horizon, int step,
                                     OriginForecaster forecaster, String name, int seasonalPeriod) {
        checkSeries(series);
        if (forecaster == null) {
            throw new IllegalArgumentException("forecaster: expected a forecaster, got null");
        }
        if (horizon < 1 || step < 1) {
            throw new IllegalArgumentException("horizon, step: expected >= 1, got horizon=" + horizon + ", step="
                    + step);
        }
        if (firstOrigin < 1 || firstOrigin + horizon > series.length) {
            throw new IllegalArgumentException("firstOrigin: expected 1 <= firstOrigin <= series length - horizon = "
                    + (series.length - horizon) + ", got " + firstOrigin);
        }
        double scale = RegressionMetrics.seasonalNaiveScale(Arrays.copyOf(series, firstOrigin), seasonalPeriod);
        List<OriginResult> results = new ArrayList<>();
        for (int origin = firstOrigin; origin + horizon <= series.length; origin += step) {
            double[] forecast = forecaster.forecastAt(origin, horizon);
            if (forecast == null || forecast.length != horizon) {
                throw new IllegalStateException(name + ": expected " + horizon + " forecasts at origin " + origin
                        + ", got " + (forecast == null ? "null" : forecast.length));
            }
            for (int h = 0; h < horizon; h++) {
                if (!Double.isFinite(forecast[h])) {
                    throw new IllegalStateException(name + ": forecast " + h + " at origin " + origin + " is "
                            + forecast[h]);
                }
            }
            double[] actual = Arrays.copyOfRange(series, origin, origin + horizon);
            results.add(new OriginResult(origin, actual, forecast.clone(), Scores.of(actual, forecast, scale)));
        }
        Result partial = new Result(name, horizon, scale, List.copyOf(results), null);
        Scores aggregate = Scores.of(partial.actuals(), partial.forecasts(), scale);
        return new Result(name, horizon, scale, partial.origins(), aggregate);
    }

    /** {@link #holdOut} for each forecaster, in order. */
    public static List<Result> holdOutAll(double[] series, int testSize, List<Forecaster> forecasters,
                                          int seasonalPeriod) {
        List<Result> out = new ArrayList<>();
        for (Forecaster f : forecasters) {
            out.add(holdOut(series, testSize, f, seasonalPeriod));
        }
        return out;
    }

    private static void checkSeries(double[] series) {
        if (series == null || series.length < 2) {
            throw new IllegalArgumentException("series: expected at least 2 values, got "
                    + (series == null ? "null" : series.length));
        }
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("series: expected finite values, got " + series[i] + " at index "
                        + i);
            }
        }
    }
}
