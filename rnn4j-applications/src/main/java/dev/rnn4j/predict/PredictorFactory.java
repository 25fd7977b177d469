package dev.rnn4j.predict;

import java.nio.file.Path;

/**
 * Loads the model folders of one task. Each application registers one in
 * {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}; {@link Predictors#load} picks it by
 * the {@code task} field of the folder's {@code config.json}.
 */
public interface PredictorFactory {

    /** The {@code task} value in {@code config.json} of the folders this factory loads. */
    String task();

    /**
     * Loads the model in {@code folder}.
     *
     * @throws IllegalArgumentException if the folder's files are missing or malformed (the message names the file)
     */
    Predictor<?, ?> load(Path folder);
}
