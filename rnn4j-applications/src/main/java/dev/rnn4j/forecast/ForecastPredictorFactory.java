package dev.rnn4j.forecast;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads forecaster folders ({@code "task": "forecast"}) for {@link dev.rnn4j.predict.Predictors#load}; registered
 * in {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class ForecastPredictorFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public ForecastPredictorFactory() {
    }

    @Override
    public String task() {
        return ForecastModel.TASK;
    }

    @Override
    public ForecastPredictor load(Path folder) {
        return ForecastPredictor.load(folder);
    }
}
