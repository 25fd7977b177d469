package dev.rnn4j.lm;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads language-model folders ({@code "task": "language-model"}) for {@link dev.rnn4j.predict.Predictors#load};
 * registered in {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class LanguageModelFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public LanguageModelFactory() {
    }

    @Override
    public String task() {
        return LanguageModel.TASK;
    }

    @Override
    public LanguageModel load(Path folder) {
        return LanguageModel.load(folder);
    }
}
