package dev.rnn4j.explain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feature tracker finds a unit built to follow a feature, and the features read the text as documented. */
class FeatureTrackerTest {

    static final String TEXT = "he said \"no, not now\" and left.\nshe said \"yes\".\n\"go\" he said, and went home.\n";

    @Test
    void featuresReadQuotesAndLinePositions() {
        assertArrayEquals(new double[] {0, 1, 1, 0, 0}, FeatureTracker.Feature.INSIDE_QUOTES.of("a\"b\"c"));
        assertArrayEquals(new double[] {1, 2, 0, 1, 2, 0}, FeatureTracker.Feature.LINE_POSITION.of("ab\ncd\n"));
    }

    /**
     * Three layers of six units of noise, except layer 1's unit 4, which is the inside-quotes feature plus noise,
     * and layer 2's unit 0, which falls with the line position: the tracker ranks each first for its feature.
     */
    @Test
    void findsTheUnitBuiltToTrackEachFeature() {
        int steps = TEXT.length();
        int hidden = 6;
        double[] quotes = FeatureTracker.Feature.INSIDE_QUOTES.of(TEXT);
        double[] position = FeatureTracker.Feature.LINE_POSITION.of(TEXT);
        Random random = new Random(4);
        List<CellTrace.Layer> layers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            float[] h = new float[steps * hidden];
            for (int t = 0; t < steps; t++) {
                for (int u = 0; u < hidden; u++) {
                    double v = 0.3 * random.nextGaussian();
                    if (l == 1 && u == 4) {
                        v += quotes[t];
                    } else if (l == 2 && u == 0) {
                        v -= position[t] / 20;
                    }
                    h[t * hidden + u] = (float) v;
                }
            }
            layers.add(new CellTrace.Layer(h, null, new float[0]));
        }
        CellTrace trace = new CellTrace("RNN_TANH", List.of(), steps, hidden, layers);
        List<FeatureTracker.Unit> inQuotes = FeatureTracker.best(trace, quotes, 3);
        assertEquals(3, inQuotes.size());
        assertEquals(1, inQuotes.get(0).layer());
        assertEquals(4, inQuotes.get(0).unit());
        assertTrue(inQuotes.get(0).correlation() > 0.7, inQuotes.toString());
        assertTrue(Math.abs(inQuotes.get(1).correlation()) < 0.5, inQuotes.toString());
        List<FeatureTracker.Unit> inLine = FeatureTracker.best(trace, position, 1);
        assertEquals(new UnitIndex(2, 0), new UnitIndex(inLine.get(0).layer(), inLine.get(0).unit()));
        assertTrue(inLine.get(0).correlation() < -0.6, inLine.toString());
    }

    @Test
    void aConstantFeatureHasNoTrackers() {
        float[] h = {0.1f, 0.5f, -0.2f};
        CellTrace trace = new CellTrace("RNN_TANH", List.of(), 3, 1,
                List.of(new CellTrace.Layer(h, null, new float[0])));
        assertTrue(FeatureTracker.best(trace, FeatureTracker.Feature.INSIDE_QUOTES.of("abc"), 5).isEmpty());
    }

    @Test
    void pearsonOfALinearRelationIsOne() {
        assertEquals(1, FeatureTracker.pearson(new float[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9}), 1e-12);
        assertEquals(-1, FeatureTracker.pearson(new float[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
    }
}
