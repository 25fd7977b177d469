package dev.rnn4j.forecast.global;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The preprocessing of a global forecaster, fitted on the training parts and saved with the model: it turns the
 * L steps before a forecast origin o of any series into the network input and the H steps from o into the
 * target, both scale-free.
 *
 * <p>Scaling: s is the {@link Normalisation} of the window's observed inputs {@code y[max(0, o - L) .. o)}; a value
 * y becomes {@code v(y) = ln(y / s)} with {@link #log()}, else {@code y / s}; a network output z maps back to
 * {@code s · exp(z)} or {@code s · z}.
 *
 * <p>Drift anchor (optional): the network then forecasts the difference from a damped drift line, the scaled
 * last value plus (k + 1) · b at step k, where b is half the least-squares slope of the scaled observed inputs
 * over time (Theta's drift, b0 / 2, on the scaled values); an untrained network that outputs 0 gives that line.
 *
 * <p>Input {@code x: (L, F)}, per step: feature 0 the scaled target v(y_t); feature 1 a padding flag, 1 for the
 * steps before the series' first value (they repeat v(y_0), so short series can be used); then the C covariates
 * standardised with the training parts' mean and standard deviation (0 in padded steps); then the one-hot group
 * (the same at every step; all zeros for a group the training data did not have, or no group).
 */
public final class WindowFeatures {
    private final int lookback;
    private final int horizon;
    private final Normalisation normalisation;
    private final boolean log;
    private final boolean drift;
    private final List<String> covariateNames;
    private final double[] covariateMeans;   // (C)
    private final double[] covariateStds;    // (C), > 0
    private final List<String> groups;       // the one-hot vocabulary, sorted

    /**
     * @param covariateMeans (C) subtracted from each covariate
     * @param covariateStds  (C) each covariate is divided by it (values that are not &gt; 0 are taken as 1)
     * @param groups         the groups with a one-hot column, in column order
     */
    public WindowFeatures(int lookback, int horizon, Normalisation normalisation, boolean log,
                          List<String> covariateNames, double[] covariateMeans, double[] covariateStds,
                          List<String> groups) {
        this(lookback, horizon, normalisation, log, false, covariateNames, covariateMeans, covariateStds, groups);
    }

    /**
     * @param drift whether the network forecasts the difference from the damped drift line (see the class comment)
     */
    public WindowFeatures(int lookback, int horizon, Normalisation normalisation, boolean log, boolean drift,
                          List<String> covariateNames, double[] covariateMeans, double[] covariateStds,
                          List<String> groups) {
        if (lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("lookback, horizon: expected >= 1, got " + lookback + ", " + horizon);
        }
        if (normalisation == null) {
            throw new IllegalArgumentException("normalisation: expected mean or last, got null");
        }
        int c = covariateNames.size();
        if (covariateMeans.length != c || covariateStds.length != c) {
            throw new IllegalArgumentException("covariate means and stds: expected " + c + " values each (one per "
                    + "covariate " + covariateNames + "), got " + covariateMeans.length + " and "
                    + covariateStds.length);
        }
        this.lookback = lookback;
        this.horizon = horizon;
        this.normalisation = normalisation;
        this.log = log;
        this.drift = drift;
        this.covariateNames = List.copyOf(covariateNames);
        this.covariateMeans = covariateMeans.clone();
        this.covariateStds = covariateStds.clone();
        for (int i = 0; i < c; i++) {
            if (!(this.covariateStds[i] > 0) || !Double.isFinite(this.covariateStds[i])) {
                this.covariateStds[i] = 1;
            }
        }
        this.groups = List.copyOf(groups);
    }

    /**
     * Fits the preprocessing on the training parts: log when {@code options.log()} says so or, when it is null,
     * when every training value is positive; the covariates' mean and standard deviation over every training
     * step; the sorted groups when {@code options.useGroups()}.
     *
     * @throws IllegalArgumentException if log is asked for and a training value is not positive (the message
     *                                  names the series and step), or a series has another covariate count
     */
    static WindowFeatures fit(List<GlobalSeries> training, List<String> covariateNames,
                              GlobalForecastOptions options) {
        int c = covariateNames.size();
        boolean positive = true;
        String firstNonPositive = null;
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        long steps = 0;
        TreeSet<String> groupSet = new TreeSet<>();
        for (GlobalSeries s : training) {
            if (s.covariateCount() != c) {
                throw new IllegalArgumentException("series '" + s.id() + "': expected " + c + " covariates "
                        + covariateNames + " per step, got " + s.covariateCount());
            }
            double[] y = s.values();
            for (int t = 0; t < y.length && positive; t++) {
                if (!(y[t] > 0)) {
                    positive = false;
                    firstNonPositive = "series '" + s.id() + "' has the value " + y[t] + " at step " + t;
                }
            }
            for (double[] row : s.covariates()) {
                for (int i = 0; i < c; i++) {
                    sum[i] += row[i];
                    sumSq[i] += row[i] * row[i];
                }
            }
            steps += s.covariates().length;
            if (options.useGroups() && s.group() != null) {
                groupSet.add(s.group());
            }
        }
        if (Boolean.TRUE.equals(options.log()) && !positive) {
            throw new IllegalArgumentException("log: needs positive values, but " + firstNonPositive
                    + "; use no log transform");
        }
        boolean log = options.log() != null ? options.log() : positive;
        double[] means = new double[c];
        double[] stds = new double[c];
        for (int i = 0; i < c; i++) {
            means[i] = steps == 0 ? 0 : sum[i] / steps;
            stds[i] = steps == 0 ? 1 : Math.sqrt(Math.max(0, sumSq[i] / steps - means[i] * means[i]));
        }
        return new WindowFeatures(options.lookback(), options.horizon(), options.normalisation(), log, options.drift(),
                covariateNames, means, stds, new ArrayList<>(groupSet));
    }

    /** F, input features per step: 2 + C + the number of groups. */
    public int featureCount() {
        return 2 + covariateNames.size() + groups.size();
    }

    /** The input feature names, in column order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(List.of("target", "padding"));
        names.addAll(covariateNames);
        groups.forEach(g -> names.add("group=" + g));
        return names;
    }

    /**
     * Checks that a window before {@code origin} can be built from {@code series}: origin in [1, T], the
     * covariate count, and with {@link #log()} positive inputs. Messages name the series.
     */
    void check(GlobalSeries series, int origin) {
        if (origin < 1 || origin > series.length()) {
            throw new IllegalArgumentException("series '" + series.id() + "': origin: expected 1.." + series.length()
                    + " (at least one value before the forecast), got " + origin);
        }
        if (series.covariateCount() != covariateNames.size()) {
            throw new IllegalArgumentException("series '" + series.id() + "': expected " + covariateNames.size()
                    + " covariates " + covariateNames + " per step (those the model was trained with), got "
                    + series.covariateCount());
        }
        if (log) {
            double[] y = series.values();
            for (int t = Math.max(0, origin - lookback); t < origin; t++) {
                if (!(y[t] > 0)) {
                    throw new IllegalArgumentException("series '" + series.id() + "': the model takes logarithms, "
                            + "but the value at step " + t + " is " + y[t]);
                }
            }
        }
    }

    /**
     * Writes the (L, F) input of the window before {@code origin} into {@code x[offset ..]} and returns its scale
     * s. Unchecked: see {@link #check}.
     */
    double input(GlobalSeries series, int origin, float[] x, int offset) {
        double[] y = series.values();
        int first = Math.max(0, origin - lookback);
        double scale = normalisation.scale(y, first, origin);
        int f = featureCount();
        int c = covariateNames.size();
        double padValue = scaled(y[0], scale);
        int groupColumn = series.group() == null ? -1 : groups.indexOf(series.group());
        for (int step = 0; step < lookback; step++) {
            int t = origin - lookback + step;
            int at = offset + step * f;
            Arrays.fill(x, at, at + f, 0f);
            if (t < 0) {
                x[at] = (float) padValue;
                x[at + 1] = 1f;
            } else {
                x[at] = (float) scaled(y[t], scale);
                for (int i = 0; i < c; i++) {
                    x[at + 2 + i] = (float) ((series.covariates()[t][i] - covariateMeans[i]) / covariateStds[i]);
                }
            }
            if (groupColumn >= 0) {
                x[at + 2 + c + groupColumn] = 1f;
            }
        }
        return scale;
    }

    /**
     * Writes the H network targets into {@code target[offset ..]}: the scaled values {@code v(y[origin .. origin +
     * H))}, less the {@link #anchor} with a drift anchor; unchecked.
     */
    void target(GlobalSeries series, int origin, double scale, float[] target, int offset) {
        double[] y = series.values();
        double[] anchor = anchor(series, origin, scale);
        for (int k = 0; k < horizon; k++) {
            target[offset + k] = (float) (scaled(y[origin + k], scale) - anchor[k]);
        }
    }

    /**
     * The (H) values added to the network's outputs in the scaled space before they are mapped back: zeros, or with
     * a drift anchor v(y[origin − 1]) + (k + 1) · b (see the class comment); unchecked.
     */
    double[] anchor(GlobalSeries series, int origin, double scale) {
        double[] anchor = new double[horizon];
        if (!drift) {
            return anchor;
        }
        double[] y = series.values();
        int first = Math.max(0, origin - lookback);
        int n = origin - first;
        double slope = 0;
        if (n >= 2) {
            double meanT = (n - 1) / 2.0;
            double meanV = 0;
            for (int t = first; t < origin; t++) {
                meanV += scaled(y[t], scale);
            }
            meanV /= n;
            double cov = 0;
            double var = 0;
            for (int t = first; t < origin; t++) {
                double dt = t - first - meanT;
                cov += dt * (scaled(y[t], scale) - meanV);
                var += dt * dt;
            }
            slope = cov / var;
        }
        double last = scaled(y[origin - 1], scale);
        for (int k = 0; k < horizon; k++) {
            anchor[k] = last + (k + 1) * 0.5 * slope;
        }
        return anchor;
    }

    /** v(y): ln(y / s) or y / s. */
    double scaled(double y, double scale) {
        return log ? Math.log(y / scale) : y / scale;
    }

    /** The inverse of {@link #scaled}: s · exp(z) or s · z. */
    double unscaled(double z, double scale) {
        return log ? scale * Math.exp(z) : scale * z;
    }

    /** L. */
    public int lookback() {
        return lookback;
    }

    /** H. */
    public int horizon() {
        return horizon;
    }

    /** How windows are scaled. */
    public Normalisation normalisation() {
        return normalisation;
    }

    /** Whether the network forecasts the difference from the damped drift line. */
    public boolean drift() {
        return drift;
    }

    /** Whether values are logged after scaling. */
    public boolean log() {
        return log;
    }

    /** The covariate names, in input order. */
    public List<String> covariateNames() {
        return covariateNames;
    }

    /** (C) the covariate means (a copy). */
    public double[] covariateMeans() {
        return covariateMeans.clone();
    }

    /** (C) the covariate standard deviations (a copy). */
    public double[] covariateStds() {
        return covariateStds.clone();
    }

    /** The groups with a one-hot column. */
    public List<String> groups() {
        return groups;
    }
}
