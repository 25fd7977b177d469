/**
 * Panels of many series in long format, and the M3 competition protocol on them.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.forecast.panel.PanelCsvReader} reads a long-format CSV file (one row per series id and
 *       time: the value and optional numeric covariates) into a {@link dev.rnn4j.forecast.panel.Panel} of
 *       {@link dev.rnn4j.forecast.panel.PanelSeries}; bad input (a missing column, a non-numeric cell, a duplicate
 *       or out-of-order time within a series) is a {@link dev.rnn4j.series.SeriesFormatException} naming the
 *       file and line, and series shorter than a minimum length are skipped and counted.</li>
 * </ul>
 */
package dev.rnn4j.forecast.panel;
