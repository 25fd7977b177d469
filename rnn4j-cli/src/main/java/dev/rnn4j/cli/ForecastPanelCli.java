package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastOptions;
import dev.rnn4j.forecast.global.GlobalSeries;
import dev.rnn4j.forecast.global.IntervalEvaluation;
import dev.rnn4j.forecast.global.Normalisation;
import dev.rnn4j.forecast.global.PanelBacktest;
import dev.rnn4j.forecast.global.PanelColumns;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --panel} forms of {@code rnn4j forecast train|eval|predict}: a global forecaster
 * ({@link GlobalForecastModel}) trained on, scored on, and forecasting every series of a long-format panel file.
 */
final class ForecastPanelCli {

    /** Monte Carlo dropout samples per forecast when scoring intervals, unless --samples says otherwise. */
    static final int DEFAULT_MC_SAMPLES = 100;
    /** The seed of the dropout masks when training scores intervals: eval's default, so the two print the same. */
    static final long DEFAULT_MC_SEED = 1;

    private ForecastPanelCli() {
    }

    /** {@code forecast train --panel}: trains, saves, and scores the held-out ends of the series when asked to. */
    static int train(ForecastCommand.Train t) throws IOException {
        PanelTrainFlags p = t.panelFlags;
        refuseSingleSeriesFlags(t);
        if (t.training.out() == null) {
            throw new IllegalArgumentException("--out: expected the model folder to write, got none");
        }
        if (p.idColumn == null || p.timeColumn == null) {
            throw new IllegalArgumentException("--panel: expected --id-column and --time-column (the series id and "
                    + "time columns), got " + p.idColumn + " and " + p.timeColumn);
        }
        int h = t.horizon;
        int test = t.testSize == null ? 0 : t.testSize;
        if (test != 0 && test < h) {
            throw new IllegalArgumentException("--test-size: expected 0 or at least the horizon " + h + ", got "
                    + test);
        }
        int period = t.season != null ? t.season : 1;
        int lookback = t.lookback != null ? t.lookback : Math.max(2 * h, 2 * period);
        GlobalForecastOptions options = new GlobalForecastOptions(h, lookback, period,
                Normalisation.fromCliName(p.normalise), t.log, ForecastCommand.parseCell(t.cell), t.hidden, t.layers,
                t.dropout, true, p.batchesPerEpoch, t.training.batchSize(), t.training.epochs(), t.patience,
                t.training.lr(), t.maxSeconds, t.training.seed(), p.quantiles);
        PanelColumns columns = new PanelColumns(p.idColumn, p.timeColumn, t.target, p.covariates, p.groupColumn);
        // a training part needs 2H + 1 values: H validation targets, H training targets, one input
        int minLength = test + 2 * h + 1;
        PanelColumns.Loaded loaded = columns.read(p.panel, minLength);
        report(p.panel, loaded, minLength, "values (test size + 2 x horizon + 1)");
        List<GlobalSeries> training = new ArrayList<>(loaded.series().size());
        for (GlobalSeries s : loaded.series()) {
            training.add(s.head(s.length() - test));
        }
        Path out = t.training.out();
        long start = System.nanoTime();
        GlobalForecastModel model = GlobalForecastModel.train(training, p.covariates, options,
                new ForecastModel.TrainingRun(out.resolve("training"), t.training.resume(), System.err,
                        t.training.quiet())).withColumns(columns);
        double seconds = (System.nanoTime() - start) / 1e9;
        model.save(out);
        System.out.println("model: " + model.describe());
        System.out.printf(Locale.ROOT, "trained in %.1f s, saved to %s%n", seconds, out);
        if (test > 0) {
            score(model, loaded.series(), test, t.metricsJson, p.panel, DEFAULT_MC_SAMPLES, DEFAULT_MC_SEED);
        } else if (t.metricsJson != null) {
            throw new IllegalArgumentException("--metrics-json: there is nothing to score with --test-size 0");
        }
        return 0;
    }

