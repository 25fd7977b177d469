package dev.rnn4j.speech.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureNormalizerTest {
    @TempDir
    Path folder;

    @Test
    void savedStatisticsLoadBackExactlyAndBadFilesNameThemselves() throws IOException {
        FeatureNormalizer fitted = FeatureNormalizer.fit(List.<float[][]>of(new float[][] {{0.1f, -3}, {0.7f, 5},
                {0.2f, 9}}));
        Path file = folder.resolve("model/features.json");
        fitted.save(file);
        FeatureNormalizer loaded = FeatureNormalizer.load(file);
        assertArrayEquals(fitted.mean(), loaded.mean(), 0.0);
        float[][] x = {{0.3f, 1f}};
        assertArrayEquals(fitted.apply(x)[0], loaded.apply(x)[0], 0f);

        Path bad = folder.resolve("bad.json");
        Files.writeString(bad, "{\"mean\": [0, 1], \"variance\": [1]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> FeatureNormalizer.load(bad));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        Files.writeString(bad, "{\"mean\": [0], \"variance\": [\"x\"]}");
        assertThrows(DataFormatException.class, () -> FeatureNormalizer.load(bad));
        assertThrows(DataFormatException.class, () -> FeatureNormalizer.load(folder.resolve("missing.json")));
    }

    @Test
    void perUtteranceGivesZeroMeanAndUnitVarianceAndZerosForAConstantColumn() {
        float[][] x = {{1, 5, 100}, {3, 5, 200}, {5, 5, 600}, {7, 5, 100}};
        float[][] y = FeatureNormalizer.perUtterance(x);
        for (int f : new int[] {0, 2}) {
            double mean = 0;
            double square = 0;
            for (float[] frame : y) {
                mean += frame[f] / 4.0;
                square += frame[f] * frame[f] / 4.0;
            }
            assertEquals(0.0, mean, 1e-6);
            assertEquals(1.0, square, 1e-6);
        }
        // column 0: mean 4, variance 5
        assertEquals((1 - 4) / Math.sqrt(5), y[0][0], 1e-6);
        for (float[] frame : y) {
            assertEquals(0f, frame[1]);
        }
        assertEquals(1f, x[0][0], "the input is unchanged");
    }

    @Test
    void globalStatisticsAreThoseOfAllFramesTogether() {
        float[][] a = {{0, 10}, {2, 10}};
        float[][] b = {{4, 40}};
        FeatureNormalizer normalizer = FeatureNormalizer.fit(List.of(a, b));
        assertArrayEquals(new double[] {2, 20}, normalizer.mean(), 1e-12);
        assertArrayEquals(new double[] {8.0 / 3, 200}, normalizer.variance(), 1e-6);
        float[][] y = normalizer.apply(b);
        assertEquals(2 / Math.sqrt(8.0 / 3), y[0][0], 1e-6);
        assertEquals(20 / Math.sqrt(200), y[0][1], 1e-6);
    }

    @Test
    void rejectsMismatchedShapesNamingThem() {
        FeatureNormalizer normalizer = new FeatureNormalizer(new double[] {0, 0}, new double[] {1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> normalizer.apply(new float[][] {{1, 2}, {1, 2, 3}}));
        assertEquals("features: expected 2 features per frame, got 3 in frame 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureNormalizer.fit(List.<float[][]>of(new float[0][])));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNormalizer(new double[] {0}, new double[] {-1}));
    }
}
