/**
 * Text classification end to end: {@link dev.rnn4j.classify.TextClassifier} trains an ensemble of
 * {@code Embedding → (bi)LSTM/GRU/RNN → pooling → Linear} networks on labelled texts (read with
 * {@code dev.rnn4j.text}) plus an n-gram naive Bayes expert, predicts labels with calibrated
 * probabilities, evaluates (accuracy, precision, recall, F1, confusion matrix) and saves to / loads
 * from a model folder. {@link dev.rnn4j.classify.ClassifierConfig} holds the settings, whose
 * defaults reproduce RESULTS.md; {@link dev.rnn4j.classify.CrossValidation} runs k-fold
 * cross-validation. The command line is {@code rnn4j classify train|eval|predict}.
 *
 * <p>The parts, one job each:
 * <ul>
 *   <li>{@code EnsembleTraining}: trains the ensemble's networks on the toolkit's
 *       {@link dev.rnn4j.train.Trainer}, member k with seed {@code seed + k}, each choosing its
 *       epoch (or the mean of its best epoch with a neighbour, {@link dev.rnn4j.train.EpochSnapshots})
 *       by dev accuracy;</li>
 *   <li>{@link dev.rnn4j.classify.NgramNaiveBayes} (the n-gram expert) and {@code NgramMixing}: the
 *       expert's weight chosen on dev, the combined logits, the temperature fitted on dev
 *       ({@link dev.rnn4j.classify.TemperatureScaling}), the table recounted over training and dev
 *       texts;</li>
 *   <li>{@link dev.rnn4j.classify.ClassifierPredictor}: tokenise, run the networks, add the table,
 *       softmax with the temperature; the {@link dev.rnn4j.predict.Predictor} of a saved folder
 *       ({@link dev.rnn4j.classify.TextClassifierFactory} registers it for
 *       {@link dev.rnn4j.predict.Predictors#load}), safe to call from several threads at once;</li>
 *   <li>{@code ClassifierFiles} and {@code ModelFolder}: the model folder ({@code config.json},
 *       {@code vocab.json}, {@code labels.json}, {@code weights.safetensors} with PyTorch parameter
 *       names, {@code weights-k.safetensors} for member k, {@code ngrams.tsv}), written and read;</li>
 *   <li>{@code TextEncoding}: labelled texts to tokens, ids and label indices, and their scores.</li>
 * </ul>
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
