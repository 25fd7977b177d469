package dev.rnn4j.forecast.panel;

/**
 * The seasonality test and classical decomposition used by the M3/M4 benchmarks (Naive2, Theta).
 *
 * <p>{@link #isSeasonal} is the 90 % autocorrelation test of Assimakopoulos &amp; Nikolopoulos as used in the M4
 * benchmarks: seasonal when n ≥ 3m, m &gt; 1 and |r_m| &gt; 1.645 · sqrt((1 + 2 Σ_{k&lt;m} r_k²) / n).
 * {@link #indices} is the seasonal component of the classical decomposition (statsmodels' {@code
 * seasonal_decompose} with its default two-sided centred moving average): the series divided by (or minus) the
 * 2×m moving average for even m (m-term for odd m), averaged by position t mod m over the points where the
 * average exists, normalised to mean 1 (or 0).
 */
public final class Seasonality {

    /** The one-sided 90 % normal quantile of the test. */
    private static final double Z90 = 1.645;

    private Seasonality() {
    }

    /**
     * Sample autocorrelations r_0 … r_maxLag (r_0 = 1) with the usual biased estimator: Σ (x_t − x̄)(x_{t+k} − x̄)
     * / Σ (x_t − x̄)². A constant series gives NaN for k &gt; 0.
     */
    public static double[] autocorrelation(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double denominator = 0;
        for (double v : x) {
            denominator += (v - mean) * (v - mean);
        }
        double[] r = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            double s = 0;
            for (int t = 0; t + k < n; t++) {
                s += (x[t] - mean) * (x[t + k] - mean);
            }
            r[k] = s / denominator;
        }
        return r;
    }

    /** The 90 % seasonality test at period m (false for m ≤ 1 or fewer than 3m points). */
    public static boolean isSeasonal(double[] x, int m) {
        if (m <= 1 || x.length < 3 * m) {
            return false;
        }
        double[] r = autocorrelation(x, m);
        double sum = 0;
        for (int k = 1; k < m; k++) {
            sum += r[k] * r[k];
        }
        double limit = Z90 * Math.sqrt((1 + 2 * sum) / x.length);
        return Math.abs(r[m]) > limit;
    }

    /**
     * The seasonal indices of the classical decomposition: {@code s[i]} applies to every t with t mod m = i
     * (t counted from 0 at the first point). Needs at least 2m points.
     *
     * @param multiplicative ratio to the trend and mean-1 indices if true, difference and mean-0 otherwise
     */
    public static double[] indices(double[] x, int m, boolean multiplicative) {
        int n = x.length;
        if (m < 2 || n < 2 * m) {
            throw new IllegalArgumentException("x: expected at least 2m = " + (2 * m) + " points for period m = " + m
                    + ", got " + n);
        }
        // centred moving average: weights 1/m, with half weights at both ends of an (m+1)-term window for even m
        int half = m / 2;
        double[] sums = new double[m];
        int[] counts = new int[m];
        for (int t = half; t < n - half; t++) {
            double trend;
            if (m % 2 == 0) {
                trend = 0.5 * (x[t - half] + x[t + half]);
                for (int j = t - half + 1; j < t + half; j++) {
                    trend += x[j];
                }
            } else {
                trend = 0;
                for (int j = t - half; j <= t + half; j++) {
                    trend += x[j];
                }
            }
            trend /= m;
            sums[t % m] += multiplicative ? x[t] / trend : x[t] - trend;
            counts[t % m]++;
        }
        double[] s = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            s[i] = sums[i] / counts[i];
            mean += s[i];
        }
        mean /= m;
        for (int i = 0; i < m; i++) {
            s[i] = multiplicative ? s[i] / mean : s[i] - mean;
        }
        return s;
    }
}
