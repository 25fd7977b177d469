package dev.rnn4j.forecast.panel;

/**
 * Simple exponential smoothing with the level started at the first observation, l_0 = x_0, and
 * l_t = α x_t + (1 − α) l_{t−1}; α in [0, 1] minimises the sum of squared one-step errors Σ (x_t − l_{t−1})²
 * (statsmodels' {@code ExponentialSmoothing(x, initial_level=x[0], initialization_method="known")}, which
 * the Theta method fits).
 */
public final class ExponentialSmoothing {

    private static final int GRID = 1000;

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
     * The α in [0, 1] with the least {@link #sse}: the best of a grid of step 0.001, refined by golden-section
     * search between its neighbours.
     */
    public static double fitAlpha(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("x: expected at least one observation, got none");
        }
        int best = 0;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= GRID; i++) {
            double s = sse(x, (double) i / GRID);
            if (s < bestSse) {
                bestSse = s;
                best = i;
            }
        }
        double lo = Math.max(0, (best - 1.0) / GRID);
        double hi = Math.min(1, (best + 1.0) / GRID);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = sse(x, a);
        double fb = sse(x, b);
        for (int it = 0; it < 40; it++) {
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
        double refined = (lo + hi) / 2;
        return sse(x, refined) < bestSse ? refined : (double) best / GRID;
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
