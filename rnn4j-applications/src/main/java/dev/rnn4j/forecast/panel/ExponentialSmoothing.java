package dev.rnn4j.forecast.panel;

/**
 * Simple exponential smoothing with the level started at the first observation, l_0 = x_0, and
 * l_t = α x_t + (1 − α) l_{t−1}; α minimises the sum of squared one-step errors Σ (x_t − l_{t−1})²
 * (statsmodels' {@code ExponentialSmoothing(x, initial_level=x[0], initialization_method="known")}, which
 * the Theta method fits).
 */
public final class ExponentialSmoothing {

    /** The bounds and start of statsmodels' search for α. */
    static final double LOWEST = 1e-4;
    static final double HIGHEST = 1 - 1e-4;
    private static final double START = 0.1;
    /** Grid steps over [LOWEST, HIGHEST] for the downhill walk. */
    static final int GRID_STEPS = 2000;

    private ExponentialSmoothing() {
    }

    /** The sum of squared one-step errors for smoothing weight {@code alpha}. */
    public static double sse(double[] x, double alpha) {
        double level = x[0];
        double sse = 0;
        for (double v : x) {
            double e = v - level;
            sse += e * e;
            level += alpha * e;
        }
        return sse;
    }

    /**
     * The α in [{@value #LOWEST}, {@value #HIGHEST}] that minimises {@link #sse} the way the Theta method's SES
     * fit in statsmodels ({@code statespace.ExponentialSmoothing}: a local quasi-Newton search started at α = 0.1
     * within those bounds) finds it: the search walks downhill from 0.1 over a grid of step 1/{@value #GRID_STEPS}
     * to the first local minimum, then refines it by golden section between the neighbouring grid points. The
     * result is the local minimum reached from 0.1, not always the global one; following statsmodels here is what
     * makes the Theta method reproduce its M3 scores.
     */
    public static double fitAlpha(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("x: expected at least one observation, got none");
        }
        double step = (HIGHEST - LOWEST) / GRID_STEPS;
        int i = (int) Math.round((START - LOWEST) / step);
        double here = sse(x, LOWEST + i * step);
        while (true) {
            double left = i > 0 ? sse(x, LOWEST + (i - 1) * step) : Double.POSITIVE_INFINITY;
            double right = i < GRID_STEPS ? sse(x, LOWEST + (i + 1) * step) : Double.POSITIVE_INFINITY;
            if (left < here && left <= right) {
                i--;
                here = left;
            } else if (right < here) {
                i++;
                here = right;
            } else {
                break;
            }
        }
        double lo = LOWEST + Math.max(0, i - 1) * step;
        double hi = LOWEST + Math.min(GRID_STEPS, i + 1) * step;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = sse(x, a);
        double fb = sse(x, b);
        for (int it = 0; it < 50; it++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = sse(x, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = sse(x, b);
            }
        }
        double refined = Math.min(HIGHEST, Math.max(LOWEST, (lo + hi) / 2));
        return sse(x, refined) <= here ? refined : Math.min(HIGHEST, LOWEST + i * step);
    }

    /** The final level l_{n−1}, which is the forecast for every later step. */
    public static double lastLevel(double[] x, double alpha) {
        double level = x[0];
        for (double v : x) {
            level += alpha * (v - level);
        }
        return level;
    }
}
