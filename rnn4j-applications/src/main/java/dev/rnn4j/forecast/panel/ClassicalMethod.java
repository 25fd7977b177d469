package dev.rnn4j.forecast.panel;

/**
 * The classical benchmark methods of the M3/M4 competitions, each a function from the history
 * (x_0 … x_{n−1}), the horizon h and the seasonal period m to h forecasts.
 */
public enum ClassicalMethod {

    /** Every forecast is the last observation. */
    NAIVE {
        @Override
        double[] forecastUnchecked(double[] x, int h, int m) {
            double[] f = new double[h];
            java.util.Arrays.fill(f, x[x.length - 1]);
            return f;
        }
    },

    /** The observation one season earlier: f_{n+k} = x_{n − m + (k mod m)}; the naive method when m = 1. */
    SEASONAL_NAIVE {
        @Override
        double[] forecastUnchecked(double[] x, int h, int m) {
            int season = Math.min(Math.max(m, 1), x.length);
            double[] f = new double[h];
            for (int k = 0; k < h; k++) {
                f[k] = x[x.length - season + k % season];
            }
            return f;
        }
    },

    /**
     * The Theta method of Assimakopoulos &amp; Nikolopoulos (2000), theta = 2, in the form of Hyndman &amp; Billah
     * (2003) that statsmodels' {@code ThetaModel} and R's {@code forecast::thetaf} use. If
     * {@link Seasonality#isSeasonal} says so, the series is divided by the indices of the classical multiplicative
     * decomposition (additive if a multiplicative index would not be positive). On the adjusted series y, b_0 is
     * the least-squares slope of y on t = 0 … n−1 and SES gives α and the level ℓ; the forecast k = 1 … h steps
     * ahead is ℓ + (b_0 / 2)(k − 1 + (1 − (1 − α)^n) / α), re-seasonalised with the index of position n + k − 1.
     */
    THETA {
        @Override
        double[] forecastUnchecked(double[] x, int h, int m) {
            int n = x.length;
            boolean seasonal = Seasonality.isSeasonal(x, m);
            double[] indices = null;
            boolean multiplicative = true;
            double[] y = x;
            if (seasonal) {
                indices = Seasonality.indices(x, m, true);
                double min = Double.POSITIVE_INFINITY;
                for (double s : indices) {
                    min = Math.min(min, s);
                }
                // statsmodels' ThetaModel switches to the additive decomposition in the same case
                if (!(min > 0)) {
                    multiplicative = false;
                    indices = Seasonality.indices(x, m, false);
                }
                y = new double[n];
                for (int t = 0; t < n; t++) {
                    y[t] = multiplicative ? x[t] / indices[t % m] : x[t] - indices[t % m];
                }
            }
            double slope = slope(y);
            double alpha = ExponentialSmoothing.fitAlpha(y);
            double level = ExponentialSmoothing.lastLevel(y, alpha);
            double[] f = new double[h];
            for (int k = 0; k < h; k++) {
                // (1 − (1 − α)^n) / α tends to n as α → 0
                double steps = k + (alpha > 0 ? (1 - Math.pow(1 - alpha, n)) / alpha : n);
                f[k] = level + 0.5 * slope * steps;
                if (seasonal) {
                    double s = indices[(n + k) % m];
                    f[k] = multiplicative ? f[k] * s : f[k] + s;
                }
            }
            return f;
        }
    };

    /**
     * Forecasts h steps after the history.
     *
     * @param history x_0 … x_{n−1}, finite, n ≥ 1
     * @param horizon h ≥ 1
     * @param period  the seasonal period m ≥ 1 (1 for yearly data)
     */
    public double[] forecast(double[] history, int horizon, int period) {
        if (history.length == 0) {
            throw new IllegalArgumentException("history: expected at least one value, got none");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon: expected at least 1, got " + horizon);
        }
        if (period < 1) {
            throw new IllegalArgumentException("period: expected at least 1, got " + period);
        }
        return forecastUnchecked(history, horizon, period);
    }

    abstract double[] forecastUnchecked(double[] x, int h, int m);

    /** The command-line name: naive, snaive or theta. */
    public String cliName() {
        return switch (this) {
            case NAIVE -> "naive";
            case SEASONAL_NAIVE -> "snaive";
            case THETA -> "theta";
        };
    }

    /** The method with {@link #cliName()} {@code name}. */
    public static ClassicalMethod fromCliName(String name) {
        for (ClassicalMethod method : values()) {
            if (method.cliName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("method: expected naive, snaive or theta, got '" + name + "'");
    }

    /** Least-squares slope of y on t = 0 … n−1 (0 for a single point). */
    static double slope(double[] y) {
        int n = y.length;
        if (n < 2) {
            return 0;
        }
        double tMean = (n - 1) / 2.0;
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= n;
        double num = 0;
        double den = 0;
        for (int t = 0; t < n; t++) {
            num += (t - tMean) * (y[t] - yMean);
            den += (t - tMean) * (t - tMean);
        }
        return num / den;
    }
}
