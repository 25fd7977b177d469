package dev.rnn4j.cli;

import dev.rnn4j.chart.ForecastGrid;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.global.GlobalSeries;
import dev.rnn4j.forecast.global.IntervalEvaluation;
import dev.rnn4j.forecast.global.PanelColumns;
import dev.rnn4j.forecast.panel.PanelCsvReader;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Series;
import dev.rnn4j.series.ForecastEvaluation;
import dev.rnn4j.series.SeriesFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forecast charts the {@code forecast} commands write: one series' test part or next values (train, eval,
 * predict), and grids of M3 test parts and panel forecasts, several series per PNG; dates on the x axis where the
 * series have them, intervals as bands.
 */
final class ForecastCharts {

    /** Series per grid. */
    static final int SERIES_PER_GRID = 12;
    /** Charts per row of a grid. */
    static final int COLUMNS = 3;

    private ForecastCharts() {
    }

    /**
     * Writes {@code dir/m3-FREQUENCY.png} for every frequency scored: its first {@link #SERIES_PER_GRID} series,
     * each the end of its training part, its test part and the forecast with its intervals.
     *
     * @param intervals each charted series' intervals by id (those from the quantiles drawn when present, else the
     *                  Monte Carlo band); an id without intervals is drawn without bands
     * @return the files written
     */
    static List<Path> m3(Path dir, List<M3Evaluation.SeriesScore> scores,
                         Map<String, List<IntervalEvaluation.Interval>> intervals) throws IOException {
        List<Path> written = new ArrayList<>();
        for (String frequency : M3Data.FREQUENCIES) {
            List<ForecastGrid.Panel> panels = new ArrayList<>();
            for (M3Evaluation.SeriesScore s : scores) {
                if (s.series().frequency().equals(frequency) && panels.size() < SERIES_PER_GRID) {
                    panels.add(m3Panel(s.series(), s.forecast(), intervals.getOrDefault(s.series().id(), List.of())));
                }
            }
            if (!panels.isEmpty()) {
                Path png = dir.resolve("m3-" + frequency + ".png");
                ForecastGrid.write(png, panels, COLUMNS);
                written.add(png);
            }
        }
        return written;
    }

    /**
     * One M3 series: the last 3h values of its training part (all when shorter), the test part and the forecast;
     * x as dates when the start is known, else the 1-based positions of the file's {@code t} column.
     */
    static ForecastGrid.Panel m3Panel(M3Series s, double[] forecast, List<IntervalEvaluation.Interval> intervals) {
        int n = s.train().length;
        int h = s.horizon();
        int shown = Math.min(n, 3 * h);
        boolean dates = s.hasDates();
        double[] historyX = new double[shown];
        for (int i = 0; i < shown; i++) {
            int t = n - shown + i;
            historyX[i] = dates ? s.epochSecond(t) : t + 1;
        }
        double[] forecastX = new double[h];
        for (int k = 0; k < h; k++) {
            forecastX[k] = dates ? s.epochSecond(n + k) : n + k + 1;
        }
        IntervalEvaluation.Interval drawn = chosen(intervals);
        String title = s.id() + " " + s.category().toLowerCase(Locale.ROOT)
                + (drawn != null && drawn.method().equals(IntervalEvaluation.MC_DROPOUT) ? " (MC dropout bands)" : "");
        return new ForecastGrid.Panel(title, dates ? ForecastGrid.TimeAxis.DATES : ForecastGrid.TimeAxis.NUMBERS,
                historyX, Arrays.copyOfRange(s.train(), n - shown, n), forecastX, s.test(), forecast, bands(drawn));
    }

