package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Metrics;
import dev.rnn4j.forecast.panel.M3Series;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A global forecaster on the M3 protocol: one network per frequency, trained on the training parts of that
 * frequency's series (the category as the series' group; early stopping on the last h values of each training
 * part), then each series forecast once, h steps from the end of its training part, and scored with
 * {@link M3Metrics}. The test parts are read only for scoring.
 */
public final class GlobalM3 {

    private GlobalM3() {
    }

    /**
     * Trains on the series of one frequency and scores them.
     *
     * @param series  series of one frequency (one horizon h and period m)
     * @param options the settings; {@code horizon} and {@code period} must be the series' h and m
     * @param run     checkpoints and logs of the training
     * @return the scores, in the order of {@code series}, for {@link M3Evaluation#table}
     */
    public static List<M3Evaluation.SeriesScore> score(List<M3Series> series, GlobalForecastOptions options,
                                                       TrainingRun run) throws IOException {
        return run(series, options, run, 0, 1).scores();
    }

    /**
     * What {@link #run} gives.
     *
     * @param scores         the point scores, in the order of the series, for {@link M3Evaluation#table}
     * @param intervals      per series its 80 % and 95 % intervals ({@link IntervalEvaluation#intervals}; none for
     *                       a point forecaster without Monte Carlo samples)
     * @param intervalScores the intervals scored on the test parts, grouped by frequency, for
     *                       {@link IntervalEvaluation#table}
     */
    public record Result(List<M3Evaluation.SeriesScore> scores, List<List<IntervalEvaluation.Interval>> intervals,
                         List<IntervalEvaluation.Score> intervalScores) {
    }

    /**
     * Trains on the series of one frequency and scores the point forecasts and the prediction intervals: from the
     * quantiles when the options ask for the levels 0.025, 0.1, 0.9 and 0.975, and from Monte Carlo dropout with
     * {@code mcSamples} samples when that is positive and the network has dropout. MSIS is scaled by each
     * training part's seasonal-naive error, as MASE.
     *
     * @param mcSamples Monte Carlo dropout samples per series, 0 for none
     * @param mcSeed    the seed of the dropout masks
     */
    public static Result run(List<M3Series> series, GlobalForecastOptions options, TrainingRun run, int mcSamples,
                             long mcSeed) throws IOException {
        checkSeries(series, options);
        List<GlobalSeries> training = new ArrayList<>(series.size());
        for (M3Series s : series) {
            training.add(GlobalSeries.of(s.id(), s.category(), s.train()));
        }
        GlobalForecastModel model = GlobalForecastModel.train(training, List.of(), options, run);
        double[][] forecasts = model.forecast(training);
        List<M3Evaluation.SeriesScore> scores = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            M3Series s = series.get(i);
            double[] f = forecasts[i];
            scores.add(new M3Evaluation.SeriesScore(s, f, M3Metrics.smape(s.test(), f), M3Metrics.smapeAbs(s.test(), f),
                    M3Metrics.mase(s.train(), s.test(), f, s.period())));
        }
        int[] ends = training.stream().mapToInt(GlobalSeries::length).toArray();
        List<List<IntervalEvaluation.Interval>> intervals = IntervalEvaluation.intervals(model, training, ends,
                mcSamples, mcSeed);
        List<IntervalEvaluation.Score> intervalScores = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            M3Series s = series.get(i);
            for (IntervalEvaluation.Interval interval : intervals.get(i)) {
                intervalScores.add(IntervalEvaluation.score(s.frequency(), interval, s.train(), s.test(),
                        s.period()));
            }
        }
        return new Result(scores, intervals, intervalScores);
    }

    /** Checks that the series are of one frequency, the options' horizon and period. */
    static void checkSeries(List<M3Series> series, GlobalForecastOptions options) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series: expected the series of one frequency, got none");
        }
        for (M3Series s : series) {
            if (s.horizon() != options.horizon() || s.period() != options.period()) {
                throw new IllegalArgumentException("series '" + s.id() + "': horizon " + s.horizon() + " and period "
                        + s.period() + " differ from the options' " + options.horizon() + " and " + options.period()
                        + "; score one frequency at a time");
            }
        }
    }

    /**
     * The default options of one M3 frequency: {@link GlobalForecastOptions#defaults} for its horizon h and period
     * m (6/1 yearly, 8/4 quarterly, 18/12 monthly, 8/1 other).
     */
    public static GlobalForecastOptions defaults(M3Series example) {
        return GlobalForecastOptions.defaults(example.horizon(), example.period());
    }
}
