package dev.rnn4j.series;

/** The scalers {@link #fit(double[], SeriesOrigin)} can make. */
public enum ScalerKind {
    /** {@link Scaler.Identity}. */
    NONE,
    /** {@link Scaler.Standard}: zero mean, unit (population) standard deviation on the training part. */
    STANDARD,
    /** {@link Scaler.MinMax}: the training part's range maps to [0, 1]. */
    MIN_MAX;

    /**
     * Fits a scaler of this kind on training values.
     *
     * @param trainValues the training part only (never validation or test values)
     * @param origin      where the values came from (file, column, lines), for error messages
     * @return the fitted scaler
     * @throws SeriesFormatException if the values are constant (scaling would divide by zero) or not finite
     * @throws IllegalArgumentException if {@code trainValues} is empty or its length differs from the origin's
     */
    public Scaler fit(double[] trainValues, SeriesOrigin origin) {
        if (trainValues == null || trainValues.length == 0) {
            throw new IllegalArgumentException("trainValues: expected at least one value, got "
                    + (trainValues == null ? "null" : "none"));
        }
        if (origin == null || origin.length() != trainValues.length) {
            throw new IllegalArgumentException("origin: expected one describing " + trainValues.length
                    + " values, got " + (origin == null ? "null" : origin.length()));
        }
        if (this == NONE) {
            return new Scaler.Identity();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < trainValues.length; i++) {
            double v = trainValues[i];
            if (!Double.isFinite(v)) {
                throw origin.errorAt(i, "value " + v + " is not finite; cannot fit a " + this + " scaler");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        if (min == max) {
            throw origin.error("the series is constant (every one of the " + trainValues.length
                    + " training values is " + min + "), so " + this + " scaling would divide by zero");
        }
        if (this == MIN_MAX) {
            return new Scaler.MinMax(min, max);
        }
        double mean = sum / trainValues.length;
        double squares = 0;
        for (double v : trainValues) {
            squares += (v - mean) * (v - mean);
        }
        return new Scaler.Standard(mean, Math.sqrt(squares / trainValues.length));
    }

    /** {@link #fit(double[], SeriesOrigin)} for values without a file origin. */
    public Scaler fit(double[] trainValues) {
        return fit(trainValues, SeriesOrigin.unnamed("values", trainValues == null ? 0 : trainValues.length));
    }
}
