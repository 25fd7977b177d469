package dev.rnn4j.explain;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attributions of a small trained classifier and forecaster: completeness, occlusion, bad input. */
class ExplainerTest {

    static final String[] POSITIVE = {"good", "great", "fine", "superb", "lovely"};
    static final String[] NEGATIVE = {"bad", "awful", "dull", "poor", "boring"};
    static final String[] FILLER = {"the", "film", "was", "a", "movie", "plot", "story", "and", "it", "really"};

    /** Two networks and an n-gram table, so the ensemble path and the table's note are exercised. */
    static final ClassifierConfig SMALL = ClassifierConfig.defaults().toBuilder()
            .embeddingDim(16).hiddenSize(12).dropout(0.1).embeddingDropout(0.1).minFrequency(1)
            .epochs(6).patience(0).batchSize(8).learningRate(0.01).seed(3).ngramOrder(1).charNgramOrder(0)
            .ensembleSize(2).build();

    static final ForecastData DATA = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    @TempDir
    static Path dir;

    static TextClassifier classifier;
    static ForecastModel forecaster;
    static SeriesFrame series;

    /** Filler words with one sentiment word; the label follows it. */
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

    static Path sineCsv(Path folder, int length) throws IOException {
        double[] y = SyntheticSeries.sineWithTrend(length, 12, 50, 0.2, 10, 0.5, 3);
        StringBuilder csv = new StringBuilder("Month,Value\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < length; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append('\n');
        }
        Path file = folder.resolve("sine.csv");
        Files.writeString(file, csv);
        return file;
    }

    @BeforeAll
    static void train() throws IOException {
        classifier = TextClassifier.train(sentences(160, 1), sentences(40, 2), SMALL);
        series = DATA.read(sineCsv(dir, 150));
        ForecastOptions options = new ForecastOptions(3, 12, null, false, false, null,
                ForecastOptions.Strategy.DIRECT, CellType.LSTM, 8, 1, 0.2, true, 2, 12, 6, 3, 16, 1e-2, 60, 1);
        forecaster = ForecastModel.train(series, DATA, options, 12, ForecastModel.TrainingRun.silent());
    }

    @Test
    void integratedGradientsOfTextAreCompleteWithinOnePercent() {
        TextExplainer explainer = new TextExplainer(classifier);
        for (String text : List.of("the film was great", "a really dull story and plot", "it was poor",
                "superb", "the movie was lovely and the plot really fine")) {
            TextExplanation e = explainer.explain(text, Method.INTEGRATED_GRADIENTS, Attributions.DEFAULT_STEPS);
            Attribution a = e.attribution();
            assertTrue(Math.abs(a.output() - a.baselineOutput()) > 1e-3, text + ": the output should move");
            assertTrue(a.completenessGap() < 0.01, () -> text + ": sum " + a.total() + " vs change "
                    + (a.output() - a.baselineOutput()) + ", gap " + a.completenessGap());
            assertEquals(e.networkProbabilities().get(e.label()), a.output(), 1e-5);
        }
    }

    @Test
    void oneTrapezoidIntervalMissesTheOnePercentThatTheDefaultMeets() {
        TextExplainer explainer = new TextExplainer(classifier);
        double worstCoarse = 0;
        for (String text : List.of("the film was great", "a really dull story and plot", "it was poor")) {
            worstCoarse = Math.max(worstCoarse,
                    explainer.explain(text, Method.INTEGRATED_GRADIENTS, 1).attribution().completenessGap());
        }
        assertTrue(worstCoarse > 0.01, "the completeness check must be able to fail: gap " + worstCoarse);
    }

