package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.panel.IntervalMetrics;
import dev.rnn4j.forecast.panel.M3Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 80 % and 95 % prediction intervals of a global forecaster scored on held-out points, from two sources side
 * by side: its quantile forecasts (the levels 0.1 / 0.9 and 0.025 / 0.975, method {@value #QUANTILES}) and Monte
 * Carlo dropout ({@link GlobalMonteCarloDropout}, method {@value #MC_DROPOUT}).
 *
 * <p>Per forecast (one window of H points): the points inside each interval and the MSIS of each
 * ({@link IntervalMetrics#msis}, α = 0.2 and 0.05, scaled by the seasonal-naive error of the values before the
 * origin with the model's period m; left out for an origin with m or fewer values before it, or a zero scale).
 * A row's coverage is the share of its points inside, its MSIS the mean over the forecasts that have one, as MASE
 * is averaged.
 */
public final class IntervalEvaluation {

    /** The label of the row over every group. */
    public static final String ALL = "all";
    /** The method name of the intervals from the quantile head. */
    public static final String QUANTILES = "quantiles";
    /** The method name of the Monte Carlo dropout bands. */
    public static final String MC_DROPOUT = "mc-dropout";
    /** The nominal coverages scored: 80 % and 95 %. */
    private static final double[] COVERAGES = {0.80, 0.95};

    /**
     * The intervals of one forecast.
     *
     * @param method {@link #QUANTILES} or {@link #MC_DROPOUT}
     * @param lower  (2, H) the lower edges of the 80 % and the 95 % interval
     * @param upper  (2, H) the upper edges
     */
    public record Interval(String method, double[][] lower, double[][] upper) {
    }

    /**
     * The scores of one forecast's interval.
     *
     * @param group    the series' group, or null
     * @param method   the interval's method
     * @param points   H
     * @param inside80 points inside the 80 % interval
     * @param inside95 points inside the 95 % interval
     * @param msis80   MSIS of the 80 % interval, or NaN without a scale
     * @param msis95   MSIS of the 95 % interval, or NaN without a scale
     */
    public record Score(String group, String method, int points, int inside80, int inside95, double msis80,
                        double msis95) {
    }

    /**
     * One row of the table.
     *
     * @param group         a group or {@link #ALL}
     * @param method        {@link #QUANTILES} or {@link #MC_DROPOUT}
     * @param forecasts     forecasts scored
     * @param points        forecast points
     * @param coverage80    share of the points inside the 80 % interval, in [0, 1]
     * @param coverage95    share inside the 95 % interval
     * @param msis80        mean MSIS of the 80 % interval
     * @param msis95        mean MSIS of the 95 % interval (the M4 competition's measure)
     * @param msisForecasts forecasts with an MSIS
     */
    public record Row(String group, String method, int forecasts, int points, double coverage80, double coverage95,
                      double msis80, double msis95, int msisForecasts) {
    }

    private IntervalEvaluation() {
    }

    /** Whether the model's quantile levels include 0.025, 0.1, 0.9 and 0.975, the edges of the scored intervals. */
    public static boolean hasIntervalQuantiles(GlobalForecastModel model) {
        List<Double> levels = model.quantiles();
        for (double c : COVERAGES) {
            if (indexOf(levels, (1 - c) / 2) < 0 || indexOf(levels, (1 + c) / 2) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The intervals of the forecasts from {@code origins[i]} of series i: from the quantiles when
     * {@link #hasIntervalQuantiles}, and from Monte Carlo dropout when {@code mcSamples > 0} and the model has
     * dropout.
     *
     * @return per forecast its intervals (possibly none), in the order of {@code origins}
     */
    public static List<List<Interval>> intervals(GlobalForecastModel model, List<GlobalSeries> series, int[] origins,
                                                 int mcSamples, long seed) {
        List<List<Interval>> out = new ArrayList<>(origins.length);
        for (int i = 0; i < origins.length; i++) {
            out.add(new ArrayList<>(2));
        }
        int h = model.horizon();
        if (hasIntervalQuantiles(model)) {
            double[][][] q = model.forecastQuantiles(series, origins);   // (N, H, Q)
            List<Double> levels = model.quantiles();
            for (int i = 0; i < origins.length; i++) {
                double[][] lower = new double[COVERAGES.length][h];
                double[][] upper = new double[COVERAGES.length][h];
                for (int j = 0; j < COVERAGES.length; j++) {
                    int lo = indexOf(levels, (1 - COVERAGES[j]) / 2);
                    int hi = indexOf(levels, (1 + COVERAGES[j]) / 2);
                    for (int k = 0; k < h; k++) {
                        lower[j][k] = q[i][k][lo];
                        upper[j][k] = q[i][k][hi];
                    }
                }
                out.get(i).add(new Interval(QUANTILES, lower, upper));
            }
        }
        if (mcSamples > 0 && model.dropout() > 0) {
            GlobalMonteCarloDropout.Bands bands = GlobalMonteCarloDropout.bands(model, series, origins, mcSamples,
                    COVERAGES, seed);
            for (int i = 0; i < origins.length; i++) {
                out.get(i).add(new Interval(MC_DROPOUT, bands.lower()[i], bands.upper()[i]));
            }
        }
        return out;
    }

    /**
     * Scores an interval of one forecast.
     *
     * @param history the values before the origin (the MSIS scale)
     * @param actual  (H) the values forecast
     * @param period  the seasonal period m of the scale
     */
    public static Score score(String group, Interval interval, double[] history, double[] actual, int period) {
        double msis80 = Double.NaN;
        double msis95 = Double.NaN;
        if (history.length > period) {
            double scale = M3Metrics.seasonalNaiveScale(history, period);
            if (scale > 0) {
                msis80 = IntervalMetrics.intervalScore(actual, interval.lower()[0], interval.upper()[0],
                        1 - COVERAGES[0]) / scale;
                msis95 = IntervalMetrics.intervalScore(actual, interval.lower()[1], interval.upper()[1],
                        1 - COVERAGES[1]) / scale;
            }
        }
        return new Score(group, interval.method(), actual.length,
                IntervalMetrics.inside(actual, interval.lower()[0], interval.upper()[0]),
                IntervalMetrics.inside(actual, interval.lower()[1], interval.upper()[1]), msis80, msis95);
    }

    /**
     * Scores the intervals on the last {@code testSize} points of every series, at the origins
     * {@link PanelBacktest} uses ({@code n - testSize}, then every H steps while a whole horizon fits).
     *
     * @param series   whole series, each longer than {@code testSize}
     * @param testSize points scored at the end of each series, at least H
     */
    public static List<Score> backtest(GlobalForecastModel model, List<GlobalSeries> series, int testSize,
                                       int mcSamples, long seed) {
        int h = model.horizon();
        if (testSize < h) {
            throw new IllegalArgumentException("test size: expected at least the horizon " + h + ", got " + testSize);
        }
        PanelBacktest.Origins origins = PanelBacktest.origins(series, testSize, h);
        List<GlobalSeries> at = origins.series();
        int[] o = origins.origins();
        List<List<Interval>> intervals = intervals(model, at, o, mcSamples, seed);
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < o.length; i++) {
            double[] y = at.get(i).values();
            for (Interval interval : intervals.get(i)) {
                scores.add(score(at.get(i).group(), interval, Arrays.copyOf(y, o[i]),
                        Arrays.copyOfRange(y, o[i], o[i] + h), model.period()));
            }
        }
        return scores;
    }

    /** The table: per method (in order of first appearance) the {@link #ALL} row, then one row per group. */
    public static List<Row> table(List<Score> scores) {
        Map<String, Map<String, List<Score>>> byMethod = new LinkedHashMap<>();
        for (Score s : scores) {
            Map<String, List<Score>> groups = byMethod.computeIfAbsent(s.method(), k -> new LinkedHashMap<>());
            groups.computeIfAbsent(ALL, k -> new ArrayList<>()).add(s);
            if (s.group() != null) {
                groups.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Row> rows = new ArrayList<>();
        byMethod.forEach((method, groups) -> groups.forEach((group, list) -> rows.add(row(group, method, list))));
        return rows;
    }

    private static Row row(String group, String method, List<Score> scores) {
        int points = 0;
        int inside80 = 0;
        int inside95 = 0;
        double msis80 = 0;
        double msis95 = 0;
        int withMsis = 0;
        for (Score s : scores) {
            points += s.points();
            inside80 += s.inside80();
            inside95 += s.inside95();
            if (Double.isFinite(s.msis80()) && Double.isFinite(s.msis95())) {
                msis80 += s.msis80();
                msis95 += s.msis95();
                withMsis++;
            }
        }
        return new Row(group, method, scores.size(), points, (double) inside80 / points, (double) inside95 / points,
                withMsis == 0 ? Double.NaN : msis80 / withMsis, withMsis == 0 ? Double.NaN : msis95 / withMsis,
                withMsis);
    }

    /** The table as Markdown: coverages in percent to one decimal, MSIS to three decimals. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| interval | group | forecasts | points | coverage 80 % | coverage 95 % "
                + "| MSIS 80 % | MSIS 95 % |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f | %.3f | %.3f |%n", r.method(),
                    r.group(), r.forecasts(), r.points(), 100 * r.coverage80(), 100 * r.coverage95(), r.msis80(),
                    r.msis95()));
        }
        return sb.toString();
    }

    /** The index of {@code level} among {@code levels} (to within 1e-9), or -1. */
    static int indexOf(List<Double> levels, double level) {
        for (int k = 0; k < levels.size(); k++) {
            if (Math.abs(levels.get(k) - level) < 1e-9) {
                return k;
            }
        }
        return -1;
    }
}
