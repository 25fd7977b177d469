package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.panel.PanelSeries;

import java.util.Arrays;

/**
 * One series as a global forecaster reads it: its values in time order, optional per-step covariates, and an
 * optional group (a category such as M3's MICRO or MACRO) that the network sees as a one-hot input.
 *
 * @param id         the series id, named in messages and in forecast files
 * @param group      the series' group, or null for none
 * @param values     (T) the target, finite, oldest first, T &gt;= 1
 * @param covariates (T, C) numeric covariates per step, or an empty array ((0) rows) when the panel has none
 */
public record GlobalSeries(String id, String group, double[] values, double[][] covariates) {

    /** Validates lengths and finiteness; messages name the series. */
    public GlobalSeries {
        if (id == null) {
            throw new IllegalArgumentException("id: expected a series id, got null");
        }
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("series '" + id + "': expected at least one value, got none");
        }
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                throw new IllegalArgumentException("series '" + id + "': values[" + t + "]: expected a finite "
                        + "number, got " + values[t]);
            }
        }
        if (covariates == null) {
            covariates = new double[0][];
        }
        if (covariates.length != 0 && covariates.length != values.length) {
            throw new IllegalArgumentException("series '" + id + "': covariates: expected " + values.length
                    + " rows (one per value) or none, got " + covariates.length);
        }
    }

    /** A series without covariates. */
    public static GlobalSeries of(String id, String group, double[] values) {
        return new GlobalSeries(id, group, values, new double[0][]);
    }

    /** A series read from a panel file, with the given group (or null). */
    public static GlobalSeries of(PanelSeries series, String group) {
        return new GlobalSeries(series.id(), group, series.values(), series.covariates());
    }

    /** T, the number of values. */
    public int length() {
        return values.length;
    }

    /** C, the covariates per step (0 when there are none). */
    public int covariateCount() {
        return covariates.length == 0 ? 0 : covariates[0].length;
    }

    /** The first {@code count} steps (the training part when the rest is held out), same id and group. */
    public GlobalSeries head(int count) {
        if (count < 1 || count > values.length) {
            throw new IllegalArgumentException("series '" + id + "': count: expected 1.." + values.length + ", got "
                    + count);
        }
        return new GlobalSeries(id, group, Arrays.copyOf(values, count),
                covariates.length == 0 ? covariates : Arrays.copyOf(covariates, count));
    }
}
