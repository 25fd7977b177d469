/**
 * Panels of many series in long format, and the M3 competition protocol on them.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.forecast.panel.PanelCsvReader} reads a long-format CSV file (one row per series id and
 *       time: the value and optional numeric covariates) into a {@link dev.rnn4j.forecast.panel.Panel} of
 *       {@link dev.rnn4j.forecast.panel.PanelSeries}; bad input (a missing column, a non-numeric cell, a duplicate
 *       or out-of-order time within a series) is a {@link dev.rnn4j.series.SeriesFormatException} naming the
 *       file and line, and series shorter than a minimum length are skipped and counted.</li>
 *   <li>{@link dev.rnn4j.forecast.panel.M3Data} loads the M3 competition files into
 *       {@link dev.rnn4j.forecast.panel.M3Series} (training and test part of each of the 3,003 series with its
 *       frequency, category, horizon h and seasonal period m).</li>
 *   <li>{@link dev.rnn4j.forecast.panel.ClassicalMethod}: naive, seasonal naive and the Theta method of
 *       Assimakopoulos &amp; Nikolopoulos (2000), built from {@link dev.rnn4j.forecast.panel.Seasonality} (the 90 %
 *       autocorrelation test and the classical decomposition) and
 *       {@link dev.rnn4j.forecast.panel.ExponentialSmoothing}.</li>
 *   <li>{@link dev.rnn4j.forecast.panel.M3Metrics} (sMAPE as in the M3 paper, MASE) and
 *       {@link dev.rnn4j.forecast.panel.M3Evaluation}, which scores a method with the official protocol and
 *       tabulates per frequency, per category and over all series; {@link dev.rnn4j.forecast.panel.IntervalMetrics}
 *       (coverage, interval score and the M4 competition's MSIS) for prediction intervals.</li>
 * </ul>
 */
package dev.rnn4j.forecast.panel;
