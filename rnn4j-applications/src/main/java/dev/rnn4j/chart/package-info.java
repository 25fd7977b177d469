/**
 * PNG charts made with XChart, written headless and atomically: learning curves, gradient norm
 * against distance (log y axis) and forecasts with an uncertainty band, see
 * {@link dev.rnn4j.chart.Charts}; and the attention weights of a translation as a heat map with the
 * tokens on both axes, see {@link dev.rnn4j.chart.AttentionHeatmap}.
 */
package dev.rnn4j.chart;
