package dev.rnn4j.forecast;

import dev.rnn4j.series.Baselines;
import dev.rnn4j.series.ForecastEvaluation;
import dev.rnn4j.series.Forecaster;
import dev.rnn4j.series.SeriesFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a {@link ForecastModel} and the standard baselines on the same forecast origins of a frame: origins
 * {@code firstOrigin, firstOrigin + step, ...} while {@code origin + H <= T}, each forecasting H rows from the
 * rows before it (the model is not retrained; the baselines only read the history). MASE is scaled by the
 * in-sample seasonal-naive MAE (the model's season m) of the rows before the first origin.
 */
public final class ForecastBacktest {
    private ForecastBacktest() {
    }

    /**
     * @param model       the trained model
     * @param frame       rows read with the model's columns
     * @param firstOrigin first forecast row (e.g. T - test size)
     * @param step        distance between origins, >= 1
     * @return the model's result first, then naive, seasonal naive (when m > 1), drift and moving average
     *         (window min(m, 48), at least 2)
     */
    public static List<ForecastEvaluation.Result> run(ForecastModel model, SeriesFrame frame, int firstOrigin,
                                                      int step) {
        if (model == null || frame == null) {
            throw new IllegalArgumentException("model, frame: expected non-null arguments");
        }
        int h = model.horizon();
        int rows = frame.rowCount();
        if (step < 1) {
            throw new IllegalArgumentException("step: expected >= 1, got " + step);
        }
        if (firstOrigin < model.firstOrigin() || firstOrigin + h > rows) {
            throw frame.origin(model.data().target()).error("cannot evaluate from row " + firstOrigin
                    + ": the model needs at least " + model.firstOrigin() + " rows of history and " + h
                    + " rows to compare with; the file has " + rows + " rows");
        }
        double[] y = frame.values(model.data().target());
        int count = (rows - h - firstOrigin) / step + 1;
        int[] origins = new int[count];
        for (int i = 0; i < count; i++) {
            origins[i] = firstOrigin + i * step;
        }
        double[][] forecasts = model.forecast(frame, origins);
        Map<Integer, double[]> byOrigin = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byOrigin.put(origins[i], forecasts[i]);
        }
        List<ForecastEvaluation.Result> results = new ArrayList<>();
        int m = model.season();
        results.add(ForecastEvaluation.walkForward(y, firstOrigin, h, step, (o, horizon) -> byOrigin.get(o),
                "model", m));
        for (Forecaster baseline : Baselines.standard(m, movingAverageWindow(m))) {
            results.add(ForecastEvaluation.walkForward(y, firstOrigin, h, step, baseline, m));
        }
        return results;
    }

    /** The moving-average baseline's window for season m: min(m, 48), at least 2. */
    public static int movingAverageWindow(int season) {
        return Math.max(2, Math.min(season, 48));
    }
}