    /** {@code forecast eval --panel}: scores a saved model on the last points of every series of a panel. */
    static int eval(ForecastCommand.Eval e) throws IOException {
        if (e.samples != null && e.samples < 0) {
            throw new IllegalArgumentException("--samples: expected 0 (no Monte Carlo band) or more, got "
                    + e.samples);
        }
        if (e.csv != null || e.walkForward || e.chart != null) {
            throw new IllegalArgumentException("--panel: --csv, --walk-forward and --chart are for single-series "
                    + "models; a panel is scored on the last --test-size points of each series");
        }
        GlobalForecastModel model = load(e.modelDir);
        int test = e.testSize != null ? e.testSize : model.horizon();
        if (test < model.horizon()) {
            throw new IllegalArgumentException("--test-size: expected at least the horizon " + model.horizon()
                    + ", got " + test);
        }
        PanelColumns.Loaded loaded = model.columns().read(e.panel, test + 1);
        report(e.panel, loaded, test + 1, "values (test size + 1)");
        System.out.println("model: " + model.describe());
        score(model, loaded.series(), test, e.metricsJson, e.panel,
                e.samples != null ? e.samples : DEFAULT_MC_SAMPLES, e.seed);
        return 0;
    }

    /**
     * {@code forecast predict --panel}: the next H values of every series, as CSV {@code id,step,forecast}, and
     * for a probabilistic forecaster one column per quantile level ({@code q0.025}, ..., {@code q0.975}).
     */
    static int predict(ForecastCommand.Predict p) throws IOException {
        if (p.csv != null || p.samples != null) {
            throw new IllegalArgumentException("--panel: --csv and --samples are for single-series models");
        }
        GlobalForecastModel model = load(p.modelDir);
        PanelColumns.Loaded loaded = model.columns().read(p.panel, 1);
        List<GlobalSeries> series = loaded.series();
        double[][] forecasts = model.forecast(series);
        List<Double> levels = model.quantiles();
        double[][][] quantiles = levels.isEmpty() ? null
                : model.forecastQuantiles(series, series.stream().mapToInt(GlobalSeries::length).toArray());
        StringBuilder csv = new StringBuilder("id,step,forecast");
        for (double q : levels) {
            csv.append(",q").append(BigDecimal.valueOf(q).stripTrailingZeros().toPlainString());
        }
        csv.append('\n');
        for (int i = 0; i < forecasts.length; i++) {
            String id = csvCell(series.get(i).id());
            for (int k = 0; k < forecasts[i].length; k++) {
                csv.append(id).append(',').append(k + 1).append(',')
                        .append(String.format(Locale.ROOT, "%.6g", forecasts[i][k]));
                for (int j = 0; j < levels.size(); j++) {
                    csv.append(',').append(String.format(Locale.ROOT, "%.6g", quantiles[i][k][j]));
                }
                csv.append('\n');
            }
        }
        System.out.print(csv);
        Path file = p.output != null ? p.output : p.modelDir.resolve("forecast.csv");
        ForecastReports.writeAtomically(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        System.err.println("forecast: " + file + " (" + forecasts.length + " series)");
        if (p.chart != null) {
            ForecastCharts.panel(p.chart, loaded, forecasts, levels, quantiles);
            System.err.println("chart: " + p.chart + " (the first " + Math.min(forecasts.length,
                    ForecastCharts.SERIES_PER_GRID) + " series)");
        }
        return 0;
    }

    private static GlobalForecastModel load(Path dir) throws IOException {
        GlobalForecastModel model = GlobalForecastModel.load(dir);
        if (model.columns() == null) {
            throw new IllegalArgumentException(dir + ": the model was not trained from a panel file, so it does not "
                    + "know which columns to read");
        }
        return model;
    }

    private static void refuseSingleSeriesFlags(ForecastCommand.Train t) {
        List<String> given = new ArrayList<>();
        if (t.csv != null) {
            given.add("--csv");
        }
        if (t.time != null || t.timeParts != null) {
            given.add("--time/--time-parts (use --time-column)");
        }
        if (!t.features.isEmpty() || !t.categorical.isEmpty()) {
            given.add("--features/--categorical (use --covariates, --group-column)");
        }
        if (!"forward-fill".equals(t.missing)) {
            given.add("--missing (a panel has no missing values)");
        }
        if (t.diff != null || t.anchor != null || t.ensemble != null || t.validationSize != null || t.chart != null) {
            given.add("--diff/--anchor/--ensemble/--validation-size/--chart");
        }
        if (!"direct".equals(t.strategy)) {
            given.add("--strategy");
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--panel: these flags are for single-series models: "
                    + String.join(", ", given));
        }
    }

