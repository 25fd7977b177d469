package dev.rnn4j.spark;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.text.LabeledText;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What the Spark tests share: one local Spark session for the whole test JVM ({@code local[2]} on 127.0.0.1,
 * no web UI, two shuffle partitions), and two tiny models trained in a few seconds and saved once: a sentiment
 * classifier of made-up sentences (a cue word decides the label) and a forecaster of a monthly sine with
 * trend (no calendar features, so a history of values alone is a complete request).
 */
final class SparkTests {

    static final String[] POSITIVE = {"good", "great", "fine", "superb", "lovely"};
    static final String[] NEGATIVE = {"bad", "awful", "dull", "poor", "boring"};
    static final String[] FILLER = {"the", "film", "was", "a", "movie", "plot", "story", "and", "it", "really"};

    /** The forecaster's lookback: a history needs at least this many values. */
    static final int LOOKBACK = 12;
    /** The forecaster's horizon. */
    static final int HORIZON = 3;

    private static SparkSession spark;
    private static Path root;
    private static Path classifier;
    private static Path forecaster;

    private SparkTests() {
    }

    /** The session every test uses; Spark stops it when the JVM exits. */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("rnn4j-spark-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.warehouse.dir", folder("warehouse").toUri().toString())
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** The classifier's folder (labels {@code neg}, {@code pos}). */
    static synchronized Path classifier() {
        if (classifier == null) {
            ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(16).hiddenSize(12)
                    .dropout(0.1).embeddingDropout(0.1).minFrequency(1).epochs(3).patience(0).batchSize(8)
                    .learningRate(0.01).seed(3).ngramOrder(0).ensembleSize(1).build();
            TextClassifier trained = TextClassifier.train(sentences(160, 1), sentences(40, 2), config);
            classifier = folder("classifier");
            trained.save(classifier);
        }
        return classifier;
    }

    /** The forecaster's folder (target {@code Value}, horizon {@link #HORIZON}, lookback {@link #LOOKBACK}). */
    static synchronized Path forecaster() {
        if (forecaster == null) {
            try {
                Path csv = folder("series").resolve("sine.csv");
                Files.writeString(csv, monthlyCsv(series(120, 9)));
                ForecastData data = new ForecastData("Value", "Month", null, List.of(), List.of(),
                        MissingValuePolicy.FORWARD_FILL);
                ForecastModel model = ForecastModel.train(data.read(csv), data, new ForecastOptions(HORIZON, LOOKBACK,
                        12, false, false, null, ForecastOptions.Strategy.DIRECT, CellType.LSTM, 8, 1, 0.1, false, 1,
                        12, 10, 5, 16, 1e-2, 60, 7), 12, ForecastModel.TrainingRun.silent());
                forecaster = folder("forecaster");
                model.save(forecaster);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return forecaster;
    }

    /** A copy of {@code model} in a new folder of its own (for tests that load or delete a folder). */
    static Path copyOf(Path model, String name) {
        try {
            Path copy = Files.createTempDirectory(root(), name);
            try (var files = Files.list(model)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} texts of filler words with one cue word. */
    static List<String> texts(int n, long seed) {
        return sentences(n, seed).stream().map(LabeledText::text).toList();
    }

    /** {@code n} sentences of filler words with one cue word, labelled {@code pos} or {@code neg}. */
    static List<LabeledText> sentences(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = random.nextBoolean();
            String[] cue = positive ? POSITIVE : NEGATIVE;
            List<String> words = new ArrayList<>();
            int length = 3 + random.nextInt(6);
            for (int j = 0; j < length; j++) {
                words.add(FILLER[random.nextInt(FILLER.length)]);
            }
            words.add(random.nextInt(words.size() + 1), cue[random.nextInt(cue.length)]);
            out.add(new LabeledText(String.join(" ", words), positive ? "pos" : "neg"));
        }
        return out;
    }

    /** A monthly sine with trend and noise, {@code length} values. */
    static double[] series(int length, long seed) {
        return SyntheticSeries.sineWithTrend(length, 12, 50, 0.2, 10, 0.5, seed);
    }

    /** Histories for the forecaster: {@code count} windows of 12 to 30 values of {@link #series}. */
    static List<double[]> histories(int count, long seed) {
        double[] y = series(200, seed);
        Random random = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = LOOKBACK + random.nextInt(19);
            int start = random.nextInt(y.length - length);
            out.add(Arrays.copyOfRange(y, start, start + length));
        }
        return out;
    }

    private static String monthlyCsv(double[] y) {
        StringBuilder csv = new StringBuilder("Month,Value\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < y.length; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append('\n');
        }
        return csv.toString();
    }

    private static Path folder(String name) {
        try {
            return Files.createDirectories(root().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("rnn4j-spark-test");
            root.toFile().deleteOnExit();
        }
        return root;
    }
}
