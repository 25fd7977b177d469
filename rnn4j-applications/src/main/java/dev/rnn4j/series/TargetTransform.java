package dev.rnn4j.series;

/**
 * The invertible chain applied to a target series before modelling, in this order:
 * <ol>
 *   <li>optional log: {@code z = ln(y + logOffset)} (needs {@code y > -logOffset});</li>
 *   <li>optional differencing with lag {@code m} ({@code m = 1}: first differences; {@code m = 12} on monthly data:
 *       seasonal differences): {@code d[t] = z[t] - z[t - m]}, so the output is {@code m} values shorter and its
 *       element {@code i} belongs to row {@code i + m} of the input;</li>
 *   <li>a {@link Scaler} fitted on the (logged, differenced) training part only.</li>
 * </ol>
 * {@link #inverseForecast(double[], double[])} undoes the chain for a forecast that continues a known history.
 * A record, so it can be saved with the model and restored.
 *
 * @param log            whether the log step is applied
 * @param logOffset      added before the log (0 for strictly positive series)
 * @param differencingLag 0 for no differencing, else the lag m
 * @param scaler         the fitted scaler (of the logged, differenced values)
 */
public record TargetTransform(boolean log, double logOffset, int differencingLag, Scaler scaler) {

    /** Validates the parameters. */
    public TargetTransform {
        if (differencingLag < 0) {
            throw new IllegalArgumentException("differencingLag: expected 0 (none) or a lag >= 1, got "
                    + differencingLag);
        }
        if (!Double.isFinite(logOffset)) {
            throw new IllegalArgumentException("logOffset: expected a finite number, got " + logOffset);
        }
        if (scaler == null) {
            throw new IllegalArgumentException("scaler: expected a fitted scaler, got null");
        }
    }

    /**
     * Fits the chain on the training part of a series.
     *
     * @param trainSeries     the training part, original scale
     * @param origin          its origin (file, column, lines) for error messages
     * @param log             apply {@code ln(y)} first (the series must be positive)
     * @param differencingLag 0 for none, 1 for first differences, m for seasonal differences
     * @param scalerKind      the scaler fitted on the result
     * @throws SeriesFormatException if a value cannot be logged, the training part is not longer than the lag,
     *                               or the transformed training values are constant
     */
    public static TargetTransform fit(double[] trainSeries, SeriesOrigin origin, boolean log, int differencingLag,
                                      ScalerKind scalerKind) {
        return fit(trainSeries, origin, log, 0, differencingLag, scalerKind);
    }

    /** {@link #fit(double[], SeriesOrigin, boolean, int, ScalerKind)} with {@code ln(y + logOffset)}. */
    public static TargetTransform fit(double[] trainSeries, SeriesOrigin origin, boolean log, double logOffset,
                                      int differencingLag, ScalerKind scalerKind) {
        if (scalerKind == null) {
            throw new IllegalArgumentException("scalerKind: expected NONE, STANDARD or MIN_MAX, got null");
        }
        TargetTransform unscaled = new TargetTransform(log, logOffset, differencingLag, new Scaler.Identity());
        double[] z = unscaled.transform(trainSeries, origin);
        if (scalerKind != ScalerKind.NONE && (log || differencingLag > 0) && isConstant(z)) {
            throw origin.error("the series is constant after " + unscaled.describeSteps() + " (every one of the "
                    + z.length + " transformed training values is " + z[0] + "), so " + scalerKind
                    + " scaling would divide by zero");
        }
        Scaler scaler = scalerKind.fit(z, origin.range(differencingLag, origin.length()));
        return new TargetTransform(log, logOffset, differencingLag, scaler);
    }

    /** A transform that does nothing (no log, no differencing, no scaling). */
    public static TargetTransform identity() {
        return new TargetTransform(false, 0, 0, new Scaler.Identity());
    }

