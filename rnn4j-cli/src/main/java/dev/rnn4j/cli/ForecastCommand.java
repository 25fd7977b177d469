package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastBacktest;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.ForecastEvaluation;
import dev.rnn4j.series.SeriesFrame;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j forecast train|eval|predict}: LSTM/GRU forecasting of a CSV column, with baselines and charts. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Time-series forecasting with an LSTM or GRU: train on a CSV file and compare with the naive, "
                + "seasonal-naive, drift and moving-average baselines; evaluate a saved model; predict the next H "
                + "values with an optional Monte Carlo dropout band.",
        subcommands = {ForecastCommand.Train.class, ForecastCommand.Eval.class, ForecastCommand.Predict.class,
            ForecastM3Command.class})
final class ForecastCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    // ------------------------------------------------------------------ train

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trains a forecaster on all but the last --test-size rows, then scores it and every "
                + "baseline on those rows (forecasts of H rows from origins H apart, the model not "
                + "retrained). Defaults adapt to the data: season from the time step; lookback and target "
                + "transform chosen by the forecast error on the rows before the test part (rolling origins for "
                + "short seasonal series, < 20 seasons, which also get 5 averaged networks). With --panel instead of --csv: one global network on every series of a "
                + "long-format panel.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--csv", description = "The CSV file (header row).")
        Path csv;
        @Option(names = "--target", required = true, description = "The numeric column to forecast.")
        String target;
        @Option(names = "--time", description = "The time column (dates such as 1949-01, 1981-01-01, 2010-01-01 00:00).")
        String time;
        @Option(names = "--time-parts", split = ",", paramLabel = "Y,M[,D[,H]]",
                description = "Build times from year, month[, day[, hour]] columns instead of --time.")
        List<String> timeParts;
        @Option(names = "--features", split = ",", description = "Other numeric columns used as inputs.")
        List<String> features = List.of();
        @Option(names = "--categorical", split = ",", description = "Text columns used as one-hot inputs.")
        List<String> categorical = List.of();
        @Option(names = "--missing", description = "Missing cells: drop, forward-fill or interpolate (default: ${DEFAULT-VALUE}).")
        String missing = "forward-fill";
        @Option(names = "--horizon", required = true, description = "H, steps forecast from each origin.")
        int horizon;
        @Option(names = "--test-size", description = "Rows at the end held out for scoring (required with --csv; with "
                + "--panel, points at the end of each series, default 0).")
        Integer testSize;
        // the shared flags --seed --epochs --batch-size --lr --threads --out (the model folder) --resume --quiet
        @CommandLine.Mixin
        TrainingFlags training = new TrainingFlags(300, 32, 2e-3);
        @CommandLine.Mixin
        PanelTrainFlags panelFlags = new PanelTrainFlags();
        @Option(names = "--metrics-json", description = "Write the model's and each baseline's scores here.")
        Path metricsJson;
        @Option(names = "--chart", description = "PNG of history, truth and forecast (default: OUT/forecast.png).")
        Path chart;
        @Option(names = "--lookback", description = "L, past steps per input window (default: chosen on validation rows, see "
                + "RESULTS.md, Forecasting).")
        Integer lookback;
        @Option(names = "--season", description = "Seasonal period m (default: from the time step).")
        Integer season;
        @Option(names = "--log", negatable = true, description = "Log the target (default: short positive series; chosen with the lookback).")
        Boolean log;
        @Option(names = "--diff", negatable = true,
                description = "Difference the target, lag m (or 1 without season) (default: chosen on validation "
                    + "rows for short series, off for long ones).")
        Boolean diff;
        @Option(names = "--anchor", negatable = true,
                description = "Predict the change from the last value (default: when not differenced).")
        Boolean anchor;
        @Option(names = "--cell", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
        String cell = "lstm";
        @Option(names = "--strategy", description = "direct (H outputs) or recursive (default: ${DEFAULT-VALUE}).")
        String strategy = "direct";
        @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
        int hidden = 32;
        @Option(names = "--layers", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
        int layers = 1;
        @Option(names = "--dropout", description = "Dropout before the head, also for --samples bands (default: ${DEFAULT-VALUE}).")
        double dropout = 0.2;
        @Option(names = "--no-calendar", description = "Do not add calendar features.")
        boolean noCalendar;
        @Option(names = "--ensemble", description = "Networks averaged, seeds SEED, then SEED·1000 + 1, ... (default: "
                + "20 for short series, 3 for long ones under 10,000 training rows, else 1; 1: one network).")
        Integer ensemble;
        @Option(names = "--validation-size", description = "Early-stopping rows before the test part (default: max(H, 10%% of the rest)).")
        Integer validationSize;
        @Option(names = "--refit", negatable = true, description = "After early stopping, train each network again "
                + "from its initial weights on every window before the test part, the validation tail included, for "
                + "its best epoch count (default: see RESULTS.md, \"Single series against the classical models\").")
        Boolean refit;
        @Option(names = "--fourier", paramLabel = "K", description = "Regress the target on K annual Fourier pairs "
                + "of the day of the year (least squares on the training rows); the networks forecast the residual "
                + "and the forecast adds the regression back (default: see RESULTS.md, \"Single series against the "
                + "classical models\"; needs dates, not with --log or --diff).")
        Integer fourier;
        @Option(names = "--no-fourier", description = "No annual Fourier regression (--fourier 0).")
        boolean noFourier;
        @Option(names = "--patience", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
        int patience = 30;
        @Option(names = "--max-seconds",
                description = "Training time budget, all networks (default: ${DEFAULT-VALUE}).")
        double maxSeconds = 240;

        // --fourier K or --no-fourier (0); null leaves it to the defaults
        private Integer fourierPairs() {
            if (noFourier && fourier != null && fourier != 0) {
                throw new IllegalArgumentException("--fourier " + fourier + " and --no-fourier: expected one of them");
            }
            return noFourier ? Integer.valueOf(0) : fourier;
        }

        @Override
        public Integer call() throws Exception {
            Main.useThreads(null); // --threads of the mixin already set the property
            if (panelFlags.panel != null) {
                return ForecastPanelCli.train(this);
            }
            if (csv == null || testSize == null) {
                throw new IllegalArgumentException("--csv and --test-size: expected the CSV file and the rows to hold "
                        + "out (or --panel FILE for a panel of many series), got " + csv + " and " + testSize);
            }
            if (training.out() == null) {
                throw new IllegalArgumentException("--out: expected the model folder to write, got none");
            }
            Path out = training.out();
            if (testSize < horizon) {
                throw new IllegalArgumentException("--test-size: expected at least the horizon " + horizon + ", got "
                        + testSize);
            }
            ForecastData data = new ForecastData(target, time, timeParts, features, categorical,
                    ForecastData.parseMissing(missing));
            ForecastOptions options = new ForecastOptions(horizon, lookback, season, log, diff, anchor, parseStrategy(strategy),
                    parseCell(cell), hidden, layers, dropout, !noCalendar, ensemble, validationSize, training.epochs(),
                    patience, training.batchSize(), training.lr(), maxSeconds, training.seed(), refit,
                    fourierPairs());
            SeriesFrame frame = data.read(csv);
            System.err.printf(Locale.ROOT, "read %s: %d rows%s%n", csv, frame.rowCount(),
                    frame.hasTimes() ? " from " + frame.timeLabels()[0] + " to "
                            + frame.timeLabels()[frame.rowCount() - 1] : "");
            long start = System.nanoTime();
            ForecastModel model = ForecastModel.train(frame, data, options, testSize,
                    new ForecastModel.TrainingRun(out.resolve("training"), training.resume(), System.err,
                            training.quiet()));
            double seconds = (System.nanoTime() - start) / 1e9;
            model.save(out);
            System.out.println("model: " + model.describe());
            System.out.printf(Locale.ROOT, "trained in %.1f s, saved to %s%n", seconds, out);
            int firstOrigin = frame.rowCount() - testSize;
            List<ForecastEvaluation.Result> results = ForecastBacktest.run(model, frame, firstOrigin, horizon);
            ForecastReports.printTable(results, "test part: last " + testSize + " rows, origins every " + horizon + " rows");
            ObjectNode json = ForecastReports.metrics(csv, model, results, firstOrigin, horizon);
            json.put("train_seconds", seconds);
            json.set("training", model.trainingInfo());
            if (metricsJson != null) {
                ForecastReports.writeJson(metricsJson, json);
                System.out.println("metrics: " + metricsJson);
            }
            Path png = chart != null ? chart : out.resolve("forecast.png");
            ForecastCharts.writeChart(png, csv, frame, model, results.get(0), firstOrigin, null);
            System.out.println("chart: " + png);
            return 0;
        }
    }

    // ------------------------------------------------------------------ eval

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Scores a saved model and the baselines on the last --test-size rows of a CSV file with the "
                + "model's columns: origins H apart, or every row with --walk-forward (rolling origin). The "
                + "model is not retrained.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'forecast train'.")
        Path modelDir;
        @Option(names = "--csv", description = "The CSV file.")
        Path csv;
        @Option(names = "--panel", description = "A panel file, for a model from 'forecast train --panel'.")
        Path panel;
        @Option(names = "--test-size", description = "Rows at the end to score (default: the model's test size).")
        Integer testSize;
        @Option(names = "--walk-forward", description = "An origin at every row of the test part (step 1).")
        boolean walkForward;
        @Option(names = "--metrics-json", description = "Write the scores here.")
        Path metricsJson;
        @Option(names = "--chart", description = "PNG of history, truth and forecast.")
        Path chart;
        @Option(names = "--samples", description = "With --panel: Monte Carlo dropout samples per forecast for the "
                + "band scored beside the quantile intervals (default: 100 when the model has dropout; 0 for none).")
        Integer samples;
        @Option(names = "--seed", description = "With --panel: the seed of the dropout masks (default: "
                + "${DEFAULT-VALUE}).")
        long seed = 1;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(threads);
            if (panel != null) {
                return ForecastPanelCli.eval(this);
            }
            if (samples != null) {
                throw new IllegalArgumentException("--samples: scores Monte Carlo bands of a panel model (with "
                        + "--panel); for one series use 'forecast predict --samples'");
            }
            if (csv == null) {
                throw new IllegalArgumentException("--csv: expected the CSV file (or --panel FILE), got none");
            }
            ForecastModel model = ForecastModel.load(modelDir);
            SeriesFrame frame = model.data().read(csv);
            int test = testSize != null ? testSize : Math.max(model.testSize(), model.horizon());
            if (test < model.horizon() || test >= frame.rowCount()) {
                throw new IllegalArgumentException("--test-size: expected " + model.horizon() + " (the horizon) to "
                        + (frame.rowCount() - 1) + " for " + csv + " (" + frame.rowCount() + " rows), got " + test);
            }
            int step = walkForward ? 1 : model.horizon();
            int firstOrigin = frame.rowCount() - test;
            System.out.println("model: " + model.describe());
            List<ForecastEvaluation.Result> results = ForecastBacktest.run(model, frame, firstOrigin, step);
            ForecastReports.printTable(results, "last " + test + " rows, origins every " + step + " row(s)"
                    + (walkForward ? " (walk-forward)" : ""));
            if (metricsJson != null) {
                ForecastReports.writeJson(metricsJson, ForecastReports.metrics(csv, model, results, firstOrigin, step));
                System.out.println("metrics: " + metricsJson);
            }
            if (chart != null) {
                ForecastCharts.writeChart(chart, csv, frame, model, results.get(0), firstOrigin, null);
                System.out.println("chart: " + chart);
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ predict

    @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Forecasts the H rows after the end of a CSV file with a saved model; prints the forecast "
                + "as CSV and writes it to --output. With --samples N, adds a Monte Carlo dropout band.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'forecast train'.")
        Path modelDir;
        @Option(names = "--csv", description = "The CSV file (the history to forecast from).")
        Path csv;
        @Option(names = "--panel", description = "A panel file, for a model from 'forecast train --panel': the "
                + "next H values of every series, as CSV id,step,forecast.")
        Path panel;
        @Option(names = "--samples", description = "Monte Carlo dropout samples for an uncertainty band.")
        Integer samples;
        @Option(names = "--coverage", description = "Band coverage between sample quantiles (default: ${DEFAULT-VALUE}).")
        double coverage = 0.9;
        @Option(names = "--output", description = "Forecast CSV to write (default: MODEL/forecast.csv).")
        Path output;
        @Option(names = "--chart", description = "PNG of the history and the forecast (with --panel: a grid of the "
                + "first 12 series, dates on the x axis, the 95 %% and 80 %% quantile intervals as bands).")
        Path chart;
        @Option(names = "--seed", description = "Seed of the dropout masks (default: ${DEFAULT-VALUE}).")
        long seed = 1;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(threads);
            if (panel != null) {
                return ForecastPanelCli.predict(this);
            }
            if (csv == null) {
                throw new IllegalArgumentException("--csv: expected the CSV file (or --panel FILE), got none");
            }
            ForecastModel model = ForecastModel.load(modelDir);
            SeriesFrame frame = model.data().read(csv);
            int origin = frame.rowCount();
            double[] point = model.forecast(frame, new int[] {origin})[0];
            ForecastModel.Band band = samples == null ? null
                    : model.forecastBand(frame, origin, samples, coverage, seed);
            String[] labels = futureLabels(model, frame);
            StringBuilder csvText = new StringBuilder(band == null ? "time,step,forecast\n"
                    : String.format(Locale.ROOT, "time,step,forecast,mc_mean,lower_%d,upper_%d%n",
                    Math.round(100 * (1 - coverage) / 2), Math.round(100 * (1 + coverage) / 2)));
            for (int h = 0; h < point.length; h++) {
                csvText.append(labels[h]).append(',').append(h + 1).append(',').append(fmt(point[h]));
                if (band != null) {
                    csvText.append(',').append(fmt(band.mean()[h])).append(',').append(fmt(band.lower()[h]))
                            .append(',').append(fmt(band.upper()[h]));
                }
                csvText.append('\n');
            }
            System.out.print(csvText);
            Path file = output != null ? output : modelDir.resolve("forecast.csv");
            ForecastReports.writeAtomically(file, csvText.toString().getBytes(StandardCharsets.UTF_8));
            System.err.println("forecast: " + file);
            if (chart != null) {
                ForecastCharts.writeNextRows(chart, csv, frame, model, point, band, coverage);
                System.err.println("chart: " + chart);
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ shared

    static CellType parseCell(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            default -> throw new IllegalArgumentException("--cell: expected lstm or gru, got '" + name + "'");
        };
    }

    static ForecastOptions.Strategy parseStrategy(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "direct" -> ForecastOptions.Strategy.DIRECT;
            case "recursive" -> ForecastOptions.Strategy.RECURSIVE;
            default -> throw new IllegalArgumentException("--strategy: expected direct or recursive, got '" + name
                    + "'");
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Time labels of the H rows after the frame's end, or "+h" when the times are unknown. */
    static String[] futureLabels(ForecastModel model, SeriesFrame frame) {
        String[] labels = new String[model.horizon()];
        if (!frame.hasTimes() || !model.hasTimeStep()) {
            for (int h = 0; h < labels.length; h++) {
                labels[h] = "+" + (h + 1);
            }
            return labels;
        }
        LocalDateTime[] times = frame.times();
        LocalDateTime last = times[times.length - 1];
        boolean midnight = Arrays.stream(times).allMatch(t -> t.toLocalTime().toSecondOfDay() == 0);
        boolean firstOfMonth = midnight && Arrays.stream(times).allMatch(t -> t.getDayOfMonth() == 1);
        DateTimeFormatter f = DateTimeFormatter.ofPattern(firstOfMonth ? "yyyy-MM" : midnight ? "yyyy-MM-dd"
                : "yyyy-MM-dd HH:mm");
        LocalDateTime[] future = model.futureTimesAfter(last);
        for (int h = 0; h < labels.length; h++) {
            labels[h] = f.format(future[h]);
        }
        return labels;
    }
}
