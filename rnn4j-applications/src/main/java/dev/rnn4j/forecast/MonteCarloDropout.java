package dev.rnn4j.forecast;

import dev.rnn4j.series.FeatureMatrix;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.tensor.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Uncertainty bands by Monte Carlo dropout (Gal &amp; Ghahramani 2016): dropout stays on at predict time, each
 * batch row of a forward pass draws its own masks and so is one sample of the forecast, and the band lies
 * between two sample quantiles. It reflects the networks' uncertainty, not the noise of the series.
 *
 * <p>Each band runs its own copy of every network, whose masks come from a generator split off the band's seed:
 * the trained networks stay in evaluation mode and untouched, so bands and point forecasts can run at the same
 * time from several threads, and one seed gives one band.
 */
final class MonteCarloDropout {

    private MonteCarloDropout() {
    }

    /** See {@link ForecastModel#forecastBand}. */
    static ForecastModel.Band band(ForecastModel model, SeriesFrame frame, int origin, int samples, double coverage,
                                   long seed) {
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("samples: expected 2..100000, got " + samples);
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage: expected in (0, 1), got " + coverage);
        }
        if (model.dropout() == 0) {
            throw new IllegalArgumentException("samples: the model was trained without dropout, so Monte Carlo"
                    + " dropout gives no band; retrain with --dropout > 0");
        }
        model.checkOrigins(frame, new int[] {origin});
        int horizon = model.horizon();
        int extra = model.strategy() == ForecastOptions.Strategy.RECURSIVE && origin + horizon > frame.rowCount()
                ? horizon : 0;
        FeatureMatrix features = model.features(frame, extra);
        double[] history = Arrays.copyOf(model.modelledTarget(frame), origin); // the values before the origin
        List<ForecastNetwork> members = model.members();
        double[][] paths = new double[samples][];
        int done = 0;
        Rng seeds = new Rng(seed);
        for (int k = 0; k < members.size() && done < samples; k++) {
            int count = samples / members.size() + (k < samples % members.size() ? 1 : 0);
            if (count == 0) {
                continue;
            }
            ForecastNetwork net = withDropoutRng(model, members.get(k), seeds.split());
            net.train(true); // Monte Carlo dropout: masks differ per batch row, so each row is one sample
            int[] same = new int[count];
            Arrays.fill(same, origin);
            float[][] rows = new float[count][];
            Arrays.fill(rows, features.values());
            float[][] z = model.run(net, rows, same, count);
            for (int i = 0; i < count; i++) {
                paths[done++] = model.toOriginal(ForecastModel.toDouble(z[i]), frame, history);
            }
        }
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] column = new double[samples];
        for (int s = 0; s < horizon; s++) {
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                column[i] = paths[i][s];
                sum += column[i];
            }
            Arrays.sort(column);
            mean[s] = sum / samples;
            lower[s] = quantile(column, (1 - coverage) / 2);
            upper[s] = quantile(column, (1 + coverage) / 2);
        }
        return new ForecastModel.Band(mean, lower, upper, samples, coverage);
    }

    // a copy of a member whose dropout masks come from rng (the trained member keeps its own state untouched)
    private static ForecastNetwork withDropoutRng(ForecastModel model, ForecastNetwork member, Rng rng) {
        ForecastNetwork copy = new ForecastNetwork(model.cell(), member.features(), model.hidden(), model.layers(),
                model.dropout(), member.outputs(), rng);
        copy.loadStateDict(member.stateDict(), true);
        return copy;
    }

    /** Linear interpolation between order statistics of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
