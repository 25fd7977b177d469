package dev.rnn4j.server;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelTraining;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.translate.ParallelCorpusReader;
import dev.rnn4j.translate.TranslationModel;
import dev.rnn4j.translate.TranslationOptions;
import dev.rnn4j.translate.TranslationTraining;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.text.LabeledText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Four tiny models trained in a few seconds and saved once per test run: a sentiment classifier on made-up
 * sentences (a cue word decides the label), a monthly forecaster of a sine with trend (calendar features,
 * so a request needs its times), a character language model of the made-up sentences and a translator of
 * made-up German-English word pairs. Their folders are what {@code rnn4j serve --model NAME=DIR} loads.
 */
final class TestModels {

    static final String[] POSITIVE = {"good", "great", "fine", "superb", "lovely"};
    static final String[] NEGATIVE = {"bad", "awful", "dull", "poor", "boring"};
    static final String[] FILLER = {"the", "film", "was", "a", "movie", "plot", "story", "and", "it", "really"};

    /** The forecaster's lookback: a request needs at least this many rows. */
    static final int LOOKBACK = 12;
    /** The forecaster's horizon. */
    static final int HORIZON = 4;

    private static Path root;
    private static Path classifier;
    private static Path forecaster;
    private static Path languageModel;
    private static Path translator;

    private TestModels() {
    }

    /** The classifier's folder (labels {@code neg}, {@code pos}). */
    static synchronized Path classifier() {
        if (classifier == null) {
            ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(16).hiddenSize(12)
                    .dropout(0.1).embeddingDropout(0.1).minFrequency(1).epochs(4).patience(0).batchSize(8)
                    .learningRate(0.01).seed(3).ngramOrder(0).ensembleSize(1).build();
            TextClassifier trained = TextClassifier.train(sentences(160, 1), sentences(40, 2), config);
            classifier = folder("classifier");
            trained.save(classifier);
        }
        return classifier;
    }

    /** The forecaster's folder (target {@code Value}, monthly {@code Month}, horizon {@link #HORIZON}). */
    static synchronized Path forecaster() {
        if (forecaster == null) {
            try {
                Path csv = folder("series").resolve("sine.csv");
                Files.writeString(csv, monthlyCsv(120));
                ForecastData data = new ForecastData("Value", "Month", null, List.of(), List.of(),
                        MissingValuePolicy.FORWARD_FILL);
                ForecastModel model = ForecastModel.train(data.read(csv), data, new ForecastOptions(HORIZON, LOOKBACK,
                        null, false, false, null, ForecastOptions.Strategy.DIRECT, CellType.LSTM, 8, 1, 0.1, true, 1,
                        12, 15, 5, 16, 1e-2, 60, 7), 12, ForecastModel.TrainingRun.silent());
                forecaster = folder("forecaster");
                model.save(forecaster);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return forecaster;
    }

    /** The language model's folder: characters of {@link #sentences}, one per line. */
    static synchronized Path languageModel() {
        if (languageModel == null) {
            try {
                String train = lines(sentences(200, 5));
                String validation = lines(sentences(40, 6));
                CharVocabulary vocabulary = CharVocabulary.of(train);
                LanguageModel model = LanguageModel.train(vocabulary, train, validation,
                        new LanguageModelConfig("LSTM", vocabulary.size(), 8, 16, 1, 0.0, 0.0, 0.0, false),
                        new LanguageModelTraining(3, 2, 4, 16, false, 1e-2, 1.0, 1.0, 0, 0, 0, null, false, true, null));
                languageModel = folder("language-model");
                model.save(languageModel);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return languageModel;
    }

    /** The translator's folder: German to English sentences of two words ("der hund" to "the dog"). */
    static synchronized Path translator() {
        if (translator == null) {
            try {
                String[][] nouns = {{"hund", "dog"}, {"mann", "man"}, {"ball", "ball"}, {"baum", "tree"}};
                String[][] verbs = {{"rennt", "runs"}, {"schläft", "sleeps"}, {"spielt", "plays"}};
                StringBuilder de = new StringBuilder();
                StringBuilder en = new StringBuilder();
                for (String[] noun : nouns) {
                    for (String[] verb : verbs) {
                        de.append("der ").append(noun[0]).append(' ').append(verb[0]).append(" .\n");
                        en.append("the ").append(noun[1]).append(' ').append(verb[1]).append(" .\n");
                    }
                }
                Path data = folder("translation-data");
                Files.writeString(data.resolve("train.de"), de.toString().repeat(4));
                Files.writeString(data.resolve("train.en"), en.toString().repeat(4));
                Files.writeString(data.resolve("dev.de"), de.toString());
                Files.writeString(data.resolve("dev.en"), en.toString());
                TranslationModel model = TranslationTraining.train(
                        ParallelCorpusReader.read(data.resolve("train.de"), data.resolve("train.en")),
                        ParallelCorpusReader.read(data.resolve("dev.de"), data.resolve("dev.en")),
                        new TranslationOptions(30, true, 50, 8, 8, 12, CellType.GRU, 0.0, 0.0, 200, 1e-2, 0.5, 1.0,
                                2, 2, true, 0, 7),
                        new TranslationTraining.Run(data.resolve("run"), false, true, null));
                translator = folder("translator");
                model.save(translator);
            } catch (Exception e) {
                throw new IllegalStateException("training the test translator failed", e);
            }
        }
        return translator;
    }

    private static String lines(List<LabeledText> sentences) {
        StringBuilder text = new StringBuilder();
        for (LabeledText sentence : sentences) {
            text.append(sentence.text()).append('\n');
        }
        return text.toString();
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

    /** The texts of {@link #sentences}. */
    static List<String> texts(int n, long seed) {
        return sentences(n, seed).stream().map(LabeledText::text).toList();
    }

    /** A monthly CSV {@code Month,Value} of {@code rows} rows from 2000-01. */
    static String monthlyCsv(int rows) {
        double[] y = SyntheticSeries.sineWithTrend(rows, 12, 50, 0.2, 10, 0.5, 9);
        StringBuilder csv = new StringBuilder("Month,Value\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < rows; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append('\n');
        }
        return csv.toString();
    }

    /** A forecast request body of the last {@code rows} months of {@link #monthlyCsv}. */
    static String forecastBody(int rows) {
        String[] lines = monthlyCsv(120).split("\n");
        StringBuilder values = new StringBuilder();
        StringBuilder times = new StringBuilder();
        for (int i = lines.length - rows; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            values.append(values.length() == 0 ? "" : ", ").append(cells[1]);
            times.append(times.length() == 0 ? "" : ", ").append('"').append(cells[0]).append('"');
        }
        return "{\"values\": [" + values + "], \"times\": [" + times + "]}";
    }

    private static Path folder(String name) {
        try {
            if (root == null) {
                root = Files.createTempDirectory("rnn4j-server-test");
                root.toFile().deleteOnExit();
            }
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