    @Test
    void concurrentExplanationsEqualSequentialOnes() throws Exception {
        TextExplainer explainer = new TextExplainer(classifier);
        List<String> texts = List.of("the film was great", "a really dull story and plot", "it was poor",
                "a good movie");
        List<double[]> sequential = new ArrayList<>();
        for (String text : texts) {
            sequential.add(explainer.explain(text, Method.INTEGRATED_GRADIENTS, 16).attribution().scores());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(pool.submit(() -> explainer.explain(text, Method.INTEGRATED_GRADIENTS, 16)
                        .attribution().scores()));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(sequential.get(i), futures.get(i).get(), 1e-6);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theSentimentWordCarriesTheLargestScore() {
        TextExplainer explainer = new TextExplainer(classifier);
        TextExplanation e = explainer.explain("the film was really awful and the plot", Method.INTEGRATED_GRADIENTS,
                Attributions.DEFAULT_STEPS);
        assertEquals("neg", e.label());
        double[] s = e.attribution().scores();
        int best = 0;
        for (int t = 1; t < s.length; t++) {
            if (s[t] > s[best]) {
                best = t;
            }
        }
        assertEquals("awful", e.tokens().get(best), () -> e.tokens() + " " + Arrays.toString(s));
        assertTrue(e.explained().contains("n-gram table"), e.explained());
        assertTrue(e.explained().contains("2 ensemble networks"), e.explained());
    }

    @Test
    void occlusionIsTheFallWhenATokenIsRemoved() {
        TextExplainer explainer = new TextExplainer(classifier);
        TextExplanation e = explainer.explain("the plot was boring", Method.OCCLUSION, 0);
        double full = e.attribution().output();
        TextExplanation without = explainer.explain("the plot boring", Method.OCCLUSION, 0);
        double p = without.networkProbabilities().get(e.label());
        assertEquals(full - p, e.attribution().scores()[2], 1e-5);
        assertEquals(null, e.attribution().valueScores());
        assertTrue(Double.isNaN(e.attribution().completenessGap()));
    }

    @Test
    void gradientTimesInputExplainsTheSameOutput() {
        TextExplainer explainer = new TextExplainer(classifier);
        TextExplanation ig = explainer.explain("a good movie", Method.INTEGRATED_GRADIENTS, 8);
        TextExplanation gx = explainer.explain("a good movie", Method.GRADIENT_X_INPUT, 0);
        assertEquals(ig.attribution().output(), gx.attribution().output(), 1e-6);
        assertEquals(ig.attribution().baselineOutput(), gx.attribution().baselineOutput(), 1e-6);
        assertEquals(3, gx.attribution().length());
        assertTrue(Arrays.stream(gx.attribution().scores()).allMatch(Double::isFinite));
    }

    @Test
    void explainingWritesNoGradientIntoTheClassifier() {
        new TextExplainer(classifier).explain("a good movie", Method.INTEGRATED_GRADIENTS, 4);
        classifier.members().forEach(m -> m.parameters().forEach(p -> assertEquals(null, p.grad())));
    }

    @Test
    void badTextIsRefusedWithAClearMessage() {
        TextExplainer explainer = new TextExplainer(classifier);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain("   ", Method.INTEGRATED_GRADIENTS, 8));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain("zebra quokka", Method.INTEGRATED_GRADIENTS, 8));
        assertTrue(unknown.getMessage().contains("unknown to the model's vocabulary"), unknown.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain("a good movie", Method.INTEGRATED_GRADIENTS, 0));
        assertTrue(steps.getMessage().contains("steps: expected at least 1"), steps.getMessage());
    }

    @Test
    void integratedGradientsOfAForecastAreCompleteForBothBaselines() {
        SeriesExplainer explainer = new SeriesExplainer(forecaster);
        for (SeriesBaseline baseline : SeriesBaseline.values()) {
            for (int step = 0; step < 3; step++) {
                SeriesExplanation e = explainer.explain(series, Method.INTEGRATED_GRADIENTS,
                        Attributions.DEFAULT_STEPS, baseline, step);
                Attribution a = e.attribution();
                String what = baseline + " step " + step;
                assertTrue(a.completenessGap() < 0.01, () -> what + ": sum " + a.total() + " vs change "
                        + (a.output() - a.baselineOutput()));
                assertEquals(12, a.length());
                assertEquals(12 * e.features().size(), a.valueScores().length);
                assertEquals(3, e.forecast().length);
                assertEquals(series.values("Value")[149], e.window()[11], 0);
            }
        }
    }

    @Test
    void forecastOcclusionPutsTheBaselineInOneStep() {
        SeriesExplainer explainer = new SeriesExplainer(forecaster);
        SeriesExplanation e = explainer.explain(series, Method.OCCLUSION, 0, SeriesBaseline.LAST_VALUE, 0);
        // the last step equals the last-value baseline's, so leaving it out changes nothing
        assertEquals(0, e.attribution().scores()[11], 1e-6);
        assertTrue(Arrays.stream(e.attribution().scores()).anyMatch(s -> Math.abs(s) > 1e-4));
    }

    @Test
    void badForecastRequestsAreRefused() {
        SeriesExplainer explainer = new SeriesExplainer(forecaster);
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(series, Method.INTEGRATED_GRADIENTS, 8, SeriesBaseline.ZEROS, 3));
        assertTrue(step.getMessage().contains("step: expected 0 to 2, got 3"), step.getMessage());
        RuntimeException shortHistory = assertThrows(RuntimeException.class,
                () -> explainer.explain(series.rows(0, 5), Method.INTEGRATED_GRADIENTS, 8, SeriesBaseline.ZEROS, 0));
        assertTrue(shortHistory.getMessage().contains("rows before the origin"), shortHistory.getMessage());
    }
}
