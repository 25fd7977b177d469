package dev.rnn4j.forecast.panel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The M3 protocol: each series forecast once, h steps from the end of its training part, the method not refitted;
 * scores averaged per frequency, per frequency and category, and over all series.
 *
 * <p>sMAPE of a group is the mean over its (series, horizon) points, which within one frequency equals the mean
 * over series, and for "all" is the M3 paper's (Table 6) and N-BEATS' (Table 14) aggregate; MASE of a group is the
 * mean over series.
 */
public final class M3Evaluation {

    /** The label of a row that covers every category (or, as frequency, every frequency). */
    public static final String ALL = "all";

    /**
     * One row of the table.
     *
     * @param frequency a frequency or {@link #ALL}
     * @param category  a category or {@link #ALL}
     * @param series    the number of series
     * @param points    the number of forecast points (series × h)
     * @param smape     the M3 paper's sMAPE, percent
     * @param smapeAbs  sMAPE with |y| + |f| denominators, percent
     * @param mase      mean MASE
     */
    public record Row(String frequency, String category, int series, int points, double smape, double smapeAbs,
                      double mase) {
    }

    /**
     * The scores of one series.
     *
     * @param series   the series
     * @param forecast its h forecasts
     * @param smape    M3 sMAPE
     * @param smapeAbs sMAPE with absolute denominators
     * @param mase     MASE
     */
    public record SeriesScore(M3Series series, double[] forecast, double smape, double smapeAbs, double mase) {
    }

    private M3Evaluation() {
    }

    /** Forecasts and scores every series with {@code method}. */
    public static List<SeriesScore> score(List<M3Series> series, ClassicalMethod method) {
        List<SeriesScore> scores = new ArrayList<>(series.size());
        for (M3Series s : series) {
            double[] f = method.forecast(s.train(), s.horizon(), s.period());
            scores.add(new SeriesScore(s, f, M3Metrics.smape(s.test(), f), M3Metrics.smapeAbs(s.test(), f),
                    M3Metrics.mase(s.train(), s.test(), f, s.period())));
        }
        return scores;
    }

    /**
     * A combination of forecasts with a classical method's: each step {@code (1 − weight) · f + weight · c}, where f
     * is the given forecast and c the method's forecast from the same training part, rescored.
     *
     * @param scores the forecasts to combine (their series' training parts give the method's forecasts)
     * @param weight the method's weight, in [0, 1]
     */
    public static List<SeriesScore> combine(List<SeriesScore> scores, ClassicalMethod method, double weight) {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight: expected a value in [0, 1], got " + weight);
        }
        List<SeriesScore> out = new ArrayList<>(scores.size());
        for (SeriesScore score : scores) {
            M3Series s = score.series();
            double[] c = method.forecast(s.train(), s.horizon(), s.period());
            double[] f = new double[c.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = (1 - weight) * score.forecast()[k] + weight * c[k];
            }
            out.add(new SeriesScore(s, f, M3Metrics.smape(s.test(), f), M3Metrics.smapeAbs(s.test(), f),
                    M3Metrics.mase(s.train(), s.test(), f, s.period())));
        }
        return out;
    }

    /**
     * The table: for each frequency present (in {@link M3Data#FREQUENCIES} order) its total row then one row per
     * category (in order of first appearance), then the {@link #ALL} row when more than one frequency is present.
     */
    public static List<Row> table(List<SeriesScore> scores) {
        List<Row> rows = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (String frequency : M3Data.FREQUENCIES) {
            List<SeriesScore> ofFrequency = scores.stream().filter(s -> s.series().frequency().equals(frequency))
                    .toList();
            if (ofFrequency.isEmpty()) {
                continue;
            }
            present.add(frequency);
            rows.add(row(frequency, ALL, ofFrequency));
            Map<String, List<SeriesScore>> byCategory = new LinkedHashMap<>();
            for (SeriesScore s : ofFrequency) {
                byCategory.computeIfAbsent(s.series().category(), k -> new ArrayList<>()).add(s);
            }
            byCategory.forEach((category, group) -> rows.add(row(frequency, category, group)));
        }
        if (present.size() > 1) {
            rows.add(row(ALL, ALL, scores));
        }
        return rows;
    }

    private static Row row(String frequency, String category, List<SeriesScore> group) {
        int points = 0;
        double smape = 0;
        double smapeAbs = 0;
        double mase = 0;
        for (SeriesScore s : group) {
            int h = s.series().horizon();
            points += h;
            smape += s.smape() * h;
            smapeAbs += s.smapeAbs() * h;
            mase += s.mase();
        }
        return new Row(frequency, category, group.size(), points, smape / points, smapeAbs / points,
                mase / group.size());
    }

    /** The table as Markdown, sMAPE to two decimals and MASE to three. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| frequency | category | series | points | sMAPE | sMAPE (abs) | MASE |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.3f |%n", r.frequency(),
                    r.category(), r.series(), r.points(), r.smape(), r.smapeAbs(), r.mase()));
        }
        return sb.toString();
    }
}
