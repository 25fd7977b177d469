package dev.rnn4j.series;

import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * A regression of a series on the annual cycle: a level and K Fourier pairs of the day of the year,
 * {@code fit(t) = a + sum_{k=1..K} (b_k sin(2 pi k d / P) + c_k cos(2 pi k d / P))} with d the day of the year
 * minus one (0..365, the phase of the cyclic day-of-year calendar feature) and P = {@value #PERIOD_DAYS} days,
 * fitted by least squares. Subtracting it leaves the residual a model forecasts; adding it back at the forecast
 * rows' times restores the level (the split of an ARIMA with Fourier regressors: the regression carries the
 * annual cycle, the model the rest).
 *
 * @param pairs        K, the number of harmonics, >= 1
 * @param coefficients {@code 1 + 2K} values: {@code a, b_1, c_1, ..., b_K, c_K}
 */
public record AnnualFourier(int pairs, double[] coefficients) {
    /** The period of the cycle in days (the mean calendar year). */
    public static final double PERIOD_DAYS = 365.25;

    /** Validates the coefficients' count and values; the array is copied. */
    public AnnualFourier {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs: expected >= 1 Fourier pairs, got " + pairs);
        }
        if (coefficients == null || coefficients.length != 1 + 2 * pairs) {
            throw new IllegalArgumentException("coefficients: expected " + (1 + 2 * pairs) + " values (a level and "
                    + pairs + " sin/cos pairs), got " + (coefficients == null ? "null" : coefficients.length));
        }
        for (double c : coefficients) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("coefficients: expected finite values, got "
                        + Arrays.toString(coefficients));
            }
        }
        coefficients = coefficients.clone();
    }

    /** A copy of the coefficients: {@code a, b_1, c_1, ..., b_K, c_K}. */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * Fits the regression by least squares.
     *
     * @param values the series (n values, finite)
     * @param times  their times (n)
     * @param pairs  K >= 1
     * @throws IllegalArgumentException if the lengths differ, a value is not finite, or the rows are too few or too
     *                                  close in the year for 1 + 2K coefficients (a singular system)
     */
    public static AnnualFourier fit(double[] values, LocalDateTime[] times, int pairs) {
        if (values == null || times == null || values.length != times.length) {
            throw new IllegalArgumentException("values, times: expected the same number of values and times, got "
                    + (values == null ? "null" : values.length) + " and " + (times == null ? "null" : times.length));
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs: expected >= 1 Fourier pairs, got " + pairs);
        }
        int p = 1 + 2 * pairs;
        if (values.length < p) {
            throw new IllegalArgumentException("values: expected at least " + p + " rows to fit " + pairs
                    + " Fourier pair(s) and a level, got " + values.length);
        }
        double[][] normal = new double[p][p + 1]; // the normal equations X'X b = X'y, augmented (p, p + 1)
        double[] row = new double[p];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "]: expected a finite value, got " + values[i]);
            }
            regressors(times[i], pairs, row);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    normal[r][c] += row[r] * row[c];
                }
                normal[r][p] += row[r] * values[i];
            }
        }
        return new AnnualFourier(pairs, solve(normal, p));
    }

    /**
     * The number of pairs in {@code 1..maxPairs} whose least-squares fit has the lowest Bayesian information
     * criterion {@code n ln(RSS / n) + (1 + 2K) ln n} (n rows, RSS the residual sum of squares).
     *
     * @throws IllegalArgumentException as {@link #fit}, for every K tried, or if {@code maxPairs < 1}
     */
    public static int choosePairs(double[] values, LocalDateTime[] times, int maxPairs) {
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs: expected >= 1, got " + maxPairs);
        }
        int best = 0;
        double bestBic = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= maxPairs; k++) {
            double bic = bic(values, times, fit(values, times, k));
            if (bic < bestBic) {
                bestBic = bic;
                best = k;
            }
        }
        return best;
    }

    // n ln(RSS / n) + p ln n of a fitted regression on its rows
    static double bic(double[] values, LocalDateTime[] times, AnnualFourier fit) {
        double[] cycle = fit.values(times);
        double rss = 0;
        for (int i = 0; i < values.length; i++) {
            rss += (values[i] - cycle[i]) * (values[i] - cycle[i]);
        }
        int n = values.length;
        return n * Math.log(Math.max(rss, Double.MIN_NORMAL) / n) + fit.coefficients.length * Math.log(n);
    }

    /** The fitted cycle at each time: (n). */
    public double[] values(LocalDateTime[] times) {
        if (times == null) {
            throw new IllegalArgumentException("times: expected the rows' times, got null");
        }
        double[] out = new double[times.length];
        double[] row = new double[coefficients.length];
        for (int i = 0; i < times.length; i++) {
            regressors(times[i], pairs, row);
            double sum = 0;
            for (int c = 0; c < row.length; c++) {
                sum += coefficients[c] * row[c];
            }
            out[i] = sum;
        }
        return out;
    }

    // 1, sin(2 pi d / P), cos(2 pi d / P), ..., sin(2 pi K d / P), cos(2 pi K d / P) into row (1 + 2K)
    private static void regressors(LocalDateTime t, int pairs, double[] row) {
        if (t == null) {
            throw new IllegalArgumentException("times: expected a time for every row, got null");
        }
        double phase = 2 * Math.PI * CalendarFeatures.Field.DAY_OF_YEAR.position(t) / PERIOD_DAYS;
        row[0] = 1;
        for (int k = 1; k <= pairs; k++) {
            row[2 * k - 1] = Math.sin(k * phase);
            row[2 * k] = Math.cos(k * phase);
        }
    }

    // Gaussian elimination with partial pivoting of an augmented (p, p + 1) system
    private static double[] solve(double[][] a, int p) {
        double scale = 0;
        for (int r = 0; r < p; r++) {
            scale = Math.max(scale, Math.abs(a[r][r]));
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][col]) > 1e-10 * scale)) {
                throw new IllegalArgumentException("times: the rows do not cover enough of the year to fit "
                        + (p - 1) / 2 + " Fourier pair(s) (singular least-squares system)");
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = col + 1; r < p; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= p; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] b = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double sum = a[r][p];
            for (int c = r + 1; c < p; c++) {
                sum -= a[r][c] * b[c];
            }
            b[r] = sum / a[r][r];
        }
        return b;
    }
}
