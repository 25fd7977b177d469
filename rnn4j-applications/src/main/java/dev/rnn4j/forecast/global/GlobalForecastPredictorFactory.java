package dev.rnn4j.forecast.global;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads global forecaster folders ({@code "task": "global-forecast"}) for {@link dev.rnn4j.predict.Predictors#load};
 * registered in {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class GlobalForecastPredictorFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public GlobalForecastPredictorFactory() {
    }

    @Override
    public String task() {
        return GlobalForecastModel.TASK;
    }

    @Override
    public GlobalForecastPredictor load(Path folder) {
        return GlobalForecastPredictor.load(folder);
    }
}
