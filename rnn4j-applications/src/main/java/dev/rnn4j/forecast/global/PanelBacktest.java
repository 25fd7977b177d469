package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.panel.M3Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores a global forecaster and the naive and seasonal-naive forecasts on the last points of every series of a
 * panel: origins {@code n - test}, {@code n - test + H}, … while a whole horizon fits, the model not retrained.
 *
 * <p>Per origin, sMAPE with |y| + |f| denominators ({@link M3Metrics#smapeAbs}) over its H points and MASE
 * ({@link M3Metrics#mase}, scale from the values before the origin with the model's period m; left out for an
 * origin with m or fewer values before it, or a zero scale). A row's sMAPE is the mean over its points, its MASE
 * the mean over the origins that have one.
 */
public final class PanelBacktest {

    /** The label of the row over every group. */
    public static final String ALL = "all";

    /**
     * One row of the table.
     *
     * @param method      global, naive or snaive
     * @param group       a group or {@link #ALL}
     * @param series      series scored
     * @param points      forecast points
     * @param smape       sMAPE with |y| + |f| denominators, percent
     * @param mase        mean MASE
     * @param maseOrigins origins with a MASE
     */
    public record Row(String method, String group, int series, int points, double smape, double mase,
                      int maseOrigins) {
    }

    private PanelBacktest() {
    }

    /**
     * The forecasts a backtest scores: per series the origins {@code n - testSize}, then every H steps while a
     * whole horizon fits, each with its series.
     *
     * @param series  parallel to {@code origins}: the series of each forecast
     * @param origins the forecast origins
     */
    record Origins(List<GlobalSeries> series, int[] origins) {
    }

    /**
     * The {@link Origins} of a backtest over the last {@code testSize} points of every series.
     *
     * @throws IllegalArgumentException naming a series with no more than {@code testSize} values
     */
    static Origins origins(List<GlobalSeries> series, int testSize, int h) {
        List<GlobalSeries> at = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        for (GlobalSeries s : series) {
            if (s.length() <= testSize) {
                throw new IllegalArgumentException("series '" + s.id() + "': expected more than the test size "
                        + testSize + " values, got " + s.length());
            }
            for (int o = s.length() - testSize; o + h <= s.length(); o += h) {
                at.add(s);
                origins.add(o);
            }
        }
        int[] o = origins.stream().mapToInt(Integer::intValue).toArray();
        return new Origins(at, o);
    }

    /**
     * Scores every series on its last {@code testSize} points.
     *
     * @param series   whole series (the test points included), each longer than {@code testSize}
     * @param testSize points scored at the end of each series, at least H
     * @return per method (global, naive, snaive) the {@link #ALL} row, then a row per group when the series have
     *         groups
     */
    public static List<Row> run(GlobalForecastModel model, List<GlobalSeries> series, int testSize) {
        int h = model.horizon();
        int m = model.period();
        if (testSize < h) {
            throw new IllegalArgumentException("test size: expected at least the horizon " + h + ", got " + testSize);
        }
        Origins origins = origins(series, testSize, h);
        List<GlobalSeries> at = origins.series();
        int[] o = origins.origins();
        double[][] global = model.forecast(at, o);
        Map<String, Accumulator> rows = new LinkedHashMap<>();
        for (String method : List.of("global", "naive", "snaive")) {
            rows.put(method + "\t" + ALL, new Accumulator());
            for (GlobalSeries s : series) {
                if (s.group() != null) {
                    rows.putIfAbsent(method + "\t" + s.group(), new Accumulator());
                }
            }
        }
        for (int i = 0; i < o.length; i++) {
            GlobalSeries s = at.get(i);
            double[] y = s.values();
            double[] actual = Arrays.copyOfRange(y, o[i], o[i] + h);
            double[] history = Arrays.copyOf(y, o[i]);
            double[][] forecasts = {global[i], seasonalNaive(history, h, 1), seasonalNaive(history, h, m)};
            String[] methods = {"global", "naive", "snaive"};
            for (int k = 0; k < methods.length; k++) {
                double smape = M3Metrics.smapeAbs(actual, forecasts[k]);
                double mase = history.length > m ? M3Metrics.mase(history, actual, forecasts[k], m) : Double.NaN;
                rows.get(methods[k] + "\t" + ALL).add(s.id(), smape, h, mase);
                if (s.group() != null) {
                    rows.get(methods[k] + "\t" + s.group()).add(s.id(), smape, h, mase);
                }
            }
        }
        List<Row> out = new ArrayList<>();
        rows.forEach((key, a) -> {
            String[] parts = key.split("\t", 2);
            out.add(new Row(parts[0], parts[1], a.ids.size(), a.points, a.smapeSum / a.points,
                    a.maseCount == 0 ? Double.NaN : a.maseSum / a.maseCount, a.maseCount));
        });
        return out;
    }

    // the value one period m before each forecast step (the naive forecast when m = 1 or the history is short)
    private static double[] seasonalNaive(double[] history, int h, int m) {
        int season = history.length >= m ? m : 1;
        double[] f = new double[h];
        for (int k = 0; k < h; k++) {
            f[k] = history[history.length - season + k % season];
        }
        return f;
    }

    private static final class Accumulator {
        final Set<String> ids = new HashSet<>();
        int points;
        double smapeSum;
        double maseSum;
        int maseCount;

        void add(String id, double smape, int h, double mase) {
            ids.add(id);
            points += h;
            smapeSum += smape * h;
            if (Double.isFinite(mase)) {
                maseSum += mase;
                maseCount++;
            }
        }
    }

    /** The table as Markdown: sMAPE to two decimals, MASE to three. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| method | group | series | points | sMAPE (abs) | MASE |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.3f |%n", r.method(), r.group(),
                    r.series(), r.points(), r.smape(), r.mase()));
        }
        return sb.toString();
    }
}
