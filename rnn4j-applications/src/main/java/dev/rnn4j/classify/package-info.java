/**
 * Text classification end to end: {@link dev.rnn4j.classify.TextClassifier} trains an
 * {@code Embedding → (bi)LSTM/GRU/RNN → pooling → Linear} model on labelled texts (read with
 * {@code dev.rnn4j.text}), chooses the epoch by dev accuracy, predicts labels with probabilities,
 * evaluates (accuracy, precision, recall, F1, confusion matrix) and saves to / loads from a model
 * folder ({@code config.json}, {@code vocab.json}, {@code labels.json}, {@code weights.safetensors}
 * with PyTorch parameter names). {@link dev.rnn4j.classify.ClassifierConfig} holds the settings,
 * whose defaults reproduce RESULTS.md; {@link dev.rnn4j.classify.CrossValidation} runs k-fold
 * cross-validation. Predicted probabilities are calibrated by one temperature fitted on the dev set
 * ({@link dev.rnn4j.classify.TemperatureScaling}). The command line is
 * {@code rnn4j classify train|eval|predict}.
 *
 * <pre>{@code
 * TextClassifier classifier = TextClassifier.train(train, dev, ClassifierConfig.defaults());
 * classifier.save(Path.of("models/sst2"));
 * String label = TextClassifier.load(Path.of("models/sst2")).predict("a gorgeous , witty film").label();
 * }</pre>
 *
 * <p>Loading a folder that is missing a file, belongs to another task (its {@code config.json}
 * names another {@code task}), or has a config with missing or unknown keys throws a
 * {@link dev.rnn4j.classify.ModelFolderException} naming the file.
 */
package dev.rnn4j.classify;
