package dev.rnn4j.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expert's weight choice, the combined logits, the temperature step and the dev recount. */
class NgramMixingTest {

    @Test
    void theWeightWithTheBestDevAccuracyWinsAndTiesGoToTheWeightNearestAHalf() {
        // two texts, two classes; the network says class 0 for both (margin 1), the truth is 1 for
        // the first: the expert (scores favouring class 1 by 4) must outweigh the margin for it
        float[] logits = {1, 0, 1, 0};
        double[][] scores = {{0, 4}, {0, -4}};
        NgramMixing.WeightChoice choice = NgramMixing.bestWeight(logits, scores, new int[] {1, 0}, 2);
        assertEquals(1.0, choice.accuracy());
        // weights 0.3 .. 3 all give accuracy 1 (0.3 × 4 > 1); the tie goes to 0.5
        assertEquals(0.5, choice.weight());
        // nothing helps: accuracy 0.5 everywhere, so 0.5 again
        NgramMixing.WeightChoice none = NgramMixing.bestWeight(logits, new double[][] {{0, 0}, {0, 0}},
                new int[] {1, 0}, 2);
        assertEquals(0.5, none.accuracy());
        assertEquals(0.5, none.weight());
    }

    @Test
    void combinedLogitsAddTheWeightedScores() {
        NgramNaiveBayes table = NgramNaiveBayes.fit(List.of(List.of("good"), List.of("bad")), new int[] {1, 0}, 2, 1)
                .withWeight(0.5);
        double[][] scores = {{-1, 2}};
        assertArrayEquals(new double[] {0.5, 1.0 + 1.0}, NgramMixing.combine(new float[] {1, 1}, scores, table, 2));
        // without an expert (or at weight 0) the scores are not read
        assertArrayEquals(new double[] {1, 1}, NgramMixing.combine(new float[] {1, 1}, null, null, 2));
        assertArrayEquals(new double[] {1, 1}, NgramMixing.combine(new float[] {1, 1}, null, table.withWeight(0), 2));
    }

    @Test
    void theTemperatureIsFittedOnFiniteLogitsOnly() {
        List<String> log = new ArrayList<>();
        double[] logits = {3, -3, -2, 2, 1, 0, 0, 2};
        int[] labels = {0, 1, 1, 1};
        double t = NgramMixing.fitTemperature(logits, labels, 2, log::add);
        assertEquals(TemperatureScaling.fit(logits, labels, 2), t);
        assertTrue(log.get(0).startsWith("temperature "), log.toString());
        double diverged = NgramMixing.fitTemperature(new double[] {Double.NaN, 0}, new int[] {0}, 2, log::add);
        assertEquals(1.0, diverged);
        assertTrue(log.get(1).contains("not all finite"), log.toString());
    }

    @Test
    void theRecountCountsTrainingAndDevTextsAndKeepsTheWeight() {
        ClassifierConfig config = ClassifierConfig.defaults().toBuilder().ngramOrder(1).charNgramOrder(0).build();
        List<String> log = new ArrayList<>();
        NgramNaiveBayes table = NgramMixing.recountWithDev(List.of(List.of("good"), List.of("bad")),
                new int[] {1, 0}, List.of(List.of("superb")), new int[] {1}, 2, config, 0.7, log::add);
        assertEquals(0.7, table.weight());
        NgramNaiveBayes trainOnly = NgramNaiveBayes.fit(List.of(List.of("good"), List.of("bad")), new int[] {1, 0},
                2, 1, 0, config.ngramSmoothing());
        assertTrue(table.size() > trainOnly.size(), table.size() + " n-grams");
        double[] superb = table.scores(List.of("superb"));
        assertTrue(superb[1] > superb[0], "the dev text's word counts for its label");
        assertTrue(log.get(0).contains("1 dev"), log.toString());
    }
}
