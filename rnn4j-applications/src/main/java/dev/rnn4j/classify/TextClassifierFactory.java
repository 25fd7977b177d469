package dev.rnn4j.classify;

import dev.rnn4j.predict.PredictorFactory;

import java.nio.file.Path;

/**
 * Loads text classifier folders ({@code "task": "text-classification"}) for
 * {@link dev.rnn4j.predict.Predictors#load}; registered in
 * {@code META-INF/services/dev.rnn4j.predict.PredictorFactory}.
 */
public final class TextClassifierFactory implements PredictorFactory {

    @Override
    public String task() {
        return ModelFolder.TASK;
    }

    /**
     * @throws ModelFolderException naming the file at fault (see {@link TextClassifier#load})
     */
    @Override
    public ClassifierPredictor load(Path folder) {
        return ClassifierFiles.load(folder);
    }
}
