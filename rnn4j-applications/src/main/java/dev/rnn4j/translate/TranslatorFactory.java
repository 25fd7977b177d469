package dev.rnn4j.translate;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads translation model folders ({@code "task": "translation"}) for
 * {@link dev.rnn4j.predict.Predictors#load}; registered in
 * {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class TranslatorFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public TranslatorFactory() {
    }

    @Override
    public String task() {
        return TranslationModel.TASK;
    }

    @Override
    public Translator load(Path folder) {
        return Translator.load(folder);
    }
}
