/**
 * PNG charts made with XChart, written headless and atomically: learning curves, gradient norm
 * against distance (log y axis) and forecasts with an uncertainty band, see
 * {@link dev.rnn4j.chart.Charts}.
 */
package dev.rnn4j.chart;
