/**
 * Global forecasting: one LSTM/GRU network trained on windows of many series at once (a panel), the approach of
 * the M4 winner (Smyl's ES-RNN) and N-BEATS, here with plain per-window scaling.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.forecast.global.GlobalSeries}: one series (values, optional covariates per step, optional
 *       group); {@link dev.rnn4j.forecast.global.PanelColumns} reads them from a long-format panel file.</li>
 *   <li>{@link dev.rnn4j.forecast.global.WindowFeatures}: the L steps before an origin as the network input and
 *       the H steps from it as the target, divided by the window's mean level or last value
 *       ({@link dev.rnn4j.forecast.global.Normalisation}), optionally logged, with a padding flag, standardised
 *       covariates and a one-hot group.</li>
 *   <li>{@link dev.rnn4j.forecast.global.GlobalForecastModel}: trains (windows sampled uniformly over series and
 *       origins, early stopping on the last H values of each training part, the
 *       {@link dev.rnn4j.train.Trainer} with checkpoints and resume), forecasts, saves and loads a model folder
 *       ({@code weights.safetensors} + {@code config.json}, task {@code global-forecast});
 *       {@link dev.rnn4j.forecast.global.GlobalForecastPredictor} serves it as a
 *       {@link dev.rnn4j.predict.Predictor}.</li>
 *   <li>With quantile levels ({@link dev.rnn4j.forecast.global.GlobalForecastOptions#quantiles()}) the head gives
 *       H × Q values trained with the pinball loss, sorted per step at forecast time, the median as the point
 *       forecast; {@link dev.rnn4j.forecast.global.GlobalMonteCarloDropout} gives Monte Carlo dropout bands.</li>
 *   <li>{@link dev.rnn4j.forecast.global.PanelBacktest} scores it against naive and seasonal naive on the end of
 *       each series, {@link dev.rnn4j.forecast.global.IntervalEvaluation} its 80 % and 95 % intervals (coverage
 *       and MSIS); {@link dev.rnn4j.forecast.global.GlobalM3} runs the M3 protocol, one network per
 *       frequency.</li>
 * </ul>
 *
 * <pre>{@code
 * PanelColumns columns = new PanelColumns("id", "t", "value", List.of(), null);
 * List<GlobalSeries> series = columns.read(Path.of("panel.csv"), 13).series();
 * List<GlobalSeries> training = series.stream().map(s -> s.head(s.length() - 6)).toList();
 * GlobalForecastModel model = GlobalForecastModel.train(training, List.of(),
 *         GlobalForecastOptions.defaults(6, 12), ForecastModel.TrainingRun.silent());
 * List<PanelBacktest.Row> table = PanelBacktest.run(model, series, 6);
 * double[][] next6 = model.forecast(series);
 * }</pre>
 */
package dev.rnn4j.forecast.global;
