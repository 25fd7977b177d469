package dev.rnn4j.spark;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.DataSplits;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.ReadOptions;
import dev.rnn4j.text.TextDatasets;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code rnn4j spark train classify} (and {@code rnn4j spark train forecast}, {@link SparkTrainForecast}): trains a text classifier by synchronous data parallelism on
 * {@code --workers} tasks of one Spark barrier stage ({@link ClassifierTrainingJob}). It trains what
 * {@code rnn4j classify train} trains (every network of the ensemble, the n-gram expert and the
 * temperature), with each network's batches split over the workers; the classifier's folder is
 * {@code OUT/model}, the checkpoints {@code OUT/run}. Gradients travel over a TCP ring between the tasks
 * ({@code --exchange ring}, the default) or through Spark's barrier {@code allGather} ({@code --exchange
 * allgather}). The tasks need {@code --workers} free task slots
 * at once, and {@code OUT} on a file system every executor sees.
 */
public final class SparkTrainCommand {

    static final String USAGE = String.join("\n",
            "Usage: rnn4j spark train classify --train FILE [--dev FILE] --out DIR --workers N [options]",
            "  --train FILE          labelled texts, as rnn4j classify train reads them (csv or tsv with a header,",
            "                        label-text lines, class files or folders, sentiment trees)",
            "  --dev FILE            labelled texts that choose the epoch, the n-gram weight and the temperature",
            "                        (default: --dev-split of --train, held out with the seed)",
            "  --dev-split X         the fraction of --train held out as dev without --dev (default 0.1)",
            "  --out DIR             the classifier goes to DIR/model, the checkpoints to DIR/run; a DIR that",
            "                        holds a run continues it",
            "  --workers N           tasks training together (each a shard of every batch; default 2)",
            "  --master URL          Spark master (default: spark-submit's, else local[N])",
            "  --exchange ring|allgather  how gradients travel: a direct TCP ring between the tasks (default) or",
            "                        Spark's barrier allGather through the driver",
            "  --exchange-timeout S  seconds the ring waits for a neighbour before the stage fails (default 600)",
            "  --epochs N --batch-size N --lr X --seed N --hidden-size N --embedding-dim N --dropout X",
            "  --word-dropout X --ensemble K --ngram-order N --patience N --min-frequency N",
            "                        as in rnn4j classify train (defaults: ClassifierConfig.defaults())");

    private SparkTrainCommand() {
    }

