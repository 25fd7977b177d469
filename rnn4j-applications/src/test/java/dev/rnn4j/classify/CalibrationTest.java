package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.LabeledText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temperature scaling of a trained classifier: fitted on dev, applied to every probability, never
 * to a label, saved in config.json and checked on load.
 */
class CalibrationTest {

    static TextClassifier calibrated;
    static List<LabeledText> dev;

    /** The easy task of {@link TextClassifierTest#sentences}, with a fraction of the labels flipped. */
    static List<LabeledText> noisy(int n, long seed, double flip) {
        Random random = new Random(seed * 7 + 1);
        List<LabeledText> out = new ArrayList<>();
        for (LabeledText t : TextClassifierTest.sentences(n, seed)) {
            boolean flipped = random.nextDouble() < flip;
            out.add(new LabeledText(t.text(), flipped ? (t.label().equals("pos") ? "neg" : "pos") : t.label()));
        }
        return out;
    }

    @BeforeAll
    static void train() {
        // label noise plus the n-gram expert: the combined logits are over-confident, as on MR
        dev = noisy(80, 2, 0.2);
        calibrated = TextClassifier.train(noisy(200, 1, 0.2), dev,
                TextClassifierTest.SMALL.toBuilder().epochs(3).ngramOrder(2).charNgramOrder(5)
                        // the table as the temperature was fitted with (train only), so calibrate(dev) can refit it
                        .countDevNgrams(false).build());
    }

    private static List<String> texts(List<LabeledText> examples) {
        return examples.stream().map(LabeledText::text).toList();
    }

    /** Mean −log p(true label) from the probabilities predictAll reports. */
    private static double nll(TextClassifier classifier, List<LabeledText> examples) {
        List<Prediction> predictions = classifier.predictAll(texts(examples));
        double total = 0;
        for (int i = 0; i < examples.size(); i++) {
            total -= Math.log(predictions.get(i).probabilities().get(examples.get(i).label()));
        }
        return total / examples.size();
    }

    @Test
    void theFittedTemperatureLowersDevNllAndKeepsEveryLabel() {
        double t = calibrated.temperature();
        assertTrue(t > 1, "over-confident logits need T > 1, got " + t);
        TextClassifier uncalibrated = calibrated.withTemperature(1);
        double before = nll(uncalibrated, dev);
        double after = nll(calibrated, dev);
        assertTrue(after < before, "dev NLL " + before + " -> " + after);
        // the labels, and so the accuracy, do not depend on the temperature
        List<Prediction> a = calibrated.predictAll(texts(dev));
        List<Prediction> b = uncalibrated.predictAll(texts(dev));
        for (int i = 0; i < dev.size(); i++) {
            assertEquals(b.get(i).label(), a.get(i).label(), dev.get(i).text());
            double p = a.get(i).probabilities().get(a.get(i).label());
            double q = b.get(i).probabilities().get(b.get(i).label());
            // T > 1 pulls the winner's probability towards 1/C, never past it
            assertTrue(p <= q + 1e-6 && p >= 0.5 - 1e-6, p + " vs " + q);
        }
        assertEquals(uncalibrated.evaluate(dev).toString(), calibrated.evaluate(dev).toString());
        // calibration() reports the same NLLs as the probabilities predict gives
        TextClassifier.Calibration report = calibrated.calibration(dev);
        assertEquals(dev.size(), report.examples());
        assertEquals(t, report.temperature());
        assertEquals(after, report.negativeLogLikelihood(), 1e-5);
        assertEquals(before, report.uncalibratedNegativeLogLikelihood(), 1e-5);
        assertTrue(report.expectedCalibrationError() >= 0 && report.uncalibratedExpectedCalibrationError() >= 0);
    }

    @Test
    void calibrateOnTheDevSetFindsTheTemperatureTrainingFitted() {
        TextClassifier uncalibrated = calibrated.withTemperature(1);
        assertEquals(calibrated.temperature(), uncalibrated.calibrate(dev).temperature());
        // on other examples, another temperature that fits them at least as well as the dev one
        List<LabeledText> other = noisy(60, 9, 0.3);
        TextClassifier refitted = calibrated.calibrate(other);
        assertTrue(refitted.calibration(other).negativeLogLikelihood()
                <= calibrated.calibration(other).negativeLogLikelihood() + 1e-12);
        assertEquals(calibrated.predictAll(texts(other)).stream().map(Prediction::label).toList(),
                refitted.predictAll(texts(other)).stream().map(Prediction::label).toList());
        assertThrows(IllegalArgumentException.class, () -> calibrated.calibrate(null));
    }

    @Test
    void withTemperatureRejectsBadValues() {
        for (double t : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> calibrated.withTemperature(t));
            assertTrue(e.getMessage().contains("temperature: expected a finite number > 0"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> calibrated.calibration(List.of()));
    }

    @Test
    void theTemperatureIsSavedAndLoadedAndAnOldFolderLoadsWithOne(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        calibrated.save(folder);
        Path config = folder.resolve("config.json");
        String json = Files.readString(config);
        assertTrue(json.contains("\"temperature\" : " + calibrated.temperature()), json);
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(calibrated.temperature(), loaded.temperature());
        List<String> texts = List.of("the film was lovely", "a boring plot", "zyzzyva", "not bad");
        assertEquals(calibrated.predictAll(texts), loaded.predictAll(texts));

        // a folder saved before temperature scaling: no key, no scaling
        Files.writeString(config, json.replaceFirst(",\\s*\"temperature\" : [0-9.Ee+-]+", ""));
        assertTrue(!Files.readString(config).contains("temperature"), Files.readString(config));
        TextClassifier old = TextClassifier.load(folder);
        assertEquals(1.0, old.temperature());
        assertEquals(calibrated.withTemperature(1).predictAll(texts), old.predictAll(texts));
    }

    @Test
    void aBadTemperatureInTheConfigIsAClearError(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        calibrated.save(folder);
        Path config = folder.resolve("config.json");
        String json = Files.readString(config);
        for (String bad : new String[] {"0", "-1.5", "1e999", "\"warm\"", "null", "[2]"}) {
            Files.writeString(config, json.replaceFirst("\"temperature\" : [0-9.Ee+-]+", "\"temperature\" : " + bad));
            ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder), bad);
            assertTrue(e.getMessage().startsWith(config + ": temperature: expected a finite number > 0"),
                    e.getMessage());
            assertEquals(config, e.file());
        }
    }
}
