package dev.rnn4j.series;

/**
 * What {@link SeriesCsvReader} does with missing cells ({@code NA}, {@code NaN} or empty) in the selected
 * value and categorical columns.
 *
 * <p>In every policy, a column whose cells are all missing is an error.
 */
public enum MissingValuePolicy {
    /** Drop every row in which any selected column is missing. Times then have gaps. */
    DROP,
    /**
     * Replace a missing cell by the last present value above it in the same column. Leading rows, before
     * every selected column has had a present value, are dropped (there is nothing to carry forward).
     */
    FORWARD_FILL,
    /**
     * Numeric columns: fill interior gaps by linear interpolation over the row index (not over time) between
     * the present values on either side; trailing gaps hold the last present value. Categorical columns are
     * forward-filled. Leading rows, before every selected column has had a present value, are dropped.
     */
    INTERPOLATE
}
