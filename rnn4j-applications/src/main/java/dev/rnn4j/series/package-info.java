/**
 * Time-series pipeline for forecasting, in plain Java (no dependency on the tensor engine).
 *
 * <p>The steps, in the order an application uses them:
 * <ol>
 *   <li>{@link dev.rnn4j.series.SeriesCsvReader} reads a CSV file into a {@link dev.rnn4j.series.SeriesFrame}:
 *       an optional time column (or year/month/day/hour part columns), numeric value columns and categorical
 *       columns, with a {@link dev.rnn4j.series.MissingValuePolicy}. Bad input raises a
 *       {@link dev.rnn4j.series.SeriesFormatException} naming file, line and column.</li>
 *   <li>{@link dev.rnn4j.series.ChronologicalSplit} cuts rows into train / validation / test, in time order.</li>
 *   <li>{@link dev.rnn4j.series.TargetTransform} chains an optional log, optional differencing (lag 1 or a
 *       seasonal lag) and a {@link dev.rnn4j.series.Scaler} fitted on the training part only, and inverts
 *       forecasts back to the original scale. Before it, {@link dev.rnn4j.series.AnnualFourier} can regress a
 *       daily target on annual Fourier pairs of the day of the year, so the model forecasts the residual.</li>
 *   <li>Covariates: {@link dev.rnn4j.series.CalendarFeatures}, {@link dev.rnn4j.series.OneHotEncoder} and
 *       {@link dev.rnn4j.series.FeatureMatrix}, which stacks columns into a row-major {@code (T, F)} float array.</li>
 *   <li>{@link dev.rnn4j.series.SlidingWindows} turns a {@code (T, F)} feature matrix and a target column into
 *       flat arrays {@code inputs: (N, lookback, F)} and {@code targets: (N, horizon)}.</li>
 *   <li>{@link dev.rnn4j.series.Forecaster} baselines (naive, seasonal naive, drift, moving average) and
 *       {@link dev.rnn4j.series.ForecastEvaluation} (single hold-out and walk-forward / rolling origin), scored
 *       with {@link dev.rnn4j.metrics.RegressionMetrics}.</li>
 * </ol>
 */
package dev.rnn4j.series;
