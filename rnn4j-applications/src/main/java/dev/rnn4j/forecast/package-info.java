/**
 * LSTM/GRU time-series forecasting on top of the {@link dev.rnn4j.series} pipeline.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.forecast.ForecastData}: which CSV columns to read (target, time, numeric and
 *       categorical covariates, missing-value policy).</li>
 *   <li>{@link dev.rnn4j.forecast.ForecastOptions} and {@link dev.rnn4j.forecast.ForecastDefaults}: network and
 *       training options; the defaults that adapt to the data (season from the time step, lookback, automatic
 *       log + seasonal differencing and a 5-network ensemble for short seasonal series).</li>
 *   <li>{@code ForecastSelection}: the lookback and target transform the options leave open,
 *       chosen by the forecast error on the rows before the test part (rolling origins for short series).</li>
 *   <li>{@code ForecastRefit}: the final networks trained again from their initial weights on every window before
 *       the test part, the validation tail included, for their best epoch count.</li>
 *   <li>{@link dev.rnn4j.forecast.ForecastModel}: trains (direct multi-output or recursive, early stopping on a
 *       validation tail before the test part), forecasts from any origin, Monte Carlo dropout bands, saves and
 *       loads a model folder ({@code weights.safetensors} with PyTorch names + {@code config.json}).</li>
 *   <li>{@link dev.rnn4j.forecast.ForecastBacktest}: the model and every baseline scored on the same origins.</li>
 *   <li>{@link dev.rnn4j.forecast.ForecastPredictor}: the trained model as a {@link dev.rnn4j.predict.Predictor}
 *       from a {@link dev.rnn4j.forecast.ForecastRequest} (a history as plain lists, the shape of a JSON body)
 *       to a {@link dev.rnn4j.forecast.Forecast} (the next H values and their times); loaded from a model
 *       folder by {@link dev.rnn4j.predict.Predictors#load} through
 *       {@link dev.rnn4j.forecast.ForecastPredictorFactory}.</li>
 * </ul>
 *
 * <pre>{@code
 * ForecastData data = new ForecastData("Passengers", "Month", null, List.of(), List.of(), null);
 * SeriesFrame frame = data.read(Path.of("airline-passengers.csv"));
 * ForecastModel model = ForecastModel.train(frame, data, ForecastOptions.defaults(12), 12,
 *         ForecastModel.TrainingRun.silent());
 * List<ForecastEvaluation.Result> scores = ForecastBacktest.run(model, frame, frame.rowCount() - 12, 12);
 * double[] next12 = model.forecast(frame, new int[] {frame.rowCount()})[0];
 * Forecast same = new ForecastPredictor(model).predict(ForecastRequest.of(frame, data));
 * }</pre>
 */
package dev.rnn4j.forecast;
