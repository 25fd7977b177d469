package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AnnualFourierTest {

    /** {@code n} daily times from 1981-01-01. */
    static LocalDateTime[] days(int n) {
        LocalDateTime[] t = new LocalDateTime[n];
        for (int i = 0; i < n; i++) {
            t[i] = LocalDateTime.of(1981, 1, 1, 0, 0).plusDays(i);
        }
        return t;
    }

    // a + b1 sin + c1 cos + b2 sin(2.) + c2 cos(2.) of the day of the year, computed independently of the class
    private static double cycle(LocalDateTime t, double[] c) {
        double w = 2 * Math.PI * (t.getDayOfYear() - 1) / 365.25;
        return c[0] + c[1] * Math.sin(w) + c[2] * Math.cos(w) + c[3] * Math.sin(2 * w) + c[4] * Math.cos(2 * w);
    }

    @Test
    void leastSquaresRecoversTheCoefficientsOfANoiselessCycle() {
        LocalDateTime[] t = days(3 * 365 + 40);
        double[] truth = {11.2, -3.5, 4.25, 0.8, -1.1};
        double[] y = new double[t.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = cycle(t[i], truth);
        }
        AnnualFourier fit = AnnualFourier.fit(y, t, 2);
        assertEquals(2, fit.pairs());
        assertArrayEquals(truth, fit.coefficients(), 1e-9);
        assertArrayEquals(y, fit.values(t), 1e-9);
        // one pair leaves the second harmonic in the residual: a worse fit, but the level and first pair stay close
        AnnualFourier one = AnnualFourier.fit(y, t, 1);
        assertEquals(3, one.coefficients().length);
        assertEquals(truth[0], one.coefficients()[0], 0.05);
        assertEquals(truth[1], one.coefficients()[1], 0.05);
    }

    @Test
    void theFitMinimisesTheSquaredResidualOfNoisyData() {
        LocalDateTime[] t = days(800);
        double[] y = new double[t.length];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < y.length; i++) {
            y[i] = cycle(t[i], new double[] {5, 2, -1, 0, 0}) + random.nextGaussian();
        }
        AnnualFourier fit = AnnualFourier.fit(y, t, 2);
        double best = squaredResidual(y, fit.values(t));
        double[] c = fit.coefficients();
        for (int k = 0; k < c.length; k++) {
            for (double step : new double[] {-1e-3, 1e-3}) {
                double[] moved = c.clone();
                moved[k] += step;
                double other = squaredResidual(y, new AnnualFourier(2, moved).values(t));
                assertTrue(other > best, "coefficient " + k + " moved by " + step + ": " + other + " <= " + best);
            }
        }
    }

    private static double squaredResidual(double[] y, double[] fit) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] - fit[i]) * (y[i] - fit[i]);
        }
        return s;
    }

    @Test
    void bicChoosesTheHarmonicsTheSeriesHas() {
        LocalDateTime[] t = days(4 * 365);
        java.util.Random random = new java.util.Random(8);
        double[] one = new double[t.length];
        double[] two = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double noise = random.nextGaussian();
            one[i] = cycle(t[i], new double[] {10, 3, -2, 0, 0}) + noise;
            two[i] = cycle(t[i], new double[] {10, 3, -2, 1.5, 1}) + noise;
        }
        assertEquals(1, AnnualFourier.choosePairs(one, t, 3));
        assertEquals(2, AnnualFourier.choosePairs(two, t, 3));
        assertEquals(1, AnnualFourier.choosePairs(two, t, 1));
        // the criterion itself: a better fit lowers it, a coefficient more raises it by ln n
        AnnualFourier fit = AnnualFourier.fit(two, t, 2);
        double[] c = fit.coefficients();
        double exact = AnnualFourier.bic(two, t, fit);
        double rss = squaredResidual(two, fit.values(t));
        assertEquals(t.length * Math.log(rss / t.length) + 5 * Math.log(t.length), exact, 1e-9);
        c[1] += 0.5;
        assertTrue(AnnualFourier.bic(two, t, new AnnualFourier(2, c)) > exact);
        assertThrows(IllegalArgumentException.class, () -> AnnualFourier.choosePairs(one, t, 0));
    }

    @Test
    void badInputsAreClearErrors() {
        LocalDateTime[] t = days(10);
        double[] y = new double[10];
        assertThrows(IllegalArgumentException.class, () -> AnnualFourier.fit(y, days(9), 1));
        assertThrows(IllegalArgumentException.class, () -> AnnualFourier.fit(y, t, 0));
        assertThrows(IllegalArgumentException.class, () -> AnnualFourier.fit(Arrays.copyOf(y, 4), days(4), 2));
        double[] nan = y.clone();
        nan[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> AnnualFourier.fit(nan, t, 1));
        LocalDateTime[] sameDay = new LocalDateTime[10];
        for (int i = 0; i < 10; i++) {
            sameDay[i] = LocalDateTime.of(1980 + i, 3, 1, 0, 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnnualFourier.fit(y, sameDay, 1));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AnnualFourier(2, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new AnnualFourier(1, new double[] {0, Double.NaN, 0}));
    }

    @Test
    void theCoefficientsAreCopied() {
        double[] c = {1, 2, 3};
        AnnualFourier f = new AnnualFourier(1, c);
        c[0] = 99;
        f.coefficients()[1] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, f.coefficients(), 0);
    }
}