    /**
     * Applies the chain.
     *
     * @param series a series in the original scale, longer than the differencing lag
     * @param origin its origin, for error messages (same length as {@code series})
     * @return {@code series.length - differencingLag} transformed values; element i belongs to row i + lag
     */
    public double[] transform(double[] series, SeriesOrigin origin) {
        if (series == null || origin == null || origin.length() != series.length) {
            throw new IllegalArgumentException("series, origin: expected a series and an origin of the same length,"
                    + " got " + (series == null ? "null" : series.length) + " values and "
                    + (origin == null ? "null" : origin.length()));
        }
        if (series.length <= differencingLag) {
            throw origin.error("fewer rows (" + series.length + ") than needed for differencing with lag "
                    + differencingLag + " (at least " + (differencingLag + 1) + ")");
        }
        double[] z = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            z[i] = logged(series[i], origin, i);
        }
        double[] d = differencingLag == 0 ? z : difference(z, differencingLag);
        return scaler.transform(d);
    }

    /** {@link #transform(double[], SeriesOrigin)} for values without a file origin. */
    public double[] transform(double[] series) {
        return transform(series, SeriesOrigin.unnamed("series", series == null ? 0 : series.length));
    }

    /**
     * Maps a forecast made in the transformed space back to the original scale.
     *
     * @param forecast transformed forecasts for the {@code H} steps right after {@code history}
     * @param history  the original-scale values before the forecast (at least {@code differencingLag} of them;
     *                 only the last {@code differencingLag} are used)
     * @return H original-scale forecasts
     */
    public double[] inverseForecast(double[] forecast, double[] history) {
        if (forecast == null) {
            throw new IllegalArgumentException("forecast: expected an array, got null");
        }
        if (differencingLag > 0 && (history == null || history.length < differencingLag)) {
            throw new IllegalArgumentException("history: expected at least " + differencingLag
                    + " original values to undo differencing with lag " + differencingLag + ", got "
                    + (history == null ? "null" : history.length));
        }
        double[] d = scaler.inverse(forecast);
        double[] z;
        if (differencingLag == 0) {
            z = d;
        } else {
            double[] tail = new double[differencingLag];
            SeriesOrigin h = SeriesOrigin.unnamed("history", history.length);
            for (int i = 0; i < differencingLag; i++) {
                int at = history.length - differencingLag + i;
                tail[i] = logged(history[at], h, at);
            }
            z = undifference(d, tail, differencingLag);
        }
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = log ? Math.exp(z[i]) - logOffset : z[i];
        }
        return y;
    }

    private double logged(double y, SeriesOrigin origin, int index) {
        if (!log) {
            return y;
        }
        if (!(y + logOffset > 0)) {
            throw origin.errorAt(index, "value " + y + " cannot be logged: log needs y + logOffset > 0 (logOffset = "
                    + logOffset + ")");
        }
        return Math.log(y + logOffset);
    }

    private static boolean isConstant(double[] z) {
        for (double v : z) {
            if (v != z[0]) {
                return false;
            }
        }
        return true;
    }

    private String describeSteps() {
        String s = log ? "log" : "";
        if (differencingLag > 0) {
            s += (s.isEmpty() ? "" : " and ") + "differencing with lag " + differencingLag;
        }
        return s;
    }

    /** {@code d[i] = x[i + lag] - x[i]} for {@code i < x.length - lag}. */
    public static double[] difference(double[] x, int lag) {
        if (x == null || lag < 1 || x.length <= lag) {
            throw new IllegalArgumentException("difference: expected lag >= 1 and more than lag values, got lag="
                    + lag + ", " + (x == null ? "null" : x.length) + " values");
        }
        double[] d = new double[x.length - lag];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i + lag] - x[i];
        }
        return d;
    }

    /**
     * Inverse of {@link #difference}: continues a series whose last {@code lag} values are {@code tail} with
     * the differences {@code d}: {@code y[k] = d[k] + (k < lag ? tail[k] : y[k - lag])}.
     */
    public static double[] undifference(double[] d, double[] tail, int lag) {
        if (d == null || tail == null || lag < 1 || tail.length != lag) {
            throw new IllegalArgumentException("undifference: expected lag >= 1 and exactly lag tail values, got lag="
                    + lag + ", tail " + (tail == null ? "null" : tail.length));
        }
        double[] y = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            y[k] = d[k] + (k < lag ? tail[k] : y[k - lag]);
        }
        return y;
    }
}
