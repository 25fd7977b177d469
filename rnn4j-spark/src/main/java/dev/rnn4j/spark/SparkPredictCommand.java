package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code rnn4j spark predict}: scores a file or folder of rows (CSV with a header, JSON lines, Parquet, or plain
 * text with one text per line) with a trained model on Spark and writes the rows with the model's columns
 * appended ({@link PredictorTransformer}).
 * The main class of {@code rnn4j-spark.jar}, for {@code spark-submit}; the {@code rnn4j} launcher runs it
 * the same way, or on a local master with Spark's jars from the build when no Spark is installed.
 */
public final class SparkPredictCommand {

    static final String USAGE = String.join("\n",
            "Usage: rnn4j spark predict --model DIR --input FILE|DIR --output DIR [options]",
            "  --model DIR              a trained model's folder (text classifier or forecaster)",
            "  --input FILE|DIR         rows to score: csv (with a header), json (one object per line), parquet,",
            "                           or text (one text per line, the column 'text')",
            "  --output DIR             a new folder for the rows with the model's columns appended",
            "  --master URL             Spark master (default: spark-submit's, else local[*])",
            "  --input-format FORMAT    csv, json, parquet or text (default: from the file names)",
            "  --output-format FORMAT   json, parquet or csv (default json; csv holds maps and arrays as JSON text)",
            "  --column NAME            the input column (default: text for text models, values for forecasters)",
            "  --batch-size N           rows per call of the model's batch path (default 256)",
            "  --threads-per-task N     batches predicted at once in one task (default 1)",
            "  --sort-window N          rows a task reads and sorts by length before cutting batches, for text",
            "                           models (default " + PredictorTransformer.DEFAULT_SORT_WINDOW + ")",
            "  --partitions N           spread the rows over N partitions first (default: as read, files cut",
            "                           into one split per core, of at least 64 KB)",
            "  --shared-model           every executor reads --model at its path (a shared file system)",
            "                           instead of Spark shipping the folder to each executor");

    /** The SQL setting that bounds how small Spark cuts the splits of the files it reads. */
    static final String OPEN_COST = "spark.sql.files.openCostInBytes";
    /** The smallest split this command lets Spark cut (unless the session sets {@link #OPEN_COST} itself). */
    static final long SPLIT_FLOOR_BYTES = 64 << 10;

    private SparkPredictCommand() {
    }

