package dev.rnn4j.spark;

import dev.rnn4j.forecast.global.GlobalForecastOptions;
import dev.rnn4j.forecast.global.GlobalSeries;
import dev.rnn4j.forecast.global.Normalisation;
import dev.rnn4j.forecast.global.PanelColumns;
import dev.rnn4j.recurrent.CellType;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.rnn4j.spark.SparkTrainCommand.count;
import static dev.rnn4j.spark.SparkTrainCommand.number;
import static dev.rnn4j.spark.SparkTrainCommand.value;
import static dev.rnn4j.spark.SparkTrainCommand.whole;

/**
 * {@code rnn4j spark train forecast}: trains a global forecaster on every series of a long-format panel by
 * synchronous data parallelism on {@code --workers} tasks of one barrier stage ({@link ForecastTrainingJob}):
 * the network, the windows and the defaults of {@code rnn4j forecast train --panel}, each global batch of
 * windows split over the workers. The model folder is {@code OUT/model} (for {@code rnn4j forecast eval|predict
 * --panel}), the checkpoints {@code OUT/run}. The time budget of {@code forecast train} does not apply.
 */
final class SparkTrainForecast {

    static final String USAGE = String.join("\n",
            "Usage: rnn4j spark train forecast --panel FILE --id-column C --time-column C --target C --horizon H",
            "           --out DIR --workers N [options]",
            "  --panel FILE          a long-format panel (csv: one row per series id and time), as rnn4j forecast",
            "                        train --panel reads it; series shorter than test size + 2H + 1 are skipped",
            "  --id-column C --time-column C --target C   the series id, time and value columns",
            "  --horizon H           steps forecast from each origin",
            "  --test-size N         points at the end of each series left out of training (default 0)",
            "  --out DIR             the model goes to DIR/model, the checkpoints to DIR/run; a DIR that holds a",
            "                        run continues it",
            "  --workers N           tasks training together (each a shard of every batch of windows; default 2)",
            "  --master URL          Spark master (default: spark-submit's, else local[N])",
            "  --exchange ring|allgather  how gradients travel (default ring)",
            "  --exchange-timeout S  seconds the ring waits for a neighbour before the stage fails (default 600)",
            "  --season M --lookback L --covariates C1,C2 --group-column C --normalise mean|last --log|--no-log",
            "  --quantiles Q1,Q2 --cell lstm|gru --hidden N --layers N --dropout X --batches-per-epoch N",
            "  --batch-size N --epochs N --patience N --lr X --seed N",
            "                        as in rnn4j forecast train --panel (defaults: season 1, lookback",
            "                        max(2H, 2M), hidden 32, dropout 0.2, 100 batches of 32 windows per epoch,",
            "                        300 epochs, patience 30, lr 2e-3, seed 42)");

    private SparkTrainForecast() {
    }

    /** The command's options, checked. */
    record Options(Path panel, PanelColumns columns, int testSize, Path out, int workers, String master,
                   GlobalForecastOptions forecast, Exchange exchange) {
    }

