package dev.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    // A - F = (-1, 0, 2, -1)
    private static final double[] A = {1, 2, 3, 4};
    private static final double[] F = {2, 2, 1, 5};

    @Test
    void squaredAndAbsoluteErrorsByHand() {
        assertEquals(1.5, RegressionMetrics.mse(A, F), 1e-15);             // (1 + 0 + 4 + 1) / 4
        assertEquals(Math.sqrt(1.5), RegressionMetrics.rmse(A, F), 1e-15);
        assertEquals(1.0, RegressionMetrics.mae(A, F), 1e-15);             // (1 + 0 + 2 + 1) / 4
    }

    @Test
    void percentageErrorsByHand() {
        // 100 * (1/1 + 0/2 + 2/3 + 1/4) / 4 = 100 * 23/48
        assertEquals(100.0 * 23 / 48, RegressionMetrics.mape(A, F), 1e-12);
        // 100 * (2*1/3 + 0 + 2*2/4 + 2*1/9) / 4 = 100 * 17/36
        assertEquals(100.0 * 17 / 36, RegressionMetrics.smape(A, F), 1e-12);
        // a 0/0 pair counts 0; a forecast of 0 for a nonzero actual is the maximum 200
        assertEquals(100.0, RegressionMetrics.smape(new double[] {0, 5}, new double[] {0, 0}), 1e-12);
    }

    @Test
    void maseByHand() {
        double[] training = {1, 3, 2, 5};
        // naive scale: (|3-1| + |2-3| + |5-2|) / 3 = 2
        assertEquals(2.0, RegressionMetrics.seasonalNaiveScale(training, 1), 1e-15);
        assertEquals(0.5, RegressionMetrics.mase(A, F, training, 1), 1e-15);
        // period 2: (|2-1| + |5-3|) / 2 = 1.5
        assertEquals(1.0 / 1.5, RegressionMetrics.mase(A, F, training, 2), 1e-15);
    }

    @Test
    void perfectForecastScoresZero() {
        assertEquals(0, RegressionMetrics.rmse(A, A));
        assertEquals(0, RegressionMetrics.mape(A, A));
        assertEquals(0, RegressionMetrics.smape(A, A));
        assertEquals(0, RegressionMetrics.mase(A, A, A, 1));
    }

    @Test
    void mismatchedLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.rmse(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 actual and 1 forecast"), e.getMessage());
    }

    @Test
    void emptyInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.mae(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.mse(null, new double[] {1}));
    }

    @Test
    void nonFiniteValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.smape(new double[] {1, 2}, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("forecast") && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void mapeWithZeroActualIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.mape(new double[] {1, 0}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("actual[1] is 0"), e.getMessage());
    }

    @Test
    void maseNeedsALongEnoughVaryingTrainingSeries() {
        assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.mase(A, F, new double[] {1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.mase(A, F, new double[] {1, 2, 3}, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.mase(A, F, new double[] {7, 7, 7}, 1));
        assertTrue(e.getMessage().contains("is 0"), e.getMessage());
    }
}
