package dev.rnn4j.series;

/**
 * Cuts a feature matrix and a target column into sliding windows ({@link Windows}).
 *
 * <p>A window whose first target step is row t uses input rows {@code [t - L, t)} and target rows
 * {@code [t, t + H)}. Only windows with {@code t >= targetFrom} and {@code t + H <= targetTo} are made, so the
 * targets stay inside a split part while the inputs may reach back before it (e.g. test windows read the end of
 * the validation part). Windows are placed from the end: the last one ends exactly at {@code targetTo}, the
 * others {@code stride} steps earlier each, and they are returned in time order; so a stride above 1 never
 * skips the most recent data.
 */
public final class SlidingWindows {
    private SlidingWindows() {
    }

    /**
     * Windows whose targets lie in rows {@code [targetFrom, targetTo)}.
     *
     * @param features   {@code (T, F)} inputs per row
     * @param target     (T) the target column, already transformed
     * @param spec       lookback, horizon, stride
     * @param targetFrom first row a target may be at
     * @param targetTo   one past the last row a target may be at
     * @param origin     where the target rows came from (length T), for the error message
     * @throws SeriesFormatException when no window fits (fewer rows than lookback + horizon)
     */
    public static Windows create(FeatureMatrix features, double[] target, WindowSpec spec, int targetFrom,
                                 int targetTo, SeriesOrigin origin) {
        if (features == null || target == null || spec == null || origin == null) {
            throw new IllegalArgumentException("features, target, spec, origin: expected non-null arguments");
        }
        int rows = features.rows();
        if (target.length != rows || origin.length() != rows) {
            throw new IllegalArgumentException("target, origin: expected " + rows + " rows like the features, got "
                    + target.length + " and " + origin.length());
        }
        if (targetFrom < 0 || targetTo < targetFrom || targetTo > rows) {
            throw new IllegalArgumentException("target range [" + targetFrom + ", " + targetTo
                    + "): expected 0 <= targetFrom <= targetTo <= " + rows);
        }
        int lookback = spec.lookback();
        int horizon = spec.horizon();
        int first = Math.max(lookback, targetFrom);
        int last = targetTo - horizon; // last allowed first-target row
        if (last < first) {
            if (targetFrom <= lookback) {
                throw origin.range(0, targetTo).error("fewer rows than lookback + horizon: " + targetTo
                        + " rows, need at least lookback + horizon = " + lookback + " + " + horizon + " = "
                        + (lookback + horizon));
            }
            throw origin.range(targetFrom, targetTo).error("the target range has " + (targetTo - targetFrom)
                    + " rows, fewer than the horizon " + horizon);
        }
        int count = (last - first) / spec.stride() + 1;
        int f = features.features();
        if ((long) count * lookback * f > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("windows: N * L * F = " + count + " * " + lookback + " * " + f
                    + " values do not fit in one array; use a larger stride or a shorter range");
        }
        float[] x = features.values();
        float[] inputs = new float[count * lookback * f];
        float[] targets = new float[count * horizon];
        int[] starts = new int[count];
        for (int n = 0; n < count; n++) {
            int t = last - (count - 1 - n) * spec.stride();
            starts[n] = t;
            // inputs[n]: rows [t - L, t), contiguous in the row-major matrix
            System.arraycopy(x, (t - lookback) * f, inputs, n * lookback * f, lookback * f);
            for (int h = 0; h < horizon; h++) {
                targets[n * horizon + h] = (float) target[t + h];
            }
        }
        return new Windows(inputs, targets, count, lookback, f, horizon, starts);
    }

    /** Windows over all rows: targets anywhere in {@code [0, T)}. */
    public static Windows create(FeatureMatrix features, double[] target, WindowSpec spec, SeriesOrigin origin) {
        return create(features, target, spec, 0, target == null ? 0 : target.length, origin);
    }

    /** Univariate windows: the series is both the single input feature and the target. */
    public static Windows univariate(double[] series, WindowSpec spec, SeriesOrigin origin) {
        if (series == null) {
            throw new IllegalArgumentException("series: expected an array, got null");
        }
        return create(FeatureMatrix.of("value", series), series, spec, origin);
    }

    /**
     * The input of the window whose first target step is row t: rows {@code [t - L, t)} as {@code (1, L, F)}.
     * Use {@code t = T} to forecast past the end of the data.
     */
    public static float[] inputAt(FeatureMatrix features, int lookback, int t) {
        if (features == null || lookback < 1 || t < lookback || t > features.rows()) {
            throw new IllegalArgumentException("inputAt: expected lookback >= 1 and lookback <= t <= "
                    + (features == null ? "rows" : features.rows()) + ", got lookback=" + lookback + ", t=" + t);
        }
        float[] out = new float[lookback * features.features()];
        System.arraycopy(features.values(), (t - lookback) * features.features(), out, 0, out.length);
        return out;
    }
}