    /**
     * Trains with {@code spark} (left running), prints rank 0's log and every task's timings, and returns the
     * exit status 0 (bad input throws, as {@link SparkTrainCommand#train} reports it).
     */
    static int train(SparkSession spark, Options options, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        int h = options.forecast().horizon();
        int minLength = options.testSize() + 2 * h + 1;
        PanelColumns.Loaded loaded = options.columns().read(options.panel(), minLength);
        List<String> skipped = loaded.skippedIds();
        out.printf(Locale.ROOT, "read %s: %d series%s%n", options.panel(), loaded.series().size(), skipped.isEmpty()
                ? "" : String.format(Locale.ROOT, ", %d skipped as shorter than %d values (test size + 2 x horizon"
                + " + 1)", skipped.size(), minLength));
        if (loaded.series().isEmpty()) {
            throw new IllegalArgumentException(options.panel() + ": no series has at least " + minLength + " values");
        }
        List<GlobalSeries> training = new ArrayList<>(loaded.series().size());
        for (GlobalSeries s : loaded.series()) {
            training.add(s.head(s.length() - options.testSize()));
        }
        List<ForecastTrainingJob.TaskReport> reports = ForecastTrainingJob.run(spark.sparkContext(), training,
                options.columns(), options.forecast(), options.out(), options.workers(), options.exchange());
        for (String line : reports.get(0).log()) {
            out.println(line);
        }
        for (ForecastTrainingJob.TaskReport report : reports) {
            out.println(report.stats().line());
        }
        out.printf(Locale.ROOT, "rnn4j spark train forecast: %d workers, %d series -> %s in %.1f s%n",
                options.workers(), training.size(), options.out().resolve(ForecastTrainingJob.MODEL),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * The options of {@code args}, from the first option after {@code forecast} on.
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or out of range
     */
    static Options parse(String[] args, int from) {
        Path panel = null;
        Path out = null;
        String idColumn = null;
        String timeColumn = null;
        String target = null;
        String groupColumn = null;
        List<String> covariates = List.of();
        String master = null;
        Integer horizon = null;
        Integer season = null;
        Integer lookback = null;
        Boolean log = null;
        List<Double> quantiles = List.of();
        Normalisation normalisation = Normalisation.MEAN_LEVEL;
        CellType cell = CellType.LSTM;
        int testSize = 0;
        int workers = 2;
        int hidden = 32;
        int layers = 1;
        double dropout = 0.2;
        int batchesPerEpoch = 100;
        int batchSize = 32;
        int epochs = 300;
        int patience = 30;
        double lr = 2e-3;
        long seed = 42;
        Exchange.Kind exchange = Exchange.Kind.RING;
        int exchangeTimeout = Exchange.DEFAULT_TIMEOUT_SECONDS;
        for (int i = from; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--panel" -> panel = Path.of(value(args, i++));
                case "--out" -> out = Path.of(value(args, i++));
                case "--id-column" -> idColumn = value(args, i++);
                case "--time-column" -> timeColumn = value(args, i++);
                case "--target" -> target = value(args, i++);
                case "--group-column" -> groupColumn = value(args, i++);
                case "--covariates" -> covariates = List.of(value(args, i++).split(","));
                case "--master" -> master = value(args, i++);
                case "--horizon" -> horizon = count(option, value(args, i++));
                case "--season" -> season = count(option, value(args, i++));
                case "--lookback" -> lookback = count(option, value(args, i++));
                case "--log" -> log = true;
                case "--no-log" -> log = false;
                case "--quantiles" -> quantiles = Arrays.stream(value(args, i++).split(","))
                        .map(q -> number(option, q)).toList();
                case "--normalise" -> normalisation = Normalisation.fromCliName(value(args, i++));
                case "--cell" -> cell = cell(value(args, i++));
                case "--test-size" -> testSize = whole(option, value(args, i++));
                case "--workers" -> workers = count(option, value(args, i++));
                case "--hidden" -> hidden = count(option, value(args, i++));
                case "--layers" -> layers = count(option, value(args, i++));
                case "--dropout" -> dropout = number(option, value(args, i++));
                case "--batches-per-epoch" -> batchesPerEpoch = count(option, value(args, i++));
                case "--batch-size" -> batchSize = count(option, value(args, i++));
                case "--epochs" -> epochs = count(option, value(args, i++));
                case "--patience" -> patience = count(option, value(args, i++));
                case "--lr" -> lr = number(option, value(args, i++));
                case "--seed" -> seed = whole(option, value(args, i++));
                case "--exchange" -> exchange = Exchange.Kind.parse(value(args, i++));
                case "--exchange-timeout" -> exchangeTimeout = count(option, value(args, i++));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        for (String[] required : new String[][] {{"--panel", str(panel)}, {"--id-column", idColumn},
                {"--time-column", timeColumn}, {"--target", target}, {"--horizon", str(horizon)}, {"--out", str(out)}}) {
            if (required[1] == null) {
                throw new IllegalArgumentException("missing " + required[0]);
            }
        }
        if (!Files.isRegularFile(panel)) {
            throw new IllegalArgumentException("--panel: no file " + panel);
        }
        if (testSize != 0 && testSize < horizon) {
            throw new IllegalArgumentException("--test-size: expected 0 or at least the horizon " + horizon + ", got "
                    + testSize);
        }
        int period = season != null ? season : 1;
        GlobalForecastOptions forecast = new GlobalForecastOptions(horizon,
                lookback != null ? lookback : Math.max(2 * horizon, 2 * period), period, normalisation, log, cell,
                hidden, layers, dropout, true, batchesPerEpoch, batchSize, epochs, patience, lr, Double.MAX_VALUE, seed,
                quantiles);
        return new Options(panel, new PanelColumns(idColumn, timeColumn, target, covariates, groupColumn), testSize,
                out, workers, master, forecast, new Exchange(exchange, exchangeTimeout, GradientFault.NONE));
    }

    private static CellType cell(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            default -> throw new IllegalArgumentException("--cell: expected lstm or gru, got " + name);
        };
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
