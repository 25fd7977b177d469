package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Metrics;
import dev.rnn4j.forecast.panel.M3Series;
import dev.rnn4j.forecast.panel.Seasonality;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An ensemble of global forecasters on the M3 protocol: several networks per frequency, differing in seed and
 * lookback, each trained as {@link GlobalM3} trains one; their forecasts combined per step.
 *
 * <p>Combination: the point forecast is the median over the members' point forecasts; the quantile forecasts are
 * the mean over the members of each level's forecast (averaging quantiles, which keeps them sorted).
 *
 * <p>Deseasonalisation (optional): a series that passes Theta's 90 % seasonality test on its training part
 * ({@link Seasonality#isSeasonal}) is divided by the indices of the classical multiplicative decomposition of that
 * part before the networks see it, and every forecast (point and quantiles) is multiplied by the index of its
 * position; a series whose indices are not all positive is left as it is.
 *
 * <p>Recalibration (optional): the quantile intervals are widened or narrowed around the ensemble's median by one
 * factor per interval level, chosen on the validation windows (the last H values of every training part, the
 * ones early stopping watches) so that exactly the nominal share of their points falls inside: for a point y
 * with median m and edges lo, hi the factor it needs is (y − m) / (hi − m) above m and (m − y) / (m − lo)
 * below; the factor is the nominal quantile of those needs (split conformal calibration). Nothing after a
 * training part is read.
 */
public final class GlobalM3Ensemble {

    private static final double[] COVERAGES = {0.80, 0.95};

    private GlobalM3Ensemble() {
    }

    /**
     * Trains every member on the series of one frequency and scores the combined forecasts.
     *
     * @param series      series of one frequency
     * @param members     each member's options (same horizon, period and quantile levels)
     * @param runs        per member its checkpoints and log
     * @param mcSamples   Monte Carlo dropout samples per series of the first member's band, 0 for none
     * @param mcSeed      the seed of the dropout masks
     * @param recalibrate whether to recalibrate the quantile intervals on the validation windows
     * @param refit       whether each member, once early stopping has chosen its epoch count E, is trained again
     *                    from scratch for E epochs on windows that include the validation targets
     *                    ({@link GlobalForecastTrainer#refit}); the validation windows' quantiles for the
     *                    recalibration come from the early-stopped network, which has not trained on them
     * @param deseasonalise whether seasonal series are deseasonalised first (see the class comment)
     * @param log         where the calibration factors are printed, or null
     * @return the scores as {@link GlobalM3#run}
     */
    public static GlobalM3.Result run(List<M3Series> series, List<GlobalForecastOptions> members,
                                      List<TrainingRun> runs, int mcSamples, long mcSeed, boolean recalibrate,
                                      boolean refit, boolean deseasonalise, PrintStream log) throws IOException {
        if (members == null || members.isEmpty() || runs == null || runs.size() != members.size()) {
            throw new IllegalArgumentException("members, runs: expected one training run per member, got "
                    + (members == null ? "null" : members.size()) + " members and "
                    + (runs == null ? "null" : runs.size()) + " runs");
        }
        GlobalForecastOptions first = members.get(0);
        for (GlobalForecastOptions o : members) {
            if (o.horizon() != first.horizon() || o.period() != first.period()
                    || !o.quantiles().equals(first.quantiles())) {
                throw new IllegalArgumentException("members: expected one horizon, period and quantile levels, got "
                        + o.horizon() + "/" + o.period() + "/" + o.quantiles() + " beside " + first.horizon() + "/"
                        + first.period() + "/" + first.quantiles());
            }
        }
        GlobalM3.checkSeries(series, first);
        int n = series.size();
        int h = first.horizon();
        List<GlobalSeries> training = new ArrayList<>(n);
        double[][] indices = new double[n][];   // per series its m seasonal indices, or null
        int adjusted = 0;
        for (int i = 0; i < n; i++) {
            M3Series s = series.get(i);
            double[] values = s.train();
            if (deseasonalise) {
                indices[i] = seasonalIndices(values, s.period());
                if (indices[i] != null) {
                    adjusted++;
                    values = values.clone();
                    for (int t = 0; t < values.length; t++) {
                        values[t] /= indices[i][t % s.period()];
                    }
                }
            }
            training.add(GlobalSeries.of(s.id(), s.category(), values));
        }
        if (deseasonalise && log != null) {
            log.printf(Locale.ROOT, "deseasonalised %d of %d series%n", adjusted, n);
        }
        int[] ends = training.stream().mapToInt(GlobalSeries::length).toArray();
        List<Integer> validatingIndex = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (GlobalForecastTrainer.validationOrigin(ends[i], h) > 0) {
                validatingIndex.add(i);
            }
        }
        List<GlobalSeries> validating = validatingIndex.stream().map(training::get).toList();
        int[] validationOrigins = validatingIndex.stream()
                .mapToInt(i -> GlobalForecastTrainer.validationOrigin(ends[i], h)).toArray();

        int k = members.size();
        double[][][] points = new double[k][][];          // (K, N, H)
        double[][][] quantiles = null;                     // (N, H, Q) summed over members
        double[][][] validationQuantiles = null;           // (V, H, Q) summed over members
        GlobalForecastModel firstModel = null;
        for (int m = 0; m < k; m++) {
            GlobalForecastModel stopped = GlobalForecastModel.train(training, List.of(), members.get(m),
                    runs.get(m));
            if (IntervalEvaluation.hasIntervalQuantiles(stopped) && !validating.isEmpty()) {
                double[][][] q = stopped.forecastQuantiles(validating, validationOrigins);
                for (int v = 0; v < q.length; v++) {
                    reseasonalise(q[v], indices[validatingIndex.get(v)], validationOrigins[v], first.period());
                }
                validationQuantiles = add(validationQuantiles, q);
            }
            GlobalForecastModel model = stopped;
            int epochs = stopped.trainingInfo().path("best_epoch").asInt(0);
            if (refit && epochs > 0) {
                TrainingRun stoppedRun = runs.get(m);
                TrainingRun refitRun = new TrainingRun(stoppedRun.dir() == null ? null
                        : stoppedRun.dir().resolve("refit"), stoppedRun.resume(), stoppedRun.log(), stoppedRun.quiet());
                model = GlobalForecastTrainer.refit(training, List.of(), members.get(m), refitRun, epochs);
            }
            if (m == 0) {
                firstModel = model;
            }
            if (IntervalEvaluation.hasIntervalQuantiles(model)) {
                // one pass: the point forecast is the median column of the quantile forecasts
                double[][][] q = model.forecastQuantiles(training, ends);
                int mid = IntervalEvaluation.indexOf(first.quantiles(), 0.5);
                points[m] = new double[n][h];
                for (int i = 0; i < n; i++) {
                    reseasonalise(q[i], indices[i], ends[i], first.period());
                    for (int step = 0; step < h; step++) {
                        points[m][i][step] = q[i][step][mid];
                    }
                }
                quantiles = add(quantiles, q);
            } else {
                points[m] = model.forecast(training);
                for (int i = 0; i < n; i++) {
                    reseasonalise(points[m][i], indices[i], ends[i], first.period());
                }
            }
        }

        List<M3Evaluation.SeriesScore> scores = new ArrayList<>(n);
        double[] column = new double[k];
        for (int i = 0; i < n; i++) {
            double[] f = new double[h];
            for (int step = 0; step < h; step++) {
                for (int m = 0; m < k; m++) {
                    column[m] = points[m][i][step];
                }
                f[step] = median(column);
            }
            M3Series s = series.get(i);
            scores.add(new M3Evaluation.SeriesScore(s, f, M3Metrics.smape(s.test(), f),
                    M3Metrics.smapeAbs(s.test(), f), M3Metrics.mase(s.train(), s.test(), f, s.period())));
        }

        List<List<IntervalEvaluation.Interval>> intervals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            intervals.add(new ArrayList<>(2));
        }
        if (quantiles != null) {
            List<Double> levels = first.quantiles();
            scale(quantiles, 1.0 / k);
            double[] factors = {1, 1};
            if (recalibrate && validationQuantiles != null) {
                scale(validationQuantiles, 1.0 / k);
                for (int j = 0; j < COVERAGES.length; j++) {
                    factors[j] = calibrationFactor(validationQuantiles, originals(series, validatingIndex),
                            validationOrigins, levels, COVERAGES[j]);
                }
                if (log != null) {
                    log.printf(Locale.ROOT, "interval calibration on %d validation windows: 80 %% x %.3f, 95 %% x "
                            + "%.3f%n", validating.size(), factors[0], factors[1]);
                }
            }
            for (int i = 0; i < n; i++) {
                intervals.get(i).add(interval(quantiles[i], levels, factors));
            }
        }
        if (mcSamples > 0) {
            List<List<IntervalEvaluation.Interval>> mc = IntervalEvaluation.intervals(firstModel, training, ends,
                    mcSamples, mcSeed);
            for (int i = 0; i < n; i++) {
                for (IntervalEvaluation.Interval interval : mc.get(i)) {
                    if (interval.method().equals(IntervalEvaluation.MC_DROPOUT)) {
                        for (int j = 0; j < COVERAGES.length; j++) {
                            reseasonalise(interval.lower()[j], indices[i], ends[i], first.period());
                            reseasonalise(interval.upper()[j], indices[i], ends[i], first.period());
                        }
                        intervals.get(i).add(interval);
                    }
                }
            }
        }
        List<IntervalEvaluation.Score> intervalScores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            M3Series s = series.get(i);
            for (IntervalEvaluation.Interval interval : intervals.get(i)) {
                intervalScores.add(IntervalEvaluation.score(s.frequency(), interval, s.train(), s.test(),
                        s.period()));
            }
        }
        return new GlobalM3.Result(scores, intervals, intervalScores);
    }

    /**
     * The factor that puts the share {@code coverage} of the validation points inside the central interval of that
     * coverage, scaled around the median (see the class comment).
     *
     * @param quantiles (V, H, Q) the ensemble's quantile forecasts at the validation origins
     */
    static double calibrationFactor(double[][][] quantiles, List<GlobalSeries> series, int[] origins,
                                    List<Double> levels, double coverage) {
        int lo = IntervalEvaluation.indexOf(levels, (1 - coverage) / 2);
        int hi = IntervalEvaluation.indexOf(levels, (1 + coverage) / 2);
        int mid = IntervalEvaluation.indexOf(levels, 0.5);
        List<Double> needs = new ArrayList<>();
        for (int i = 0; i < quantiles.length; i++) {
            double[] y = series.get(i).values();
            for (int step = 0; step < quantiles[i].length; step++) {
                double actual = y[origins[i] + step];
                double[] q = quantiles[i][step];
                double need;
                if (actual >= q[mid]) {
                    double width = q[hi] - q[mid];
                    need = actual == q[mid] ? 0 : width > 0 ? (actual - q[mid]) / width : Double.POSITIVE_INFINITY;
                } else {
                    double width = q[mid] - q[lo];
                    need = width > 0 ? (q[mid] - actual) / width : Double.POSITIVE_INFINITY;
                }
                needs.add(need);
            }
        }
        if (needs.isEmpty()) {
            return 1;
        }
        double[] sorted = needs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = Math.min(sorted.length - 1, (int) Math.ceil(coverage * sorted.length) - 1);
        double factor = sorted[Math.max(0, index)];
        return Double.isFinite(factor) ? factor : 1;
    }

    // (H, Q) quantile forecasts of one series -> its 80 % and 95 % intervals, each scaled around the median
    private static IntervalEvaluation.Interval interval(double[][] q, List<Double> levels, double[] factors) {
        int h = q.length;
        int mid = IntervalEvaluation.indexOf(levels, 0.5);
        double[][] lower = new double[COVERAGES.length][h];
        double[][] upper = new double[COVERAGES.length][h];
        for (int j = 0; j < COVERAGES.length; j++) {
            int lo = IntervalEvaluation.indexOf(levels, (1 - COVERAGES[j]) / 2);
            int hi = IntervalEvaluation.indexOf(levels, (1 + COVERAGES[j]) / 2);
            for (int step = 0; step < h; step++) {
                double m = q[step][mid];
                lower[j][step] = m - factors[j] * (m - q[step][lo]);
                upper[j][step] = m + factors[j] * (q[step][hi] - m);
            }
        }
        return new IntervalEvaluation.Interval(IntervalEvaluation.QUANTILES, lower, upper);
    }

    /**
     * The multiplicative seasonal indices of a training part when it passes the seasonality test and every index is
     * positive, else null.
     */
    static double[] seasonalIndices(double[] values, int period) {
        if (period < 2 || !Seasonality.isSeasonal(values, period)) {
            return null;
        }
        double[] indices = Seasonality.indices(values, period, true);
        for (double index : indices) {
            if (!(index > 0) || !Double.isFinite(index)) {
                return null;
            }
        }
        return indices;
    }

    // (H) values of one series from origin o: each times the index of its position
    private static void reseasonalise(double[] values, double[] indices, int origin, int period) {
        if (indices == null) {
            return;
        }
        for (int k = 0; k < values.length; k++) {
            values[k] *= indices[(origin + k) % period];
        }
    }

    // (H, Q) quantile forecasts of one series from origin o: every level times the index of its step
    private static void reseasonalise(double[][] quantiles, double[] indices, int origin, int period) {
        if (indices == null) {
            return;
        }
        for (int k = 0; k < quantiles.length; k++) {
            for (int q = 0; q < quantiles[k].length; q++) {
                quantiles[k][q] *= indices[(origin + k) % period];
            }
        }
    }

    private static List<GlobalSeries> originals(List<M3Series> series, List<Integer> index) {
        return index.stream().map(i -> GlobalSeries.of(series.get(i).id(), series.get(i).category(),
                series.get(i).train())).toList();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double[][][] add(double[][][] sum, double[][][] term) {
        if (sum == null) {
            double[][][] copy = new double[term.length][][];
            for (int i = 0; i < term.length; i++) {
                copy[i] = new double[term[i].length][];
                for (int j = 0; j < term[i].length; j++) {
                    copy[i][j] = term[i][j].clone();
                }
            }
            return copy;
        }
        for (int i = 0; i < term.length; i++) {
            for (int j = 0; j < term[i].length; j++) {
                for (int q = 0; q < term[i][j].length; q++) {
                    sum[i][j][q] += term[i][j][q];
                }
            }
        }
        return sum;
    }

    private static void scale(double[][][] values, double factor) {
        for (double[][] a : values) {
            for (double[] b : a) {
                for (int q = 0; q < b.length; q++) {
                    b[q] *= factor;
                }
            }
        }
    }
}