    /** The command's options, checked. */
    record Options(Path train, Path dev, double devSplit, Path out, int workers, String master,
                   ClassifierConfig config, Exchange exchange) {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with a Spark session of its own and returns the exit status (2 for bad input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int task = args.length > 0 && args[0].equals("train") ? 1 : 0;
        boolean forecast = task < args.length && args[task].equals("forecast");
        Options classify = null;
        SparkTrainForecast.Options panel = null;
        try {
            if (forecast) {
                if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                    out.println(SparkTrainForecast.USAGE);
                    return 0;
                }
                panel = SparkTrainForecast.parse(args, task + 1);
            } else {
                classify = parse(args);
                if (classify == null) {
                    out.println(USAGE);
                    out.println();
                    out.println(SparkTrainForecast.USAGE);
                    return 0;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("rnn4j spark train: " + e.getMessage());
            err.println(forecast ? SparkTrainForecast.USAGE : USAGE);
            return 2;
        }
        int workers = forecast ? panel.workers() : classify.workers();
        String given = forecast ? panel.master() : classify.master();
        String master = given != null ? given : System.getProperty("spark.master", "local[" + workers + "]");
        SparkSession spark = SparkPredictCommand.session(master, "rnn4j spark train " + (forecast ? "forecast"
                : "classify"));
        try {
            if (forecast) {
                try {
                    return SparkTrainForecast.train(spark, panel, out, err);
                } catch (IOException e) {
                    err.println("rnn4j spark train: " + e.getMessage());
                    return 2;
                } catch (RuntimeException e) {
                    return badInput(e, err);
                }
            }
            return train(spark, classify, out, err);
        } finally {
            spark.stop();
        }
    }

    /**
     * 2, with one line on {@code err}, when {@code e} (or a cause: Spark wraps what a task threw) is bad input a
     * user can act on (files, settings); otherwise rethrows {@code e}.
     */
    static int badInput(RuntimeException e, PrintStream err) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException || cause instanceof UncheckedIOException
                    || cause instanceof DataFormatException) {
                err.println("rnn4j spark train: " + cause.getMessage());
                return 2;
            }
        }
        throw e;
    }

    /**
     * Trains with {@code spark} (left running), prints rank 0's log and every task's timings, and
     * returns the exit status: 2, with one line on {@code err}, for bad input (files, settings).
     */
    static int train(SparkSession spark, Options options, PrintStream out, PrintStream err) {
        try {
            long start = System.nanoTime();
            List<LabeledText> train = TextDatasets.read(options.train(), ReadOptions.defaults());
            List<LabeledText> dev;
            if (options.dev() != null) {
                dev = TextDatasets.read(options.dev(), ReadOptions.defaults());
            } else {
                DataSplits.Split<LabeledText> split = DataSplits.holdOut(train, options.devSplit(),
                        options.config().seed());
                train = split.train();
                dev = split.dev();
                out.printf(Locale.ROOT, "dev: %d examples held out of %s (--dev-split %s, seed %d)%n", dev.size(),
                        options.train(), options.devSplit(), options.config().seed());
            }
            List<ClassifierTrainingJob.TaskReport> reports = ClassifierTrainingJob.run(spark.sparkContext(), train,
                    dev, options.config(), options.out(), options.workers(), options.exchange());
            for (String line : reports.get(0).log()) {
                out.println(line);
            }
            for (ClassifierTrainingJob.TaskReport report : reports) {
                out.println(report.stats().line());
            }
            out.printf(Locale.ROOT, "rnn4j spark train classify: %d workers, %d training and %d dev texts -> %s in"
                            + " %.1f s%n", options.workers(), train.size(), dev.size(),
                    options.out().resolve(ClassifierTrainingJob.MODEL), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (RuntimeException e) {
            return badInput(e, err);
        }
    }

    /**
     * The options of {@code args} (which start with {@code classify}, optionally after {@code train}),
     * or null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or out of range
     */
    static Options parse(String[] args) {
        int i = 0;
        if (i < args.length && args[i].equals("train")) {
            i++;
        }
        if (i < args.length && (args[i].equals("--help") || args[i].equals("-h"))) {
            return null;
        }
        if (i >= args.length || !args[i].equals("classify")) {
            throw new IllegalArgumentException("expected the task to train, classify or forecast, got "
                    + (i < args.length ? "'" + args[i] + "'" : "nothing"));
        }
        i++;
        Path train = null;
        Path dev = null;
        Path out = null;
        String master = null;
        double devSplit = 0.1;
        int workers = 2;
        Exchange.Kind exchange = Exchange.Kind.RING;
        int exchangeTimeout = Exchange.DEFAULT_TIMEOUT_SECONDS;
        ClassifierConfig.Builder config = ClassifierConfig.defaults().toBuilder();
        for (; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--train" -> train = Path.of(value(args, i++));
                case "--dev" -> dev = Path.of(value(args, i++));
                case "--dev-split" -> devSplit = number(option, value(args, i++));
                case "--out" -> out = Path.of(value(args, i++));
                case "--master" -> master = value(args, i++);
                case "--workers" -> workers = count(option, value(args, i++));
                case "--exchange" -> exchange = Exchange.Kind.parse(value(args, i++));
                case "--exchange-timeout" -> exchangeTimeout = count(option, value(args, i++));
                case "--epochs" -> config.epochs(count(option, value(args, i++)));
                case "--batch-size" -> config.batchSize(count(option, value(args, i++)));
                case "--hidden-size" -> config.hiddenSize(count(option, value(args, i++)));
                case "--embedding-dim" -> config.embeddingDim(count(option, value(args, i++)));
                case "--ensemble" -> config.ensembleSize(count(option, value(args, i++)));
                case "--min-frequency" -> config.minFrequency(count(option, value(args, i++)));
                case "--ngram-order" -> config.ngramOrder(whole(option, value(args, i++)));
                case "--patience" -> config.patience(whole(option, value(args, i++)));
                case "--seed" -> config.seed(whole(option, value(args, i++)));
                case "--lr" -> config.learningRate(number(option, value(args, i++)));
                case "--dropout" -> {
                    double p = number(option, value(args, i++));
                    config.dropout(p).embeddingDropout(p);
                }
                case "--word-dropout" -> config.wordDropout(number(option, value(args, i++)));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (train == null || out == null) {
            throw new IllegalArgumentException("missing " + (train == null ? "--train" : "--out"));
        }
        if (!(devSplit > 0 && devSplit < 1)) {
            throw new IllegalArgumentException("--dev-split: expected a fraction in (0, 1), got " + devSplit);
        }
        if (!Files.exists(train)) {
            throw new IllegalArgumentException("--train: no file or folder " + train);
        }
        if (dev != null && !Files.exists(dev)) {
            throw new IllegalArgumentException("--dev: no file or folder " + dev);
        }
        return new Options(train, dev, devSplit, out, workers, master, config.build(),
                new Exchange(exchange, exchangeTimeout, GradientFault.NONE));
    }

    static String value(String[] args, int at) {
        if (at + 1 >= args.length || args[at + 1].startsWith("--")) {
            throw new IllegalArgumentException(args[at] + ": expected a value");
        }
        return args[at + 1];
    }

    static int count(String option, String value) {
        int n = whole(option, value);
        if (n < 1) {
            throw new IllegalArgumentException(option + ": expected a whole number of at least 1, got " + value);
        }
        return n;
    }

    static int whole(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a whole number, got " + value);
        }
    }

    static double number(String option, String value) {
        try {
            double x = Double.parseDouble(value);
            if (!Double.isFinite(x) || x < 0) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a number of at least 0, got " + value);
        }
    }
}
