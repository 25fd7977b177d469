package dev.rnn4j.qa;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads question-answering folders ({@code "task": "question-answering"}) for
 * {@link dev.rnn4j.predict.Predictors#load}; registered in
 * {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class QuestionAnswererFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public QuestionAnswererFactory() {
    }

    @Override
    public String task() {
        return QuestionAnswerer.TASK;
    }

    @Override
    public QuestionAnswerer load(Path folder) {
        return QuestionAnswerer.load(folder);
    }
}
