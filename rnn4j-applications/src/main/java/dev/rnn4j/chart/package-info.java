/**
 * PNG charts, written headless and atomically. Made with XChart: learning curves, gradient norm
 * against distance (log y axis) and forecasts with an uncertainty band, see
 * {@link dev.rnn4j.chart.Charts}; forecasts of many series in a grid, dates on the x axis and the
 * prediction intervals as bands, see {@link dev.rnn4j.chart.ForecastGrid}; the attention weights of a translation as a heat map with the
 * tokens on both axes, see {@link dev.rnn4j.chart.AttentionHeatmap}. Drawn with Java2D: a
 * spectrogram with an optional row of frame labels under it, see
 * {@link dev.rnn4j.chart.SpectrogramImage}.
 */
package dev.rnn4j.chart;
