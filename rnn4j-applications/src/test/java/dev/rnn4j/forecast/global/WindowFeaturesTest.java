package dev.rnn4j.forecast.global;

import dev.rnn4j.recurrent.CellType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closed-form checks of the window preprocessing: scaling, padding, log, covariates and groups. */
class WindowFeaturesTest {

    private static GlobalForecastOptions options(int lookback, int horizon, Normalisation n, Boolean log) {
        return new GlobalForecastOptions(horizon, lookback, 1, n, log, CellType.LSTM, 4, 1, 0, true, 1, 1, 1, 1,
                1e-3, 10, 1);
    }

    @Test
    void meanLevelScalingPadsTheStepsBeforeTheFirstValue() {
        GlobalSeries s = GlobalSeries.of("a", null, new double[] {2, 4, 6, 8});
        WindowFeatures f = WindowFeatures.fit(List.of(s), List.of(), options(4, 1, Normalisation.MEAN_LEVEL, false));
        assertEquals(List.of("target", "padding"), f.featureNames());
        float[] x = new float[4 * 2];
        double scale = f.input(s, 3, x, 0);
        assertEquals(4.0, scale, 0);   // mean of the observed inputs 2, 4, 6
        // (L, F): the padded step repeats the first value and is flagged
        assertArrayEquals(new float[] {0.5f, 1f, 0.5f, 0f, 1f, 0f, 1.5f, 0f}, x);
        float[] y = new float[1];
        f.target(s, 3, scale, y, 0);
        assertEquals(2f, y[0]);
        assertEquals(8.0, f.unscaled(y[0], scale), 1e-12);
    }

    @Test
    void lastValueScalingDividesByTheLastInput() {
        GlobalSeries s = GlobalSeries.of("a", null, new double[] {2, 4, 6, 8});
        WindowFeatures f = WindowFeatures.fit(List.of(s), List.of(), options(2, 1, Normalisation.LAST_VALUE, false));
        float[] x = new float[2 * 2];
        assertEquals(6.0, f.input(s, 3, x, 0), 0);
        assertArrayEquals(new float[] {4f / 6, 0f, 1f, 0f}, x);
    }

    @Test
    void aZeroScaleFallsBackToTheMeanLevelThenToOne() {
        assertEquals(2.0, Normalisation.LAST_VALUE.scale(new double[] {4, 0}, 0, 2), 0);
        assertEquals(1.0, Normalisation.MEAN_LEVEL.scale(new double[] {0, 0}, 0, 2), 0);
        assertEquals(3.0, Normalisation.MEAN_LEVEL.scale(new double[] {-2, 4}, 0, 2), 0);
    }

    @Test
    void logIsChosenForPositiveDataAndInvertsExactly() {
        GlobalSeries s = GlobalSeries.of("a", null, new double[] {1, 3, 9, 27});
        WindowFeatures auto = WindowFeatures.fit(List.of(s), List.of(), options(3, 1, Normalisation.MEAN_LEVEL, null));
        assertTrue(auto.log());
        float[] x = new float[3 * 2];
        double scale = auto.input(s, 3, x, 0);
        assertEquals(Math.log(3 / scale), x[2], 1e-6);
        assertEquals(27.0, auto.unscaled(auto.scaled(27, scale), scale), 1e-9);

        GlobalSeries withZero = GlobalSeries.of("z", null, new double[] {1, 0, 2});
        assertFalse(WindowFeatures.fit(List.of(withZero), List.of(),
                options(3, 1, Normalisation.MEAN_LEVEL, null)).log());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowFeatures.fit(
                List.of(s, withZero), List.of(), options(3, 1, Normalisation.MEAN_LEVEL, true)));
        assertTrue(e.getMessage().contains("series 'z' has the value 0.0 at step 1"), e.getMessage());
    }

    @Test
    void covariatesAreStandardisedAndGroupsOneHot() {
        GlobalSeries a = new GlobalSeries("a", "MICRO", new double[] {1, 1}, new double[][] {{0}, {2}});
        GlobalSeries b = new GlobalSeries("b", "MACRO", new double[] {1, 1}, new double[][] {{4}, {6}});
        WindowFeatures f = WindowFeatures.fit(List.of(a, b), List.of("price"),
                options(2, 1, Normalisation.MEAN_LEVEL, false));
        assertEquals(List.of("target", "padding", "price", "group=MACRO", "group=MICRO"), f.featureNames());
        assertArrayEquals(new double[] {3}, f.covariateMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(5)}, f.covariateStds(), 1e-12);
        float[] x = new float[2 * 5];
        f.input(a, 2, x, 0);
        assertArrayEquals(new float[] {1, 0, (float) (-3 / Math.sqrt(5)), 0, 1, 1, 0, (float) (-1 / Math.sqrt(5)),
                0, 1}, x, 1e-6f);
        // a group the training data did not have: no one-hot column set
        GlobalSeries other = new GlobalSeries("c", "FINANCE", new double[] {1, 1}, new double[][] {{3}, {3}});
        f.input(other, 2, x, 0);
        assertEquals(0f, x[3]);
        assertEquals(0f, x[4]);
    }

    @Test
    void checkNamesTheSeriesAndWhatIsWrong() {
        GlobalSeries s = GlobalSeries.of("a", null, new double[] {1, 2, 3});
        WindowFeatures f = WindowFeatures.fit(List.of(s), List.of(), options(2, 1, Normalisation.MEAN_LEVEL, true));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.check(s, 0)).getMessage()
                .contains("series 'a': origin: expected 1..3"));
        GlobalSeries withCovariate = new GlobalSeries("b", null, new double[] {1, 2}, new double[][] {{1}, {2}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.check(withCovariate, 2)).getMessage()
                .contains("series 'b': expected 0 covariates"));
        GlobalSeries negative = GlobalSeries.of("n", null, new double[] {1, -2, 3});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.check(negative, 3)).getMessage()
                .contains("series 'n': the model takes logarithms, but the value at step 1 is -2.0"));
        assertThrows(IllegalArgumentException.class, () -> GlobalSeries.of("x", null, new double[] {1, Double.NaN}));
    }

    @Test
    void theDriftAnchorIsTheLastValuePlusHalfTheWindowsSlopePerStep() {
        double[] y = new double[10];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.exp(0.1 * t);
        }
        GlobalSeries s = GlobalSeries.of("a", null, y);
        GlobalForecastOptions o = options(6, 3, Normalisation.LAST_VALUE, true).withDrift(true);
        WindowFeatures f = WindowFeatures.fit(List.of(s), List.of(), o);
        assertTrue(f.drift());
        float[] x = new float[6 * 2];
        double scale = f.input(s, 7, x, 0);
        assertEquals(y[6], scale, 1e-12);
        // v_t = 0.1 (t - 6): slope 0.1, the anchor 0 + 0.05 (k + 1)
        assertArrayEquals(new double[] {0.05, 0.10, 0.15}, f.anchor(s, 7, scale), 1e-12);
        float[] target = new float[3];
        f.target(s, 7, scale, target, 0);
        assertArrayEquals(new float[] {0.05f, 0.10f, 0.15f}, target, 1e-6f);
        // without the anchor the target is the scaled value itself and the anchor is 0
        WindowFeatures plain = WindowFeatures.fit(List.of(s), List.of(), o.withDrift(false));
        assertArrayEquals(new double[3], plain.anchor(s, 7, scale), 0);
        plain.target(s, 7, scale, target, 0);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, target, 1e-6f);
        // one observed input: no slope
        assertArrayEquals(new double[] {0, 0, 0}, f.anchor(s, 1, f.input(s, 1, x, 0)), 1e-12);
    }
}