    /**
     * Writes the forecasts of the first {@link #SERIES_PER_GRID} series of a panel as one grid: the last 3H
     * values of each and its next H values, with the 95 % and 80 % quantile intervals when the model has them.
     * Times after a series' end are one step (its last time minus the one before) apart; the x axis is dates
     * when the file's times are dates.
     *
     * @param quantiles (N, H, Q) at {@code levels}, or null
     */
    static void panel(Path png, PanelColumns.Loaded loaded, double[][] forecasts, List<Double> levels,
                      double[][][] quantiles) throws IOException {
        List<ForecastGrid.Panel> panels = new ArrayList<>();
        boolean dates = loaded.timeKind() != PanelCsvReader.TimeKind.NUMBER;
        for (int i = 0; i < loaded.series().size() && panels.size() < SERIES_PER_GRID; i++) {
            GlobalSeries s = loaded.series().get(i);
            double[] keys = loaded.times().get(i);
            int n = s.length();
            int h = forecasts[i].length;
            int shown = Math.min(n, 3 * h);
            double step = n > 1 ? keys[n - 1] - keys[n - 2] : 1;
            double[] historyX = new double[shown];
            for (int t = 0; t < shown; t++) {
                historyX[t] = x(loaded.timeKind(), keys[n - shown + t]);
            }
            double[] forecastX = new double[h];
            for (int k = 0; k < h; k++) {
                forecastX[k] = x(loaded.timeKind(), keys[n - 1] + (k + 1) * step);
            }
            List<ForecastGrid.Band> bands = new ArrayList<>();
            if (quantiles != null) {
                for (double[] edges : new double[][] {{0.025, 0.975}, {0.1, 0.9}}) {
                    int lo = levels.indexOf(edges[0]);
                    int hi = levels.indexOf(edges[1]);
                    if (lo >= 0 && hi >= 0) {
                        double[] lower = new double[h];
                        double[] upper = new double[h];
                        for (int k = 0; k < h; k++) {
                            lower[k] = quantiles[i][k][lo];
                            upper[k] = quantiles[i][k][hi];
                        }
                        bands.add(new ForecastGrid.Band(Math.round(100 * (edges[1] - edges[0])) + " %", lower, upper));
                    }
                }
            }
            panels.add(new ForecastGrid.Panel(s.id(), dates ? ForecastGrid.TimeAxis.DATES
                    : ForecastGrid.TimeAxis.NUMBERS, historyX, Arrays.copyOfRange(s.values(), n - shown, n), forecastX,
                    null, forecasts[i], bands));
        }
        ForecastGrid.write(png, panels, COLUMNS);
    }

    // the chart x of a time key: seconds since 1970 for dates, the key itself for numbers
    private static double x(PanelCsvReader.TimeKind kind, double key) {
        return kind == PanelCsvReader.TimeKind.NUMBER ? key : kind.epochSecond(key);
    }

    /** The 95 % then the 80 % band of an interval (none for null). */
    static List<ForecastGrid.Band> bands(IntervalEvaluation.Interval interval) {
        if (interval == null) {
            return List.of();
        }
        return List.of(new ForecastGrid.Band("95 %", interval.lower()[1], interval.upper()[1]),
                new ForecastGrid.Band("80 %", interval.lower()[0], interval.upper()[0]));
    }

    // the quantile interval when there is one, else the first (Monte Carlo), else null
    private static IntervalEvaluation.Interval chosen(List<IntervalEvaluation.Interval> intervals) {
        for (IntervalEvaluation.Interval i : intervals) {
            if (i.method().equals(IntervalEvaluation.QUANTILES)) {
                return i;
            }
        }
        return intervals.isEmpty() ? null : intervals.get(0);
    }

    // ------------------------------------------------------------------ one series (forecast eval, predict)

