package dev.rnn4j.forecast.panel;

/**
 * The errors of a prediction interval over a forecast horizon.
 *
 * <ul>
 *   <li>coverage: the number of actual values inside their interval, bounds included;</li>
 *   <li>the interval score of Gneiting &amp; Raftery (2007), also called the Winkler score, of a central
 *       (1 − α) interval [l, u]: {@code (u − l) + (2/α)(l − y)·[y < l] + (2/α)(y − u)·[y > u]}, the width plus a
 *       penalty for each miss that grows with its distance; lower is better, and its expectation is smallest for
 *       the true α/2 and 1 − α/2 quantiles;</li>
 *   <li>MSIS, the M4 competition's scaled interval score (Makridakis, Spiliotis &amp; Assimakopoulos 2020): the
 *       mean interval score over the horizon divided by the in-sample mean absolute seasonal-naive error of the
 *       training part, the scale of MASE ({@link M3Metrics#seasonalNaiveScale}), so series of any level average
 *       together. The M4 competition scored α = 0.05.</li>
 * </ul>
 * A zero scale gives an infinite or NaN MSIS, as the formula does.
 */
public final class IntervalMetrics {

    private IntervalMetrics() {
    }

    /** The number of {@code actual[k]} with {@code lower[k] <= actual[k] <= upper[k]}. */
    public static int inside(double[] actual, double[] lower, double[] upper) {
        checkLengths(actual, lower, upper);
        int count = 0;
        for (int k = 0; k < actual.length; k++) {
            if (actual[k] >= lower[k] && actual[k] <= upper[k]) {
                count++;
            }
        }
        return count;
    }

    /**
     * The mean interval score of the central {@code 1 − alpha} intervals over the horizon, in the data's units.
     *
     * @param alpha the interval's nominal miss rate in (0, 1): 0.05 for a 95 % interval
     */
    public static double intervalScore(double[] actual, double[] lower, double[] upper, double alpha) {
        checkLengths(actual, lower, upper);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha: expected in (0, 1), got " + alpha);
        }
        double sum = 0;
        for (int k = 0; k < actual.length; k++) {
            double y = actual[k];
            sum += upper[k] - lower[k];
            if (y < lower[k]) {
                sum += 2 / alpha * (lower[k] - y);
            } else if (y > upper[k]) {
                sum += 2 / alpha * (y - upper[k]);
            }
        }
        return sum / actual.length;
    }

    /** MSIS: {@link #intervalScore} divided by the seasonal-naive scale of period {@code period} on {@code train}. */
    public static double msis(double[] train, double[] actual, double[] lower, double[] upper, double alpha,
                              int period) {
        return intervalScore(actual, lower, upper, alpha) / M3Metrics.seasonalNaiveScale(train, period);
    }

    private static void checkLengths(double[] actual, double[] lower, double[] upper) {
        if (actual.length == 0 || lower.length != actual.length || upper.length != actual.length) {
            throw new IllegalArgumentException("lower, upper: expected " + actual.length + " values each (one per "
                    + "actual, at least one), got " + lower.length + " and " + upper.length);
        }
    }
}
