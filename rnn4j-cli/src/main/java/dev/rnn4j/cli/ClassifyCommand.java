package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.ClassifierPredictor;
import dev.rnn4j.classify.Prediction;
import dev.rnn4j.classify.TemperatureScaling;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.text.DataFormat;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.ReadOptions;
import dev.rnn4j.text.TextDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j classify}: train, evaluate and apply text classifiers (sentiment analysis and any
 * other labelled-text task). See {@link TextClassifier} for the model and
 * {@link ClassifierConfig} for the defaults.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Text classification: train a (bi)LSTM/GRU/RNN classifier, evaluate it, predict labels.",
        subcommands = {ClassifyTrainCommand.class, ClassifyCommand.Eval.class, ClassifyCommand.Predict.class,
                ClassifyCommand.Download.class})
final class ClassifyCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options for reading data files, shared by train and eval. */
    static final class DataOptions {
        @Option(names = "--format", description = "Data format: csv, tsv, label-text, class-files, class-folders,"
                + " trees (default: detected per file).")
        String format;

        @Option(names = "--encoding", description = "Character encoding of the data files, e.g. windows-1252 for MR"
                + " (default: ${DEFAULT-VALUE}). Bytes invalid in it are an error naming file and line.")
        String encoding = "UTF-8";

        @Option(names = "--binary", description = "Sentiment trees: map the 5 SST classes to SST-2's 0/1 and drop"
                + " neutral.")
        boolean binary;

        @Option(names = "--no-header", description = "CSV/TSV files have no header row.")
        boolean noHeader;

        @Option(names = "--label-column", description = "CSV/TSV: label column, by header name or 0-based index.")
        String labelColumn;

        @Option(names = "--text-column", description = "CSV/TSV: text column, by header name or 0-based index.")
        String textColumn;

        ReadOptions readOptions() {
            Charset charset;
            try {
                charset = Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--encoding: unknown character encoding \"" + encoding
                        + "\" (e.g. UTF-8, windows-1252, ISO-8859-1)");
            }
            return ReadOptions.defaults().withEncoding(charset).withBinary(binary).withHeader(!noHeader)
                    .withColumns(labelColumn, textColumn);
        }

        List<LabeledText> read(Path path, ReadOptions options) {
            if (format == null) {
                return TextDatasets.read(path, options);
            }
            return TextDatasets.read(path, DataFormat.fromName(format), options);
        }
    }

    static void writeJson(Path file, JsonNode root) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode reportJson(MetricsReport report) {
        try {
            return JSON.readTree(report.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ====================================================================== eval

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Scores a saved classifier on labelled data: accuracy, precision, recall, F1, confusion"
                    + " matrix, and how well its probabilities are calibrated (negative log-likelihood and expected"
                    + " calibration error, with and without the temperature fitted at training).")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder written by classify train.")
        Path model;

        @Option(names = "--data", required = true, description = "Labelled data (file, folder or file prefix).")
        Path dataPath;

        @picocli.CommandLine.Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--metrics-json", description = "Write the metrics as JSON.")
        Path metricsJson;

        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() {
            Main.useThreads(threads);
            TextClassifier classifier = TextClassifier.load(model);
            List<LabeledText> examples = data.read(dataPath,
                    data.readOptions().withLabels(classifier.labels().labels()));
            MetricsReport report = classifier.evaluate(examples);
            TextClassifier.Calibration calibration = classifier.calibration(examples);
            System.out.println(report);
            System.out.printf(Locale.ROOT, "probabilities (temperature %.4f): NLL %.4f, expected calibration error"
                            + " %.4f (%d bins); without the temperature: NLL %.4f, ECE %.4f%n",
                    calibration.temperature(), calibration.negativeLogLikelihood(),
                    calibration.expectedCalibrationError(), TemperatureScaling.ECE_BINS,
                    calibration.uncalibratedNegativeLogLikelihood(),
                    calibration.uncalibratedExpectedCalibrationError());
            if (metricsJson != null) {
                ObjectNode json = (ObjectNode) reportJson(report);
                json.put("temperature", calibration.temperature());
                json.put("nll", calibration.negativeLogLikelihood());
                json.put("ece", calibration.expectedCalibrationError());
                writeJson(metricsJson, json);
            }
            return 0;
        }
    }

    // ====================================================================== predict

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Predicts the label of each TEXT argument, or of each line of standard input.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder written by classify train.")
        Path model;

        @Option(names = "--json", description = "One JSON object per text: text, label and probabilities.")
        boolean json;

        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Texts to classify (default: stdin lines).")
        List<String> texts = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Main.useThreads(threads);
            ClassifierPredictor predictor = TextClassifier.load(model).predictor();
            List<String> inputs = new ArrayList<>(texts);
            if (inputs.isEmpty()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                int lineNumber = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNumber++;
                    if (line.isBlank()) {
                        throw new IllegalArgumentException("stdin:" + lineNumber + ": empty text (one text per line)");
                    }
                    inputs.add(line);
                }
                if (inputs.isEmpty()) {
                    throw new IllegalArgumentException("stdin: no texts (give TEXT arguments or one text per line)");
                }
            } else {
                for (int i = 0; i < inputs.size(); i++) {
                    if (inputs.get(i).isBlank()) {
                        throw new IllegalArgumentException("TEXT argument " + (i + 1) + ": empty text");
                    }
                }
            }
            List<Prediction> predictions = predictor.predictBatch(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                Prediction p = predictions.get(i);
                if (json) {
                    ObjectNode row = JSON.createObjectNode();
                    row.put("text", inputs.get(i));
                    row.put("label", p.label());
                    ObjectNode probs = row.putObject("probabilities");
                    for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
                        probs.put(e.getKey(), e.getValue());
                    }
                    System.out.println(JSON.writeValueAsString(row));
                } else {
                    System.out.printf(Locale.ROOT, "%s\t%.4f\t%s%n", p.label(), p.probabilities().get(p.label()),
                            inputs.get(i));
                }
            }
            return 0;
        }
    }

    /** {@code rnn4j classify download imdb|sst2}: fetches a data set into a cache folder, checked by SHA-256. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Downloads IMDB (aclImdb_v1.tar.gz, extracted) or SST-2 (stsa.binary.{train,dev,test})",
                    "from their canonical addresses into a cache folder, verifies each file's SHA-256, and prints",
                    "the local path to give to --train/--dev/--test. A complete cached copy is reused."})
    static final class Download implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "DATASET", description = "imdb or sst2.")
        String dataset;

        @Option(names = "--cache", description = "Cache folder (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "rnn4j");

        @Override
        public Integer call() {
            dev.rnn4j.text.DatasetDownloader downloader = new dev.rnn4j.text.DatasetDownloader(cache,
                    message -> System.err.println(message));
            java.nio.file.Path path = switch (dataset.toLowerCase(java.util.Locale.ROOT)) {
                case "imdb" -> downloader.imdb();
                case "sst2", "sst-2" -> downloader.sst2();
                default -> throw new IllegalArgumentException("unknown data set '" + dataset
                        + "' (expected imdb or sst2)");
            };
            System.out.println(path);
            return 0;
        }
    }
}