    /** The command's options, checked. */
    record Options(Path model, String input, String output, String master, String inputFormat, String outputFormat,
                   String column, int batchSize, int threadsPerTask, int sortWindow, Integer partitions,
                   boolean shipModel) {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with a Spark session of its own and returns the exit status (2 for bad input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("rnn4j spark predict: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        SparkSession spark = session(options.master(), "rnn4j spark predict");
        try {
            return predict(spark, options, out, err);
        } finally {
            spark.stop();
        }
    }

    /**
     * Scores the input with {@code spark} (left running) and returns the exit status: 2, with one line on
     * {@code err}, for bad input (options, files, columns, a value the model refuses, naming its row).
     */
    static int predict(SparkSession spark, Options options, PrintStream out, PrintStream err) {
        try {
            long start = System.nanoTime();
            String task = Predictors.task(options.model());
            String inputFormat = options.inputFormat() != null ? options.inputFormat() : formatOf(options.input());
            if (!spark.conf().contains(OPEN_COST)) {
                // Spark cuts a file into about (size + openCostInBytes) / cores bytes a split, at least openCostInBytes
                // (4 MB by default): a file of a few MB would be one partition, or two of unequal size, scored
                // by one task on one core for most of the time
                spark.conf().set(OPEN_COST, String.valueOf(SPLIT_FLOOR_BYTES));
            }
            Dataset<Row> rows = read(spark, inputFormat, options.input());
            if (options.partitions() != null) {
                rows = rows.repartition(options.partitions());
            }
            String column = options.column() != null ? options.column()
                    : task.equals("forecast") ? "values" : "text";
            PredictorTransformer transformer = new PredictorTransformer().setModelPath(options.model().toString())
                    .setInputCol(column).setBatchSize(options.batchSize()).setThreadsPerTask(options.threadsPerTask())
                    .setSortWindow(options.sortWindow()).setShipModel(options.shipModel());
            Dataset<Row> scored = transformer.transform(rows);
            if (options.outputFormat().equals("csv")) {
                scored = asText(scored);
            }
            scored.write().format(options.outputFormat()).option("header", "true").save(options.output());
            int partitions = rows.rdd().getNumPartitions();
            out.printf(Locale.ROOT, "rnn4j spark predict: %s model %s on column '%s' of %s (%s, %d partition%s)"
                            + " -> %s (%s) in %.1f s%n", task, options.model(), column, options.input(), inputFormat,
                    partitions, partitions == 1 ? "" : "s", options.output(), options.outputFormat(),
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (Exception e) {
            // Spark wraps what a task threw; the cause a user can act on is the first of these
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                        || cause instanceof UncheckedIOException || cause instanceof AnalysisException) {
                    err.println("rnn4j spark predict: " + cause.getMessage());
                    return 2;
                }
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /**
     * The options of {@code args} (which may start with the word {@code predict}), or null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or out of range
     */
    static Options parse(String[] args) {
        Path model = null;
        String input = null;
        String output = null;
        String master = null;
        String inputFormat = null;
        String outputFormat = "json";
        String column = null;
        int batchSize = 256;
        int threads = 1;
        int sortWindow = PredictorTransformer.DEFAULT_SORT_WINDOW;
        Integer partitions = null;
        boolean ship = true;
        int i = args.length > 0 && args[0].equals("predict") ? 1 : 0;
        if (i == 0 && args.length > 0 && !args[0].startsWith("--")) {
            throw new IllegalArgumentException("unknown command '" + args[0] + "' (expected predict)");
        }
        for (; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--shared-model" -> ship = false;
                case "--model" -> model = Path.of(value(args, i++));
                case "--input" -> input = value(args, i++);
                case "--output" -> output = value(args, i++);
                case "--master" -> master = value(args, i++);
                case "--input-format" -> inputFormat = format(option, value(args, i++),
                        List.of("csv", "json", "parquet", "text"));
                case "--output-format" -> outputFormat = format(option, value(args, i++), List.of("json", "parquet", "csv"));
                case "--column" -> column = value(args, i++);
                case "--batch-size" -> batchSize = count(option, value(args, i++));
                case "--threads-per-task" -> threads = count(option, value(args, i++));
                case "--sort-window" -> sortWindow = count(option, value(args, i++));
                case "--partitions" -> partitions = count(option, value(args, i++));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (model == null || input == null || output == null) {
            throw new IllegalArgumentException("missing " + (model == null ? "--model" : input == null ? "--input"
                    : "--output"));
        }
        if (!output.contains("://") && Files.exists(Path.of(output))) {
            throw new IllegalArgumentException("--output: " + output + " exists; give a new folder");
        }
        return new Options(model, input, output, master, inputFormat, outputFormat, column, batchSize, threads,
                sortWindow, partitions, ship);
    }

    private static String value(String[] args, int at) {
        if (at + 1 >= args.length || args[at + 1].startsWith("--")) {
            throw new IllegalArgumentException(args[at] + ": expected a value");
        }
        return args[at + 1];
    }

    private static String format(String option, String value, List<String> known) {
        String f = value.toLowerCase(Locale.ROOT);
        if (!known.contains(f)) {
            throw new IllegalArgumentException(option + ": expected one of " + String.join(", ", known) + ", got "
                    + value);
        }
        return f;
    }

    private static int count(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException(option + ": expected a whole number >= 1, got " + value);
    }

    /**
     * The format of a file by its name, or of a folder by the first data file in it.
     *
     * @throws IllegalArgumentException if the input is missing or its files' names do not tell
     */
    static String formatOf(String input) {
        Path path = Path.of(input);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--input: " + input + " not found");
        }
        Optional<String> format;
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                format = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_") && !n.startsWith("."))
                        .sorted().map(SparkPredictCommand::formatOfName).flatMap(Optional::stream).findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException("--input: cannot list " + input + ": " + e.getMessage(), e);
            }
        } else {
            format = formatOfName(path.getFileName().toString());
        }
        return format.orElseThrow(() -> new IllegalArgumentException("--input: cannot tell the format of " + input
                + " from its file names (.csv, .json, .jsonl, .parquet, .txt); give --input-format"));
    }

    private static Optional<String> formatOfName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Optional.of("csv");
        }
        if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Optional.of("json");
        }
        if (n.endsWith(".parquet")) {
            return Optional.of("parquet");
        }
        if (n.endsWith(".txt")) {
            return Optional.of("text");
        }
        return Optional.empty();
    }

    private static Dataset<Row> read(SparkSession spark, String format, String input) {
        return switch (format) {
            case "csv" -> spark.read().option("header", "true").option("escape", "\"")
                    .csv(input);
            case "json" -> spark.read().json(input);
            case "text" -> spark.read().text(input).withColumnRenamed("value", "text");
            default -> spark.read().parquet(input);
        };
    }

    /** Map, array and struct columns as JSON text, which CSV can hold. */
    private static Dataset<Row> asText(Dataset<Row> rows) {
        StructType schema = rows.schema();
        Dataset<Row> out = rows;
        for (StructField field : schema.fields()) {
            if (field.dataType() instanceof MapType || field.dataType() instanceof ArrayType
                    || field.dataType() instanceof StructType) {
                Column column = functions.col(field.name());
                out = out.withColumn(field.name(), functions.to_json(column));
            }
        }
        return out;
    }

    /**
     * A session on {@code master}; without one, spark-submit's master or else {@code local[*]}. A local master
     * binds to 127.0.0.1 and runs without the web UI: it needs no network.
     */
    static SparkSession session(String master, String appName) {
        SparkConf conf = new SparkConf();
        String chosen = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(chosen);
        if (chosen.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
