package dev.rnn4j.series;

import java.util.SplittableRandom;

/**
 * Generated series for tests and demos, reproducible from a seed.
 */
public final class SyntheticSeries {
    private SyntheticSeries() {
    }

    /**
     * {@code y[t] = level + slope * t + amplitude * sin(2 pi t / period) + noise * e[t]} with e[t] standard
     * normal (from {@link SplittableRandom} seeded with {@code seed}).
     *
     * @param length    number of values, >= 1
     * @param period    season length in steps, > 0
     * @param level     value at t = 0 without season and noise
     * @param slope     trend per step
     * @param amplitude season amplitude
     * @param noise     noise standard deviation, >= 0
     * @param seed      random seed
     */
    public static double[] sineWithTrend(int length, double period, double level, double slope, double amplitude,
                                         double noise, long seed) {
        if (length < 1 || !(period > 0) || !(noise >= 0)) {
            throw new IllegalArgumentException("sineWithTrend: expected length >= 1, period > 0, noise >= 0, got length="
                    + length + ", period=" + period + ", noise=" + noise);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[length];
        for (int t = 0; t < length; t++) {
            y[t] = level + slope * t + amplitude * Math.sin(2 * Math.PI * t / period) + noise * gaussian(random);
        }
        return y;
    }

    // Box-Muller: SplittableRandom has no nextGaussian on Java 17
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
