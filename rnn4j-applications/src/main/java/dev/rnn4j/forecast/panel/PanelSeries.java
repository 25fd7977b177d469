package dev.rnn4j.forecast.panel;

/**
 * One series of a panel, in time order.
 *
 * @param id         the series id as written in the file
 * @param times      the time keys, strictly increasing (numbers as written, or dates as described in
 *                   {@link PanelCsvReader}); length T
 * @param values     the target, length T
 * @param covariates the covariates, (T, C) with C the panel's covariate count (C may be 0)
 * @param firstLine  the 1-based file line of the series' first row
 */
public record PanelSeries(String id, double[] times, double[] values, double[][] covariates, int firstLine) {

    /** The number of time steps T. */
    public int length() {
        return values.length;
    }
}
