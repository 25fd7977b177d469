package dev.rnn4j.explain;

import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Attributions of a {@link ForecastModel}'s forecast to the steps (and features) of its input window.
 *
 * <p><b>What is explained.</b> Forecast value {@code step} (0-based) as the networks produce it: the mean over
 * the ensemble of the networks' output, plus the window's last target value for a model that predicts the
 * change from it, in the transformed scale the networks read (after log, differencing and scaling, before
 * they are undone). A recursive model computes only the first value from the window alone, so only step 0 is
 * explained for it.
 *
 * <p><b>Input and baseline.</b> The input is the window (lookback L, features F) the networks read; the
 * baseline is zeros or the window flat at its last step ({@link SeriesBaseline}). Occlusion replaces one step's
 * features by the baseline's.
 *
 * <p><b>Inside the cells.</b> Each explanation also holds the first ensemble member's states and gates at
 * every window step ({@link CellInspector}).
 *
 * <p><b>Threads.</b> The explainer owns copies of the networks whose parameters do not require gradients;
 * calls may run concurrently and never touch the model's own networks.
 */
public final class SeriesExplainer {

    /** Monte Carlo dropout samples for the forecast band, its coverage and seed. */
    static final int BAND_SAMPLES = 100;
    static final double BAND_COVERAGE = 0.9;
    static final long BAND_SEED = 1;

    private final ForecastModel model;
    private final List<ForecastNetwork> networks;

    /** @throws IllegalArgumentException if {@code model} is null */
    public SeriesExplainer(ForecastModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a trained or loaded forecast model, got null");
        }
        this.model = model;
        this.networks = new ArrayList<>();
        for (ForecastNetwork original : model.networks()) {
            ForecastNetwork copy = new ForecastNetwork(model.cell(), original.features(), model.hidden(),
                    model.layers(), model.dropout(), original.outputs(), new Rng(0));
            copy.loadStateDict(original.stateDict(), true);
            copy.parameters().forEach(p -> p.requiresGrad(false));
            copy.eval();
            networks.add(copy);
        }
    }

    /**
     * The attributions of forecast value {@code step} after the end of {@code history}.
     *
     * @param history the rows before the forecast, read with the model's columns; at least
     *                {@link ForecastModel#firstOrigin()} rows
     * @param steps   trapezoid intervals for integrated gradients (≥ 1; ignored by the other methods)
     * @param step    the forecast value to explain, 0-based: below the horizon, 0 for a recursive model
     * @throws IllegalArgumentException for a null argument, a history too short, steps below 1 with integrated
     *                                  gradients, or a step out of range
     */
    public SeriesExplanation explain(SeriesFrame history, Method method, int steps, SeriesBaseline baseline,
                                     int step) {
        if (history == null || method == null || baseline == null) {
            throw new IllegalArgumentException("history, method, baseline: expected all, got " + history + ", "
                    + method + ", " + baseline);
        }
        boolean recursive = model.strategy() == ForecastOptions.Strategy.RECURSIVE;
        if (step < 0 || step >= (recursive ? 1 : model.horizon())) {
            throw new IllegalArgumentException("step: expected 0" + (recursive ? " (a recursive model's first value)"
                    : " to " + (model.horizon() - 1)) + ", got " + step);
        }
        if (method == Method.INTEGRATED_GRADIENTS && steps < 1) {
            throw new IllegalArgumentException("steps: expected at least 1 interval for integrated gradients, got "
                    + steps);
        }
        int lookback = model.lookback();
        int features = model.featureNames().size();
        float[] input = model.inputWindow(history);
        float[] reference = new float[input.length];
        if (baseline == SeriesBaseline.LAST_VALUE) {
            for (int t = 0; t < lookback; t++) {
                System.arraycopy(input, (lookback - 1) * features, reference, t * features, features);
            }
        }
        Attribution attribution = Attributions.compute(new ForecastValue(step, lookback), input, reference, lookback,
                features, method, steps);

        int rows = history.rowCount();
        List<String> times = new ArrayList<>(lookback);
        String[] labels = history.hasTimeLabels() ? history.timeLabels() : null;
        for (int r = rows - lookback; r < rows; r++) {
            times.add(labels != null ? labels[r] : "row " + (r + 1));
        }
        double[] target = history.values(model.data().target());
        double[] window = Arrays.copyOfRange(target, rows - lookback, rows);
        double[] forecast = model.forecastAfter(List.of(history))[0];
        double[] lower = null;
        double[] upper = null;
        if (model.dropout() > 0) {
            ForecastModel.Band band = model.forecastBand(history, rows, BAND_SAMPLES, BAND_COVERAGE, BAND_SEED);
            lower = band.lower();
            upper = band.upper();
        }
        List<String> forecastTimes = new ArrayList<>();
        if (history.hasTimes() && model.hasTimeStep()) {
            LocalDateTime[] t = history.times();
            for (LocalDateTime time : model.futureTimesAfter(t[t.length - 1])) {
                forecastTimes.add(time.toLocalTime().equals(LocalTime.MIDNIGHT) ? time.toLocalDate().toString()
                        : time.toString());
            }
        } else {
            for (int h = 1; h <= model.horizon(); h++) {
                forecastTimes.add("+" + h);
            }
        }
        String explained = "forecast value " + (step + 1) + " of " + model.horizon() + " of '"
                + model.data().target() + "' as " + (networks.size() == 1 ? "the network produces it"
                : "the mean of the " + networks.size() + " networks gives it") + ", in the model's transformed scale"
                + (model.anchored() ? " (change from the window's last value added back)" : "");
        String baselineText = baseline == SeriesBaseline.ZEROS
                ? "zeros: every feature 0 in the transformed scale at every step"
                : "the last value: every step equal to the window's last step";
        return new SeriesExplanation(model.data().target(), model.featureNames(), times, window, forecast, lower,
                upper, forecastTimes, step, explained, baselineText, attribution,
                CellInspector.reads(networks.get(0).rnn())
                        ? CellInspector.trace(networks.get(0).rnn(), input, lookback) : null);
    }

    /** One forecast value of the ensemble in the transformed scale. */
    private final class ForecastValue implements ScalarOutput {
        private final int step;
        private final int lookback;

        ForecastValue(int step, int lookback) {
            this.step = step;
            this.lookback = lookback;
        }

        @Override
        public Tensor evaluate(Tensor inputs) { // (N, L, F) → (N)
            Tensor sum = null;
            for (ForecastNetwork net : networks) {
                Tensor y = net.forward(inputs).select(1, step);
                sum = sum == null ? y : sum.add(y);
            }
            Tensor mean = networks.size() == 1 ? sum : sum.mul(1.0 / networks.size());
            return model.anchored() ? mean.add(inputs.select(1, lookback - 1).select(1, 0)) : mean;
        }

        @Override
        public boolean occlusionRemoves() {
            return false;
        }
    }
}
