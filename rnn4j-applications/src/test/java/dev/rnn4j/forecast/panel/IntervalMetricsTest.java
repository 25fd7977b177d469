package dev.rnn4j.forecast.panel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Coverage, interval score and MSIS on hand-computed cases. */
class IntervalMetricsTest {

    @Test
    void insideCountsTheBoundsAsInside() {
        assertEquals(3, IntervalMetrics.inside(new double[] {1, 2, 3, 9}, new double[] {1, 0, 0, 0},
                new double[] {2, 2, 4, 5}));
    }

    @Test
    void intervalScoreIsTheWidthPlusTheScaledMisses() {
        // widths 2, 2, 2; y = 0 misses [1, 3] by 1, y = 5 misses by 2; alpha 0.2 so each unit missed costs 10
        double score = IntervalMetrics.intervalScore(new double[] {2, 0, 5}, new double[] {1, 1, 1},
                new double[] {3, 3, 3}, 0.2);
        assertEquals((2 + (2 + 10) + (2 + 20)) / 3.0, score, 1e-12);
    }

    @Test
    void msisDividesByTheSeasonalNaiveErrorOfTheTrainingPart() {
        // period 2: |3 - 1| + |4 - 2| + |7 - 3| over 3 = 8 / 3
        double[] train = {1, 2, 3, 4, 7};
        assertEquals(8.0 / 3, M3Metrics.seasonalNaiveScale(train, 2), 1e-12);
        double is = IntervalMetrics.intervalScore(new double[] {10}, new double[] {8}, new double[] {9}, 0.05);
        assertEquals(1 + 40, is, 1e-12);
        assertEquals(41 / (8.0 / 3), IntervalMetrics.msis(train, new double[] {10}, new double[] {8},
                new double[] {9}, 0.05, 2), 1e-12);
        // the same scale as MASE
        assertEquals(1.0 / (8.0 / 3), M3Metrics.mase(train, new double[] {10}, new double[] {9}, 2), 1e-12);
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntervalMetrics.inside(new double[] {1, 2}, new double[] {1}, new double[] {2, 3}));
        assertEquals("lower, upper: expected 2 values each (one per actual, at least one), got 1 and 2",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntervalMetrics.intervalScore(new double[] {1},
                new double[] {0}, new double[] {2}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> IntervalMetrics.msis(new double[] {1, 2},
                new double[] {1}, new double[] {0}, new double[] {2}, 0.05, 2));
    }
}
