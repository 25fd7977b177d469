package dev.rnn4j.forecast.panel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassicalMethodTest {

    private static final double[] SEASON = {0.8, 1.2, 0.9, 1.1};

    private static double[] seasonal(int n, double level) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = level * SEASON[t % 4];
        }
        return x;
    }

    @Test
    void naiveRepeatsTheLastValue() {
        assertArrayEquals(new double[] {3, 3, 3}, ClassicalMethod.NAIVE.forecast(new double[] {1, 2, 3}, 3, 4));
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        double[] x = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {3, 4, 5, 6, 3}, ClassicalMethod.SEASONAL_NAIVE.forecast(x, 5, 4));
        assertArrayEquals(new double[] {6, 6}, ClassicalMethod.SEASONAL_NAIVE.forecast(x, 2, 1));
    }

    @Test
    void thetaOnALineContinuesItAtHalfTheSlope() {
        // SES follows a line best with alpha = 1 (0.9999, its upper bound), so the level is the last point and
        // the drift is b/2 per step
        double a = 5;
        double b = 2;
        int n = 30;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = a + b * t;
        }
        double[] f = ClassicalMethod.THETA.forecast(x, 4, 1);
        for (int k = 0; k < 4; k++) {
            assertEquals(a + b * (n - 1) + 0.5 * b * (k + 1), f[k], 1e-3, "k = " + k);
        }
    }

    @Test
    void thetaOnAPureSeasonalPatternReproducesIt() {
        double[] x = seasonal(24, 100);
        assertTrue(Seasonality.isSeasonal(x, 4));
        double[] f = ClassicalMethod.THETA.forecast(x, 6, 4);
        double[] expected = java.util.Arrays.copyOfRange(seasonal(30, 100), 24, 30);
        assertArrayEquals(expected, f, 1e-9);
    }

    @Test
    void decompositionRecoversMultiplicativeAndAdditiveIndices() {
        double[] x = seasonal(20, 50);
        assertArrayEquals(SEASON, Seasonality.indices(x, 4, true), 1e-12);
        double[] additive = Seasonality.indices(x, 4, false);
        assertArrayEquals(new double[] {-10, 10, -5, 5}, additive, 1e-12);
        // odd period: a plain 3-term average
        double[] odd = new double[12];
        for (int t = 0; t < 12; t++) {
            odd[t] = 10 + new double[] {-1, 0, 1}[t % 3];
        }
        assertArrayEquals(new double[] {-1, 0, 1}, Seasonality.indices(odd, 3, false), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Seasonality.indices(new double[7], 4, true));
    }

    @Test
    void seasonalityTestNeedsThreeSeasonsAndAPeriodAboveOne() {
        assertFalse(Seasonality.isSeasonal(seasonal(11, 10), 4));
        assertTrue(Seasonality.isSeasonal(seasonal(24, 10), 4));
        assertFalse(Seasonality.isSeasonal(seasonal(40, 10), 1));
        // any series: the decision is |r_4| against the limit from r_1 .. r_3
        double[] noise = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4};
        double[] r = Seasonality.autocorrelation(noise, 4);
        assertEquals(1, r[0], 1e-12);
        double limit = 1.645 * Math.sqrt((1 + 2 * (r[1] * r[1] + r[2] * r[2] + r[3] * r[3])) / noise.length);
        assertEquals(Math.abs(r[4]) > limit, Seasonality.isSeasonal(noise, 4));
    }

    @Test
    void autocorrelationMatchesTheDefinition() {
        double[] x = {1, 2, 3, 4};
        // mean 2.5, deviations -1.5 -0.5 0.5 1.5, sum of squares 5
        double[] r = Seasonality.autocorrelation(x, 2);
        assertEquals((0.75 - 0.25 + 0.75) / 5, r[1], 1e-12);
        assertEquals((-0.75 - 0.75) / 5, r[2], 1e-12);
    }

    @Test
    void exponentialSmoothingFindsTheLeastSquaresAlphaOfAUnimodalProfile() {
        double[] x = {10, 12, 9, 14, 13, 15, 11, 16, 18, 14, 17, 19};
        double alpha = ExponentialSmoothing.fitAlpha(x);
        double best = ExponentialSmoothing.sse(x, alpha);
        for (int i = 1; i < 10_000; i++) {
            assertTrue(best <= ExponentialSmoothing.sse(x, i / 10_000.0) + 1e-9, "alpha " + i / 10_000.0);
        }
        assertEquals(x[0], ExponentialSmoothing.lastLevel(x, 0));
        assertEquals(x[x.length - 1], ExponentialSmoothing.lastLevel(x, 1));
    }

    @Test
    void exponentialSmoothingStopsAtTheLocalMinimumReachedFromTheStart() {
        // M3 series N102 (yearly, training part): from 0.1 the SSE falls towards the lower bound, although alpha
        // near 1 is lower still; statsmodels' Theta fit ends at alpha = 0.000111 here, and so does this search
        double[] x = {1566.4, 1343.5, 1447, 1465.1, 1768.8, 1660.3, 1630.9, 1325.7, 950.5, 989.5, 1625.1, 1809.6,
            1872.4, 2130.9};
        double alpha = ExponentialSmoothing.fitAlpha(x);
        assertTrue(alpha >= ExponentialSmoothing.LOWEST && alpha < 0.001, "alpha " + alpha);
        assertTrue(ExponentialSmoothing.sse(x, ExponentialSmoothing.HIGHEST) < ExponentialSmoothing.sse(x, alpha));
        // the Theta forecast of statsmodels 0.13.5 for this series, first and last of h = 6
        double[] f = ClassicalMethod.THETA.forecast(x, 6, 1);
        assertEquals(1738.6790698554012, f[0], 0.05);
        assertEquals(1800.2653335916646, f[5], 0.05);
    }

    @Test
    void argumentsAreValidatedAndNamesRoundTrip() {
        assertThrows(IllegalArgumentException.class, () -> ClassicalMethod.THETA.forecast(new double[0], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ClassicalMethod.THETA.forecast(new double[3], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ClassicalMethod.THETA.forecast(new double[3], 1, 0));
        for (ClassicalMethod m : ClassicalMethod.values()) {
            assertEquals(m, ClassicalMethod.fromCliName(m.cliName()));
        }
        assertThrows(IllegalArgumentException.class, () -> ClassicalMethod.fromCliName("arima"));
    }
}
