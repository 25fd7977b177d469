package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.WordTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClassifierConfig#countDevNgrams()}: once everything tuned on dev is chosen, the n-gram
 * table is counted again over the training and dev texts; the networks, the weight, the temperature
 * and the reported dev metrics stay those of the model chosen from the training texts alone.
 */
class DevNgramsTest {

    /** A word that only the dev set has, always in positive texts. */
    static final String DEV_ONLY = "zzyzx";

    static final ClassifierConfig CONFIG = TextClassifierTest.SMALL.toBuilder().epochs(3).ngramOrder(2).build();

    static List<LabeledText> train;
    static List<LabeledText> dev;
    static TextClassifier withDev;
    static TextClassifier trainOnly;

    @BeforeAll
    static void trainBoth() {
        train = TextClassifierTest.sentences(160, 1);
        dev = new ArrayList<>(TextClassifierTest.sentences(40, 2));
        for (int i = 0; i < 6; i++) {
            dev.add(new LabeledText("the " + DEV_ONLY + " film was good number " + i, "pos"));
        }
        withDev = TextClassifier.train(train, dev, CONFIG.toBuilder().countDevNgrams(true).build());
        trainOnly = TextClassifier.train(train, dev, CONFIG.toBuilder().countDevNgrams(false).build());
    }

    private static List<String> tokens(String text) {
        return new WordTokenizer(true, true).tokenize(text);
    }

    @Test
    void theDefaultCountsTheDevTexts() {
        assertTrue(ClassifierConfig.defaults().countDevNgrams());
    }

    @Test
    void theSavedTableIsCountedOverTrainingAndDevTexts() {
        assertTrue(withDev.ngramExpert().weight() > 0, "the recount needs a weight above 0");
        // a word seen only in dev: unknown to the training-only table, evidence for "pos" in the other
        double[] unknown = trainOnly.ngramExpert().scores(tokens(DEV_ONLY));
        assertEquals(unknown[0], unknown[1], "no feature of a dev-only word is in the training-only table");
        double[] known = withDev.ngramExpert().scores(tokens(DEV_ONLY));
        int pos = withDev.labels().index("pos");
        assertTrue(known[pos] > known[1 - pos], "scores " + known[0] + ", " + known[1]);
        assertTrue(withDev.ngramExpert().size() > trainOnly.ngramExpert().size());
        // exactly the table naive Bayes counts from both sets, with the weight chosen before
        List<List<String>> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (LabeledText t : train) {
            texts.add(tokens(t.text()));
            labels.add(withDev.labels().index(t.label()));
        }
        for (LabeledText t : dev) {
            texts.add(tokens(t.text()));
            labels.add(withDev.labels().index(t.label()));
        }
        NgramNaiveBayes expected = NgramNaiveBayes.fit(texts, labels.stream().mapToInt(Integer::intValue).toArray(),
                2, CONFIG.ngramOrder(), CONFIG.charNgramOrder(), CONFIG.ngramSmoothing());
        assertEquals(expected.size(), withDev.ngramExpert().size());
        for (String text : List.of("the film was good", "a dull " + DEV_ONLY, "really boring plot")) {
            assertArrayEquals(expected.scores(tokens(text)), withDev.ngramExpert().scores(tokens(text)), text);
        }
        assertEquals(trainOnly.ngramExpert().weight(), withDev.ngramExpert().weight());
    }

    @Test
    void everythingChosenOnDevAndTheReportedDevMetricsPrecedeTheRecount() {
        // the recount comes after training: the same networks, epochs, weight and temperature
        assertEquals(trainOnly.summary().epochs().stream().map(EpochResult::devAccuracy).toList(),
                withDev.summary().epochs().stream().map(EpochResult::devAccuracy).toList());
        assertEquals(trainOnly.temperature(), withDev.temperature());
        // the dev metrics are those of the model before the dev texts joined its table...
        assertEquals(trainOnly.evaluate(dev).toString(), withDev.devMetrics().toString());
        assertEquals(trainOnly.devMetrics().toString(), withDev.devMetrics().toString());
        assertEquals(withDev.summary().bestDevAccuracy(), withDev.devMetrics().accuracy(), 1e-12);
        // ...which evaluate(dev) on the recounted model is not: its table has seen the dev labels
        assertTrue(withDev.evaluate(dev).accuracy() >= withDev.devMetrics().accuracy());
    }

    @Test
    void theSettingIsSavedAndALoadedModelHasNoDevMetrics(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        withDev.save(folder);
        TextClassifier loaded = TextClassifier.load(folder);
        assertTrue(loaded.config().countDevNgrams());
        assertNull(loaded.devMetrics());
        assertEquals(withDev.predictAll(List.of("a " + DEV_ONLY + " film", "the plot was dull")),
                loaded.predictAll(List.of("a " + DEV_ONLY + " film", "the plot was dull")));
        // folders written before the setting existed load as trained without it
        Path config = folder.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst(",\\s*\"count_dev_ngrams\" : true", ""));
        assertTrue(!Files.readString(config).contains("count_dev_ngrams"), Files.readString(config));
        assertTrue(!TextClassifier.load(folder).config().countDevNgrams());
    }
}