    private static void report(Path file, PanelColumns.Loaded loaded, int minLength, String what) {
        List<String> skipped = loaded.skippedIds();
        System.err.printf(Locale.ROOT, "read %s: %d series%s%n", file, loaded.series().size(), skipped.isEmpty() ? ""
                : String.format(Locale.ROOT, ", %d skipped as shorter than %d %s: %s", skipped.size(), minLength,
                what, skipped.size() <= 10 ? skipped : skipped.subList(0, 10) + " ..."));
        if (loaded.series().isEmpty()) {
            throw new IllegalArgumentException(file + ": no series has at least " + minLength + " " + what);
        }
    }

    private static void score(GlobalForecastModel model, List<GlobalSeries> series, int test, Path metricsJson,
                              Path panel, int mcSamples, long seed) throws IOException {
        List<PanelBacktest.Row> rows = PanelBacktest.run(model, series, test);
        System.out.printf(Locale.ROOT, "last %d points of each series, origins every %d, period %d%n%n", test,
                model.horizon(), model.period());
        System.out.print(PanelBacktest.markdown(rows));
        List<IntervalEvaluation.Row> intervals = IntervalEvaluation.table(IntervalEvaluation.backtest(model, series,
                test, mcSamples, seed));
        printIntervals(model, intervals, mcSamples);
        if (metricsJson != null) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("panel", panel.toString()).put("horizon", model.horizon()).put("test_size", test)
                    .put("period", model.period()).put("model_description", model.describe());
            ArrayNode table = json.putArray("rows");
            for (PanelBacktest.Row r : rows) {
                table.addObject().put("method", r.method()).put("group", r.group()).put("series", r.series())
                        .put("points", r.points()).put("smape_abs", r.smape()).put("mase", r.mase())
                        .put("mase_origins", r.maseOrigins());
            }
            putIntervals(json, intervals, mcSamples);
            ForecastReports.writeJson(metricsJson, json);
            System.out.println("metrics: " + metricsJson);
        }
    }

    /** Prints the interval table, or why there is none. */
    static void printIntervals(GlobalForecastModel model, List<IntervalEvaluation.Row> rows, int mcSamples) {
        if (!IntervalEvaluation.hasIntervalQuantiles(model)) {
            System.out.println();
            System.out.println(model.quantiles().isEmpty()
                    ? "no quantile intervals: the model is a point forecaster (train with --quantiles "
                    + "0.025,0.1,0.5,0.9,0.975)"
                    : "no quantile intervals: the model's levels " + model.quantiles() + " lack 0.025, 0.1, 0.9 or "
                    + "0.975");
        }
        if (!rows.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nprediction intervals (coverage in %%; MSIS scaled like MASE)%s%n%n",
                    mcSamples > 0 && model.dropout() > 0 ? ", Monte Carlo dropout from " + mcSamples + " samples"
                            : "");
            System.out.print(IntervalEvaluation.markdown(rows));
        }
    }

    /** Adds the interval rows to a metrics JSON. */
    static void putIntervals(ObjectNode json, List<IntervalEvaluation.Row> rows, int mcSamples) {
        json.put("mc_samples", mcSamples);
        ArrayNode table = json.putArray("intervals");
        for (IntervalEvaluation.Row r : rows) {
            table.addObject().put("method", r.method()).put("group", r.group()).put("forecasts", r.forecasts())
                    .put("points", r.points()).put("coverage_80", r.coverage80()).put("coverage_95", r.coverage95())
                    .put("msis_80", r.msis80()).put("msis_95", r.msis95()).put("msis_forecasts", r.msisForecasts());
        }
    }

    // a CSV cell, quoted when it holds a comma, a quote or a line break
    private static String csvCell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
