package dev.rnn4j.speech.model;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads spoken-digit model folders ({@code "task": "speech-digits"}) for {@link dev.rnn4j.predict.Predictors#load};
 * registered in {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class TranscriberFactory implements PredictorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public TranscriberFactory() {
    }

    @Override
    public String task() {
        return SpeechModelFolder.TASK;
    }

    @Override
    public Transcriber load(Path folder) {
        return Transcriber.load(folder);
    }
}
