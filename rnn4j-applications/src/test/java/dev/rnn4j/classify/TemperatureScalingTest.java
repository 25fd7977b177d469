package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Temperature scaling on synthetic logits: the fit, the NLL and ECE formulas, argument checks. */
class TemperatureScalingTest {

    /** Labels drawn from softmax(logits / trueTemperature), logits ~ N(0, scale²): (N, C) row-major. */
    private record Sample(double[] logits, int[] labels) {
    }

    private static Sample sample(int n, int classes, double scale, double trueTemperature, long seed) {
        Random random = new Random(seed);
        double[] logits = new double[n * classes];
        int[] labels = new int[n];
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                logits[i * classes + c] = scale * random.nextGaussian();
            }
            TemperatureScaling.softmax(logits, i, classes, trueTemperature, p);
            double u = random.nextDouble();
            int label = classes - 1;
            for (int c = 0; c < classes; c++) {
                u -= p[c];
                if (u < 0) {
                    label = c;
                    break;
                }
            }
            labels[i] = label;
        }
        return new Sample(logits, labels);
    }

    @Test
    void fitRecoversTheTemperatureTheLabelsWereDrawnWith() {
        // over-confident logits (T0 > 1) as with the n-gram expert, and under-confident ones (T0 < 1)
        for (double trueTemperature : new double[] {3.0, 0.5}) {
            for (int classes : new int[] {2, 4}) {
                Sample s = sample(20_000, classes, 3.0, trueTemperature, 11 + classes);
                double fitted = TemperatureScaling.fit(s.logits(), s.labels(), classes);
                assertEquals(trueTemperature, fitted, 0.05 * trueTemperature,
                        "T0 " + trueTemperature + ", " + classes + " classes");
                // and it is the minimum: a step either way raises the NLL
                double best = TemperatureScaling.negativeLogLikelihood(s.logits(), s.labels(), classes, fitted);
                for (double factor : new double[] {0.99, 1.01}) {
                    assertTrue(best < TemperatureScaling.negativeLogLikelihood(s.logits(), s.labels(), classes,
                            fitted * factor), "T " + fitted + " × " + factor);
                }
                // calibrated probabilities: the calibration error falls well below the uncalibrated one's
                double before = TemperatureScaling.expectedCalibrationError(s.logits(), s.labels(), classes, 1, 10);
                double after = TemperatureScaling.expectedCalibrationError(s.logits(), s.labels(), classes, fitted,
                        10);
                assertTrue(after < 0.02 && after < before / 3, "ECE " + before + " -> " + after);
            }
        }
    }

    @Test
    void fitIsDeterministic() {
        Sample s = sample(2_000, 3, 2.0, 1.7, 5);
        assertEquals(TemperatureScaling.fit(s.logits(), s.labels(), 3), TemperatureScaling.fit(s.logits(), s.labels(), 3));
    }

    @Test
    void fitKeepsOneWhenTheTemperatureDoesNotMatterAndStopsAtTheEnds() {
        // equal logits in every row: the NLL is log C whatever T is
        assertEquals(1.0, TemperatureScaling.fit(new double[] {0.5, 0.5, -1, -1}, new int[] {0, 1}, 2));
        // every label has the larger logit: sharper is always better, down to the smallest temperature
        assertEquals(TemperatureScaling.MIN_TEMPERATURE,
                TemperatureScaling.fit(new double[] {2, 0, 0, 1}, new int[] {0, 1}, 2), 1e-9);
        // every label has the smaller logit: flatter is always better, up to the largest temperature
        assertEquals(TemperatureScaling.MAX_TEMPERATURE,
                TemperatureScaling.fit(new double[] {2, 0, 0, 1}, new int[] {1, 0}, 2), 1e-6);
    }

    @Test
    void negativeLogLikelihoodIsCrossEntropyOfTheScaledLogits() {
        // row 0: z = (2, 0) / 2 = (1, 0), label 0: log(1 + e^-1); row 1: z = (0, 4) / 2, label 0: log(1 + e^2) - 0
        double expected = (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(2))) / 2;
        assertEquals(expected, TemperatureScaling.negativeLogLikelihood(new double[] {2, 0, 0, 4}, new int[] {0, 0},
                2, 2.0), 1e-12);
        // large logits do not overflow
        assertEquals(0.0, TemperatureScaling.negativeLogLikelihood(new double[] {1e4, -1e4}, new int[] {0}, 2, 1),
                1e-12);
    }

    @Test
    void expectedCalibrationErrorByHand() {
        // confidences: row 0 p = σ(ln 3) = 0.75 (correct), row 1 0.75 (wrong), row 2 0.9 (correct), row 3 0.9 (correct)
        double[] logits = {Math.log(3), 0, Math.log(3), 0, Math.log(9), 0, 0, Math.log(9)};
        int[] labels = {0, 1, 0, 1};
        // bin (0.7, 0.8]: accuracy 0.5, confidence 0.75; bin (0.8, 0.9]: accuracy 1, confidence 0.9
        double expected = 0.5 * Math.abs(0.5 - 0.75) + 0.5 * Math.abs(1 - 0.9);
        assertEquals(expected, TemperatureScaling.expectedCalibrationError(logits, labels, 2, 1, 10), 1e-12);
        // one bin: |mean accuracy - mean confidence| = |0.75 - 0.825|
        assertEquals(0.075, TemperatureScaling.expectedCalibrationError(logits, labels, 2, 1, 1), 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        double[] logits = {1, 0, 0, 1};
        int[] labels = {0, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemperatureScaling.fit(new double[] {1, 0, 0}, labels, 2));
        assertTrue(e.getMessage().contains("logits: expected 2 rows × 2 classes = 4 values, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(logits, new int[] {0, 2}, 2));
        assertTrue(e.getMessage().contains("labels[1]: expected a class in [0, 2), got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(new double[] {1, Double.NaN, 0, 1},
                labels, 2));
        assertTrue(e.getMessage().contains("logits row 0, class 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(logits, labels, 1));
        assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(new double[0], new int[0], 2));
        assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(null, labels, 2));
        assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(logits, null, 2));
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> TemperatureScaling.negativeLogLikelihood(logits, labels, 2, t));
            assertTrue(e.getMessage().contains("temperature: expected a finite number > 0"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> TemperatureScaling.expectedCalibrationError(logits, labels, 2, 1, 0));
        assertTrue(e.getMessage().contains("bins: expected at least 1, got 0"), e.getMessage());
    }
}
