package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.tensor.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Monte Carlo dropout bands of a global forecaster (Gal &amp; Ghahramani 2016): dropout stays on at forecast time,
 * every batch row draws its own masks and so gives one sample of the point forecast, and a band of coverage c lies
 * between the sample quantiles (1 − c)/2 and (1 + c)/2 (linear interpolation between order statistics, numpy's
 * default). The band reflects the network's uncertainty about its weights, not the noise of the series, so it is
 * expected to be too narrow for a prediction interval; it is measured beside the quantile forecasts for that
 * reason.
 *
 * <p>The samples run on a copy of the network whose masks come from the given seed, so the model itself stays in
 * evaluation mode and untouched, and one seed gives one band.
 */
public final class GlobalMonteCarloDropout {

    /** Windows per batch of samples: with S samples each, a forward pass holds 64 · S rows at most. */
    private static final int WINDOWS_PER_CHUNK = 64;

    /**
     * Bands around the forecasts of N windows.
     *
     * @param coverages (C) the nominal coverages
     * @param lower     (N, C, H) the lower edges
     * @param upper     (N, C, H) the upper edges
     * @param samples   samples per window
     */
    public record Bands(double[] coverages, double[][][] lower, double[][][] upper, int samples) {
    }

    private GlobalMonteCarloDropout() {
    }

    /**
     * The bands of the H values from {@code origins[i]} of series i on.
     *
     * @param samples   forward passes per window, 2..100000
     * @param coverages central coverages in (0, 1), e.g. 0.8 and 0.95
     * @param seed      the dropout masks' seed
     * @throws IllegalArgumentException if the model has no dropout, an argument is out of range, or a window
     *                                  cannot be built (as {@link GlobalForecastModel#forecast(List, int[])})
     */
    public static Bands bands(GlobalForecastModel model, List<GlobalSeries> series, int[] origins, int samples,
                              double[] coverages, long seed) {
        if (model.dropout() == 0) {
            throw new IllegalArgumentException("samples: the model was trained without dropout, so Monte Carlo "
                    + "dropout gives no band; retrain with --dropout > 0");
        }
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("samples: expected 2..100000, got " + samples);
        }
        for (double c : coverages) {
            if (!(c > 0 && c < 1)) {
                throw new IllegalArgumentException("coverages: expected values in (0, 1), got "
                        + Arrays.toString(coverages));
            }
        }
        model.check(series, origins);
        ForecastNetwork net = copyWithMasksFrom(model, new Rng(seed));
        net.train(true);
        int n = origins.length;
        int h = model.horizon();
        int c = coverages.length;
        int median = model.medianColumn();
        double[][][] lower = new double[n][c][h];
        double[][][] upper = new double[n][c][h];
        double[] column = new double[samples];
        for (int from = 0; from < n; from += WINDOWS_PER_CHUNK) {
            int b = Math.min(WINDOWS_PER_CHUNK, n - from);
            double[][][] draws = model.run(net, series.subList(from, from + b),
                    Arrays.copyOfRange(origins, from, from + b), samples);   // (b · S, H, K)
            for (int i = 0; i < b; i++) {
                for (int step = 0; step < h; step++) {
                    for (int s = 0; s < samples; s++) {
                        column[s] = draws[i * samples + s][step][median];
                    }
                    Arrays.sort(column);
                    for (int j = 0; j < c; j++) {
                        lower[from + i][j][step] = quantile(column, (1 - coverages[j]) / 2);
                        upper[from + i][j][step] = quantile(column, (1 + coverages[j]) / 2);
                    }
                }
            }
        }
        return new Bands(coverages.clone(), lower, upper, samples);
    }

    // a copy of the model's network whose dropout masks come from rng
    private static ForecastNetwork copyWithMasksFrom(GlobalForecastModel model, Rng rng) {
        ForecastNetwork trained = model.network();
        ForecastNetwork copy = new ForecastNetwork(model.cell(), trained.features(), model.hidden(), model.layers(),
                model.dropout(), trained.outputs(), rng);
        copy.loadStateDict(trained.stateDict(), true);
        return copy;
    }

    /** Linear interpolation between the order statistics of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
