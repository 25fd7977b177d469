package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastOptions;
import dev.rnn4j.forecast.global.GlobalM3;
import dev.rnn4j.forecast.global.GlobalM3Ensemble;
import dev.rnn4j.forecast.global.IntervalEvaluation;
import dev.rnn4j.forecast.global.Normalisation;
import dev.rnn4j.forecast.panel.ClassicalMethod;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Series;
import dev.rnn4j.recurrent.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j forecast m3}: a classical method, or a global network trained per frequency, scored on the M3
 * competition data with the official protocol.
 */
@Command(name = "m3", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores naive, seasonal naive, Theta or a global LSTM (one network per frequency, trained on "
                + "the training parts, early stopping on their last h values) on the M3 competition series "
                + "(Makridakis & Hibon 2000) "
                + "with the official protocol: the last h = 6/8/18/8 points (yearly/quarterly/monthly/other) of each "
                + "series forecast once from the rest. Prints sMAPE (the M3 paper's formula; also with |y| + |f| "
                + "denominators) and MASE (seasonal-naive scale, period 1/4/12/1) per frequency, per category and "
                + "over all series.")
final class ForecastM3Command implements Callable<Integer> {
    // M3's yearly horizon; "other" series have period 1 too, with h = 8
    private static final int YEARLY_HORIZON = 6;

    @Option(names = "--data", required = true,
            description = "Folder with m3-info.csv and m3-FREQUENCY-train.csv / -test.csv.")
    Path data;
    @Option(names = "--method", description = "naive, snaive, theta or global (default: ${DEFAULT-VALUE}).")
    String method = "theta";
    @Option(names = "--frequencies", split = ",",
            description = "Some of yearly, quarterly, monthly, other (default: all four).")
    List<String> frequencies = M3Data.FREQUENCIES;
    @Option(names = "--validation", description = "Score on the validation cut instead of the test parts: each "
            + "training part without its last h values is the history, those h values are forecast; the test parts "
            + "are not read. For choosing settings.")
    boolean validation;
    @Option(names = "--forecasts-csv", paramLabel = "FILE", description = "Write every point forecast here: "
            + "series_id, frequency, step (1..h), forecast, actual.")
    Path forecastsCsv;
    @Option(names = "--metrics-json", description = "Write the table here as JSON.")
    Path metricsJson;
    // --method global only: the shared training flags (--out holds one run folder per frequency) and the network
    @Mixin
    TrainingFlags training = new TrainingFlags(100, 64, 1e-3);
    @Option(names = "--max-seconds", description = "global: training time budget per frequency (default: "
            + "${DEFAULT-VALUE}).")
    double maxSeconds = 600;
    @Option(names = "--hidden", description = "global: hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 64;
    @Option(names = "--lookback", description = "global: one lookback, in steps, instead of the ensemble over "
            + "--lookback-factors.")
    Integer lookback;
    @Option(names = "--batches-per-epoch", converter = TrainingFlags.AtLeastOne.class,
            description = "global: batches of windows per epoch (default: ${DEFAULT-VALUE}).")
    int batchesPerEpoch = 100;
    @Option(names = "--patience", description = "global: early-stopping patience in epochs (default: "
            + "${DEFAULT-VALUE}).")
    int patience = 10;
    @Option(names = "--quantiles", split = ",", paramLabel = "Q1,Q2", description = "global: quantile levels of a "
            + "probabilistic forecaster, increasing and including 0.5 (the point forecast); "
            + "0.025,0.1,0.5,0.9,0.975 gives the 80 %% and 95 %% intervals scored per frequency (coverage, MSIS). "
            + "Default: none, a point forecaster.")
    List<Double> quantiles = List.of();
    @Option(names = "--samples", description = "global: Monte Carlo dropout samples per series for the band scored "
            + "beside the quantile intervals, 0 for none (default: ${DEFAULT-VALUE}).")
    int samples = ForecastPanelCli.DEFAULT_MC_SAMPLES;
    @Option(names = "--normalise", split = ",", paramLabel = "S", description = "global: window scalings, mean "
            + "(the window's mean level) or last (its last value); several make an ensemble over them "
            + "(default: mean,last).")
    List<String> normalise = List.of("mean", "last");
    @Option(names = "--cell", description = "global: lstm or gru (default: lstm).")
    String cell;
    @Option(names = "--layers", description = "global: stacked recurrent layers (default: 1).")
    Integer layers;
    @Option(names = "--dropout", description = "global: dropout before the head (default: 0.1).")
    Double dropout;
    @Option(names = "--ensemble", description = "global: networks per lookback, seeds SEED, then SEED·1000 + 1, "
            + "SEED·1000 + 2, ...; the point forecast is the median of the members', each quantile the mean "
            + "(default: ${DEFAULT-VALUE}).")
    int ensemble = 1;
    @Option(names = "--lookback-factors", split = ",", paramLabel = "F", description = "global: lookbacks as "
            + "multiples of the horizon h, an ensemble over them (default: 1.5,2,3).")
    List<Double> lookbackFactors = List.of(1.5, 2.0, 3.0);
    @Option(names = "--recalibrate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "global: scale the quantile intervals so that their coverage on the validation windows "
            + "(the last h of each training part) is nominal (default: ${DEFAULT-VALUE}).")
    boolean recalibrate = true;
    @Option(names = "--refit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "global: once early stopping has chosen a network's epoch count, train it again from "
            + "scratch for that many epochs on windows that include the last h values of each training part "
            + "(default: ${DEFAULT-VALUE}).")
    boolean refit = true;
    @Option(names = "--deseasonalise", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "global: divide each series that passes Theta's seasonality test by its classical "
            + "multiplicative seasonal indices before training, and multiply the forecasts back "
            + "(default: ${DEFAULT-VALUE}).")
    boolean deseasonalise = true;
    @Option(names = "--drift", negatable = true, description = "global: the networks forecast the difference from "
            + "a damped drift line (the last value plus half the window's slope per step, in the scaled space) "
            + "(default: on for yearly series, off for the others).")
    Boolean drift;
    @Option(names = "--theta-weight", description = "global: also score each point forecast combined with Theta's "
            + "as (1 - W) network + W Theta, in a second table (default: ${DEFAULT-VALUE}, the networks alone).")
    double thetaWeight = 0;
    @Option(names = "--charts", paramLabel = "DIR", description = "Write DIR/m3-FREQUENCY.png for each frequency: "
            + "its first 12 series, the end of the training part, the test part and the forecast (with the 95 %% and "
            + "80 %% intervals of a global model as bands), dates on the x axis where the start is known.")
    Path charts;

    @Override
    public Integer call() throws Exception {
        boolean global = "global".equals(method);
        if (!global && !List.of("naive", "snaive", "theta").contains(method)) {
            throw new IllegalArgumentException("--method: expected naive, snaive, theta or global, got '" + method
                    + "'");
        }
        ClassicalMethod chosen = global ? null : ClassicalMethod.fromCliName(method);
        if (global) {
            Main.useThreads(null); // --threads of the mixin already set the property
        }
        if (ensemble < 1) {
            throw new IllegalArgumentException("--ensemble: expected 1 or more networks per lookback, got " + ensemble);
        }
        if (lookbackFactors != null && lookbackFactors.stream().anyMatch(f -> f == null || !(f > 0))) {
            throw new IllegalArgumentException("--lookback-factors: expected multiples of h above 0, got "
                    + lookbackFactors);
        }
        if (!(thetaWeight >= 0 && thetaWeight <= 1)) {
            throw new IllegalArgumentException("--theta-weight: expected a weight in [0, 1], got " + thetaWeight);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("--samples: expected 0 (no Monte Carlo band) or more, got " + samples);
        }
        long start = System.nanoTime();
        List<M3Series> series = M3Data.load(data, frequencies);
        if (validation) {
            series = M3Data.validationCut(series);
        }
        List<IntervalEvaluation.Score> intervalScores = new ArrayList<>();
        Map<String, List<IntervalEvaluation.Interval>> intervals = new HashMap<>();
        List<M3Evaluation.SeriesScore> scores = global ? scoreGlobal(series, intervalScores, intervals)
                : M3Evaluation.score(series, chosen);
        List<M3Evaluation.Row> rows = M3Evaluation.table(scores);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "M3, method %s: %d series in %.1f s%s%n%n", method,
                series.size(), seconds, validation ? " (validation cut: the last h values of each training part)" : "");
        System.out.print(M3Evaluation.markdown(rows));
        List<M3Evaluation.Row> combinedRows = List.of();
        if (global && thetaWeight > 0) {
            combinedRows = M3Evaluation.table(M3Evaluation.combine(scores, ClassicalMethod.THETA, thetaWeight));
            System.out.printf(Locale.ROOT, "%ncombined with Theta: (1 - %.2f) network + %.2f Theta%n%n", thetaWeight,
                    thetaWeight);
            System.out.print(M3Evaluation.markdown(combinedRows));
        }
        List<IntervalEvaluation.Row> intervalRows = IntervalEvaluation.table(intervalScores);
        if (!intervalRows.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nprediction intervals on the test parts (coverage in %%; MSIS scaled "
                    + "like MASE)%s%n%n", samples > 0 ? ", Monte Carlo dropout from " + samples + " samples" : "");
            System.out.print(IntervalEvaluation.markdown(intervalRows));
        }
        if (forecastsCsv != null) {
            StringBuilder csv = new StringBuilder("series_id,frequency,step,forecast,actual\n");
            for (M3Evaluation.SeriesScore score : scores) {
                M3Series s = score.series();
                for (int k = 0; k < s.horizon(); k++) {
                    csv.append(s.id()).append(',').append(s.frequency()).append(',').append(k + 1).append(',')
                            .append(score.forecast()[k]).append(',').append(s.test()[k]).append('\n');
                }
            }
            java.nio.file.Files.writeString(forecastsCsv, csv);
            System.out.println("forecasts: " + forecastsCsv);
        }
        if (charts != null) {
            for (Path png : ForecastCharts.m3(charts, scores, intervals)) {
                System.out.println("chart: " + png);
            }
        }
        if (metricsJson != null) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("data", data.toString());
            json.put("method", method);
            json.put("validation_cut", validation);
            json.put("series", series.size());
            putRows(json.putArray("rows"), rows);
            if (!combinedRows.isEmpty()) {
                json.put("theta_weight", thetaWeight);
                putRows(json.putArray("combined_rows"), combinedRows);
            }
            if (global) {
                ForecastPanelCli.putIntervals(json, intervalRows, samples);
            }
            ForecastReports.writeJson(metricsJson, json);
            System.out.println("metrics: " + metricsJson);
        }
        return 0;
    }

    // the ensemble of one frequency: every scaling x lookback x seed, each member's run in its own folder
    private void addMembers(GlobalForecastOptions defaults, List<Integer> lookbacks, Path frequencyDir,
                            List<GlobalForecastOptions> members, List<ForecastModel.TrainingRun> runs) {
        List<Normalisation> scalings = normalise.stream().map(Normalisation::fromCliName).distinct().toList();
        CellType cellType = cell == null ? defaults.cell() : CellType.valueOf(cell.toUpperCase(Locale.ROOT));
        boolean single = scalings.size() * lookbacks.size() * ensemble == 1;
        for (Normalisation scaling : scalings) {
            for (int lookbackSteps : lookbacks) {
                for (int k = 0; k < ensemble; k++) {
                    long seed = k == 0 ? training.seed() : training.seed() * 1000 + k;
                    members.add(defaults.withWindows(lookbackSteps, scaling, defaults.log())
                            .withNetwork(cellType, hidden, layers == null ? defaults.layers() : layers,
                                    dropout == null ? defaults.dropout() : dropout)
                            .withTraining(batchesPerEpoch, training.batchSize(), training.epochs(), patience,
                                    training.lr(), maxSeconds, seed)
                            .withQuantiles(quantiles).withDrift(drift != null ? drift : defaults.period() == 1
                                    && defaults.horizon() == YEARLY_HORIZON));
                    Path memberDir = frequencyDir == null || single ? frequencyDir
                            : frequencyDir.resolve(scaling.cliName() + "-lookback-" + lookbackSteps + "-seed-" + seed);
                    runs.add(new ForecastModel.TrainingRun(memberDir, training.resume(), System.err,
                            training.quiet()));
                }
            }
        }
    }

    private static void putRows(ArrayNode table, List<M3Evaluation.Row> rows) {
        for (M3Evaluation.Row r : rows) {
            ObjectNode row = table.addObject();
            row.put("frequency", r.frequency());
            row.put("category", r.category());
            row.put("series", r.series());
            row.put("points", r.points());
            row.put("smape", r.smape());
            row.put("smape_abs", r.smapeAbs());
            row.put("mase", r.mase());
        }
    }

    // one global network per frequency, its checkpoints in OUT/FREQUENCY when --out is given
    private List<M3Evaluation.SeriesScore> scoreGlobal(List<M3Series> series,
                                                       List<IntervalEvaluation.Score> intervalScores,
                                                       Map<String, List<IntervalEvaluation.Interval>> intervals)
            throws java.io.IOException {
        List<M3Evaluation.SeriesScore> scores = new ArrayList<>();
        for (String frequency : M3Data.FREQUENCIES) {
            List<M3Series> ofFrequency = series.stream().filter(s -> s.frequency().equals(frequency)).toList();
            if (ofFrequency.isEmpty()) {
                continue;
            }
            GlobalForecastOptions defaults = GlobalM3.defaults(ofFrequency.get(0));
            int h = defaults.horizon();
            List<Integer> lookbacks = new ArrayList<>();
            if (lookback != null) {
                lookbacks.add(lookback);
            } else if (lookbackFactors == null || lookbackFactors.isEmpty()) {
                lookbacks.add(defaults.lookback());
            } else {
                for (double f : lookbackFactors) {
                    lookbacks.add(Math.max(1, (int) Math.round(f * h)));
                }
            }
            List<GlobalForecastOptions> members = new ArrayList<>();
            List<ForecastModel.TrainingRun> runs = new ArrayList<>();
            addMembers(defaults, lookbacks, training.out() == null ? null : training.out().resolve(frequency),
                    members, runs);
            System.err.printf(java.util.Locale.ROOT, "%s: %d series, horizon %d, period %d, %d network(s): "
                            + "scalings %s x lookbacks %s x %d seed(s)%n", frequency, ofFrequency.size(), h,
                    defaults.period(), members.size(), normalise, lookbacks, ensemble);
            GlobalM3.Result result = GlobalM3Ensemble.run(ofFrequency, members, runs, samples, training.seed(),
                    recalibrate, refit, deseasonalise, System.err);
            scores.addAll(result.scores());
            intervalScores.addAll(result.intervalScores());
            for (int i = 0; i < ofFrequency.size(); i++) {
                intervals.put(ofFrequency.get(i).id(), result.intervals().get(i));
            }
        }
        return scores;
    }
}
