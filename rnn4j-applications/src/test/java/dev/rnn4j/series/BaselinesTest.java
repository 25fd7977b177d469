package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static final double[] H = {1, 2, 3, 4, 5, 6};

    @Test
    void naiveRepeatsTheLastValue() {
        assertArrayEquals(new double[] {6, 6, 6}, new NaiveForecaster().forecast(H, 3));
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        assertArrayEquals(new double[] {3, 4, 5, 6, 3, 4}, new SeasonalNaiveForecaster(4).forecast(H, 6));
        assertArrayEquals(new double[] {6, 6}, new SeasonalNaiveForecaster(1).forecast(H, 2));
    }

    @Test
    void driftExtendsTheFirstToLastLine() {
        assertArrayEquals(new double[] {7, 8, 9}, new DriftForecaster().forecast(H, 3), 1e-12);
        assertArrayEquals(new double[] {4, 5}, new DriftForecaster().forecast(new double[] {0, 3, 0, 3}, 2), 1e-12);
    }

    @Test
    void movingAverageIsFlat() {
        assertArrayEquals(new double[] {5, 5}, new MovingAverageForecaster(3).forecast(H, 2), 1e-12);
        assertArrayEquals(new double[] {3.5}, new MovingAverageForecaster(6).forecast(H, 1), 1e-12);
    }

    @Test
    void historyIsNotModified() {
        double[] h = H.clone();
        for (Forecaster f : Baselines.standard(3, 2)) {
            f.forecast(h, 4);
        }
        assertArrayEquals(H, h);
    }

    @Test
    void tooShortHistoryAndBadArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SeasonalNaiveForecaster(12).forecast(H, 1));
        assertEquals("seasonal-naive(12): history: expected at least 12 values, got 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DriftForecaster().forecast(new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new MovingAverageForecaster(7).forecast(H, 1));
        assertThrows(IllegalArgumentException.class, () -> new NaiveForecaster().forecast(new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new NaiveForecaster().forecast(H, 0));
        assertThrows(IllegalArgumentException.class, () -> new NaiveForecaster().forecast(new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> new SeasonalNaiveForecaster(0));
        assertThrows(IllegalArgumentException.class, () -> new MovingAverageForecaster(0));
        assertThrows(IllegalArgumentException.class, () -> Baselines.standard(0, 3));
    }

    @Test
    void standardSetNamesEveryBaseline() {
        assertEquals(List.of("naive", "seasonal-naive(12)", "drift", "moving-average(3)"),
                Baselines.standard(12, 3).stream().map(Forecaster::name).toList());
        assertEquals(List.of("naive", "drift", "moving-average(7)"),
                Baselines.standard(1, 7).stream().map(Forecaster::name).toList());
    }
}