    /** The end of the series, the model's next H values and the Monte Carlo band when there is one. */
    static void writeNextRows(Path chart, Path csv, SeriesFrame frame, ForecastModel model, double[] point,
                              ForecastModel.Band band, double coverage) throws IOException {
        double[] y = frame.values(model.data().target());
        int shown = Math.min(y.length, Math.max(3 * point.length, 48));
        double[] hx = new double[shown];
        double[] hy = new double[shown];
        for (int i = 0; i < shown; i++) {
            hx[i] = chartX(frame, model, y.length - shown + i);
            hy[i] = y[y.length - shown + i];
        }
        double[] fx = new double[point.length];
        for (int h = 0; h < point.length; h++) {
            fx[h] = chartX(frame, model, y.length + h);
        }
        List<ForecastGrid.Band> bands = band == null ? List.of() : List.of(new ForecastGrid.Band(
                Math.round(100 * coverage) + " % (Monte Carlo dropout)", band.lower(), band.upper()));
        ForecastGrid.write(chart, new ForecastGrid.Panel(csv.getFileName() + ": " + model.data().target()
                + ", next " + point.length + " rows" + xUnit(frame, model, y.length), axis(frame, model), hx,
                hy, fx, null, point, bands));
    }

    /** History before the test part, the truth and the model's forecasts (at most 500 points of each). */
    static void writeChart(Path png, Path csv, SeriesFrame frame, ForecastModel model, ForecastEvaluation.Result r,
                           int firstOrigin, double[][] band) throws IOException {
        double[] y = frame.values(model.data().target());
        double[] truth = r.actuals();
        double[] forecast = r.forecasts();
        int shown = Math.min(truth.length, 500);
        int history = Math.min(firstOrigin, Math.max(36, Math.min(3 * shown, 1000)));
        double[] hx = new double[history];
        double[] hy = new double[history];
        for (int i = 0; i < history; i++) {
            hx[i] = chartX(frame, model, firstOrigin - history + i);
            hy[i] = y[firstOrigin - history + i];
        }
        double[] fx = new double[shown];
        for (int i = 0; i < shown; i++) {
            fx[i] = chartX(frame, model, firstOrigin + i); // origins are consecutive blocks of H (step H) or step 1 with H = 1
        }
        if (r.origins().size() > 1 && r.origins().get(1).origin() - r.origins().get(0).origin() != r.horizon()) {
            // overlapping walk-forward forecasts: show the first step of each origin
            truth = r.origins().stream().mapToDouble(o -> o.actual()[0]).toArray();
            forecast = r.origins().stream().mapToDouble(o -> o.forecast()[0]).toArray();
            shown = Math.min(truth.length, 500);
            fx = Arrays.copyOf(fx, shown);
        }
        ForecastGrid.write(png, new ForecastGrid.Panel(csv.getFileName() + ": " + model.data().target()
                + xUnit(frame, model, firstOrigin), axis(frame, model), hx, hy, fx, Arrays.copyOf(truth, shown),
                Arrays.copyOf(forecast, shown), List.of()));
    }

    // dates on the x axis when the file has times and the model knows its time step, else row indices
    static ForecastGrid.TimeAxis axis(SeriesFrame frame, ForecastModel model) {
        return frame.hasTimes() && model.hasTimeStep() ? ForecastGrid.TimeAxis.DATES : ForecastGrid.TimeAxis.NUMBERS;
    }

    // the chart's x of a row: its time as seconds since 1970-01-01T00:00 (the file's times read as UTC), a row
    // after the file's end one time step after the last, or the row index without times
    static double chartX(SeriesFrame frame, ForecastModel model, int row) {
        if (axis(frame, model) == ForecastGrid.TimeAxis.NUMBERS) {
            return row;
        }
        LocalDateTime[] times = frame.times();
        LocalDateTime time = row < times.length ? times[row]
                : model.futureTimesAfter(times[times.length - 1])[row - times.length];
        return time.toEpochSecond(ZoneOffset.UTC);
    }

    // names the time of the first forecast row in the chart title, when the file has times
    private static String xUnit(SeriesFrame frame, ForecastModel model, int firstForecastRow) {
        if (!frame.hasTimeLabels()) {
            return " (x: row)";
        }
        String[] labels = frame.timeLabels();
        String first = firstForecastRow < labels.length ? labels[firstForecastRow]
                : ForecastCommand.futureLabels(model, frame)[0];
        return ", forecast from " + first + (axis(frame, model) == ForecastGrid.TimeAxis.DATES ? ""
                : " = row " + firstForecastRow + " (x: row)");
    }
}
