package dev.rnn4j.classify;

import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.PretrainedEmbeddings;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.text.WordTokenizer;
import dev.rnn4j.train.DataParallel;
import dev.rnn4j.train.Trainer;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A trained text classifier: tokenizer, vocabulary, label set and a {@link SequenceClassifier}
 * ({@code Embedding → (bi)LSTM/GRU/RNN → pooling → Linear}).
 *
 * <pre>{@code
 * List<LabeledText> train = TextDatasets.read(Path.of("stsa.binary.train"), ReadOptions.defaults());
 * List<LabeledText> dev = TextDatasets.read(Path.of("stsa.binary.dev"), ReadOptions.defaults());
 * TextClassifier classifier = TextClassifier.train(train, dev, ClassifierConfig.defaults(), System.out::println);
 * classifier.save(Path.of("models/sst2"));
 * Prediction p = TextClassifier.load(Path.of("models/sst2")).predict("a gorgeous , witty film");
 * // p.label() = "1", p.probabilities() = {0=0.03, 1=0.97}
 * }</pre>
 *
 * <p>Training runs on the toolkit's {@link Trainer}: it minimises softmax cross entropy over the
 * classes (a 2-logit output for binary tasks too) with Adam, evaluates dev accuracy after every
 * epoch (with an n-gram expert: of network + expert at its best weight, the model as it will be
 * used), stops early, and restores the parameters of the epoch with the best dev accuracy (ties:
 * the earlier epoch); by default it then also tries the mean of those parameters and the next (or
 * previous) epoch's and keeps a mean that scores strictly higher on dev; see {@link ClassifierConfig} for the schedule. Everything random
 * (initialisation, dropout, batch order) follows the config's seed: the same seed, data and thread
 * count give the same model bit for bit.
 *
 * <p>With {@link ClassifierConfig#ensembleSize()} K above 1, K networks are trained one after the
 * other on the same data, member k with seed {@code seed + k} (member 0 is exactly the network a
 * single-network run trains), each choosing its own epoch as above; predictions use the mean of
 * their logits, to which the n-gram expert is added with a weight chosen on dev for that mean.
 *
 * <p>Once the epochs, the expert's weight and the temperature (below) are chosen, the n-gram table
 * is by default counted again over the training and the dev texts ({@link
 * ClassifierConfig#countDevNgrams()}): naive Bayes has nothing left to tune, and more counted
 * phrases help it. {@link #devMetrics()} keeps the dev metrics measured before, since
 * {@code evaluate(dev)} on the final model scores texts its table has counted.
 *
 * <p>Probabilities are calibrated by temperature scaling: once the epochs and the expert's weight
 * are chosen, one temperature T &gt; 0 is fitted on the dev set by minimising its negative
 * log-likelihood ({@link TemperatureScaling}), and every probability this class reports is
 * {@code softmax(combined logits / T)}. Labels and accuracy are those of the combined logits, the
 * same for any T. Training always has a dev set (it is required), so T is always fitted; a folder
 * saved before temperature scaling existed loads with T = 1, and so does a model whose dev logits
 * are not all finite (a diverged network). Without it the summed n-gram
 * log-likelihoods make the probabilities too sure (MR split, seed 1: T = 2.61, dev NLL 0.573 at
 * T = 1 and 0.413 at T, expected calibration error 0.103 and 0.026; RESULTS.md). On a tiny dev set
 * that the model gets entirely right, the NLL keeps falling as T shrinks, so T stops at
 * {@value TemperatureScaling#MIN_TEMPERATURE} and the probabilities are close to 0 and 1.
 *
 * <p>Saved as a folder ({@link #save(Path)}): {@code weights.safetensors} (PyTorch parameter names:
 * {@code embedding.weight}, {@code rnn.weight_ih_l0}, ..., {@code fc.bias}), {@code config.json},
 * {@code vocab.json}, {@code labels.json}, and {@code ngrams.tsv} when the config has an n-gram
 * expert ({@link NgramNaiveBayes}, added to the network's logits with a weight chosen on dev); an
 * ensemble's member k ≥ 1 in {@code weights-k.safetensors}; each file written atomically.
 *
 * <p>The parts: {@link EnsembleTraining} trains the networks, {@link NgramMixing} chooses the
 * expert's weight, fits the temperature and recounts the table, {@link ClassifierPredictor} predicts
 * (the {@link dev.rnn4j.predict.Predictor} of a loaded folder), {@link ClassifierFiles} saves and
 * loads. Prediction, evaluation and calibration are safe to call from several threads at once
 * ({@link ClassifierPredictor}).
 */
public final class TextClassifier {

    /** The networks, vocabulary, labels, n-gram expert and temperature: what predicts. */
    private final ClassifierPredictor predictor;
    /** How each member's training went (same order as the networks), or null for a loaded classifier. */
    private final List<TrainingSummary> summaries;
    /** The dev metrics measured by {@link #train} before the dev texts joined the table, or null when loaded. */
    private final MetricsReport devMetrics;

    private TextClassifier(ClassifierPredictor predictor, List<TrainingSummary> summaries, MetricsReport devMetrics) {
        this.predictor = predictor;
        this.summaries = summaries == null ? null : List.copyOf(summaries);
        this.devMetrics = devMetrics;
    }

    // ------------------------------------------------------------------ training

    /** {@link #train(List, List, ClassifierConfig, Path, Consumer)} without pretrained embeddings or log. */
    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, ClassifierConfig config) {
        return train(train, dev, config, null, line -> { });
    }

    /**
     * Trains a classifier on {@code train}, choosing the epoch by accuracy on {@code dev}.
     *
     * @param train training examples (at least 2, with at least 2 distinct labels)
     * @param dev dev examples for epoch selection and early stopping; their labels must occur in
     *     {@code train}
     * @param config settings; {@link ClassifierConfig#defaults()} reaches the published targets
     * @param pretrainedEmbeddings a GloVe/word2vec text file to initialise the embeddings of the
     *     words it has, or null; its dimension replaces {@code config.embeddingDim()}
     * @param log receives one line per epoch ({@code epoch 3/10: loss 0.412, dev accuracy 0.7931 ...})
     * @throws IllegalArgumentException for null or empty lists, a single label, a dev label unseen in
     *     training, or a text without tokens (naming its file and line)
     */
    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, ClassifierConfig config,
                                       Path pretrainedEmbeddings, Consumer<String> log) {
        return train(train, dev, config, pretrainedEmbeddings, RunOptions.IN_MEMORY, log);
    }

    /**
     * Where the training toolkit keeps its run: a folder for checkpoints (one per epoch, the best
     * one kept) and {@code metrics.jsonl}, whether to resume from its latest checkpoint, and whether
     * to hide the progress bar.
     *
     * @param folder the run folder, or null to keep nothing on disk (no resume possible); an
     *     ensemble's member k runs in {@code folder/member-k}
     * @param resume continue from {@code folder}'s latest checkpoint (the data and config must be
     *     the same as in the interrupted run); a resumed run saves the same model as an
     *     uninterrupted one
     * @param quiet no progress bar, only one line per epoch
     */
    public record RunOptions(Path folder, boolean resume, boolean quiet) {
        /** No run folder, no resume, progress bar when on a terminal. */
        public static final RunOptions IN_MEMORY = new RunOptions(null, false, false);

        public RunOptions {
            if (resume && folder == null) {
                throw new IllegalArgumentException("resume needs a run folder, got none");
            }
        }
    }

    /**
     * As {@link #train(List, List, ClassifierConfig, Path, Consumer)}, with the training loop's
     * checkpoints, metric log and resume controlled by {@code run}. Training runs on the toolkit's
     * {@link Trainer} ({@link EnsembleTraining}): dev accuracy ({@code val_accuracy}) after every
     * epoch decides early stopping and which epoch's weights are kept; then the expert's weight,
     * the temperature and the table's recount follow ({@link NgramMixing}).
     *
     * @throws UncheckedIOException if the run folder cannot be written or resumed from
     */
    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, ClassifierConfig config,
                                       Path pretrainedEmbeddings, RunOptions run, Consumer<String> log) {
        return train(train, dev, config, pretrainedEmbeddings, run, null, log);
    }

    /**
     * As {@link #train(List, List, ClassifierConfig, Path, RunOptions, Consumer)}, as one worker of
     * a synchronous data-parallel run: every worker calls this with the same data and config, each
     * network's training computes this worker's rows of every batch and sums the gradients over the
     * workers through {@code parallel}'s hook (see {@link DataParallel}), so every worker ends with
     * the same classifier; rank 0 writes the run folder and the others only read it (to resume).
     * Without dropout, the networks equal those of a single process within float rounding (the
     * gradient sums run in another order); with dropout, the workers draw their own masks.
     *
     * @param parallel this worker, or null for a single process
     */
    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, ClassifierConfig config,
                                       Path pretrainedEmbeddings, RunOptions run, DataParallel parallel,
                                       Consumer<String> log) {
        if (run == null) {
            throw new IllegalArgumentException("run must not be null (use RunOptions.IN_MEMORY)");
        }
        if (train == null || train.size() < 2) {
            throw new IllegalArgumentException("train: expected at least 2 examples, got "
                    + (train == null ? "null" : train.size()));
        }
        if (dev == null || dev.isEmpty()) {
            throw new IllegalArgumentException("dev: expected at least 1 example for epoch selection, got "
                    + (dev == null ? "null" : 0));
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null (use ClassifierConfig.defaults())");
        }
        Consumer<String> out = log == null ? line -> { } : log;
        Tokenizer tokenizer = new WordTokenizer(config.lowerCase(), config.splitPunctuation());
        List<List<String>> trainTokens = TextEncoding.tokenizeAll(train, tokenizer);
        Vocabulary vocabulary = Vocabulary.build(trainTokens, config.minFrequency(), config.maxVocabulary());
        LabelSet labels = LabelSet.fromData(train);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("train: expected at least 2 distinct labels, got " + labels.labels());
        }
        int[] trainLabels = TextEncoding.labelIndices(train, labels);
        int[] devLabels = TextEncoding.labelIndices(dev, labels);
        List<int[]> trainIds = TextEncoding.encodeAll(trainTokens, vocabulary);
        List<List<String>> devTokens = TextEncoding.tokenizeAll(dev, tokenizer);
        List<int[]> devIds = TextEncoding.encodeAll(devTokens, vocabulary);

        PretrainedEmbeddings pretrained = null;
        if (pretrainedEmbeddings != null) {
            pretrained = PretrainedEmbeddings.load(pretrainedEmbeddings, vocabulary);
            if (pretrained.dimension() != config.embeddingDim()) {
                out.accept("embeddings: " + pretrainedEmbeddings + " has dimension " + pretrained.dimension()
                        + "; using it instead of " + config.embeddingDim());
                config = config.toBuilder().embeddingDim(pretrained.dimension()).build();
            }
        }
        // the n-gram table is counted before training, so that each epoch is judged as it will be used:
        // network + weight × table, with the weight chosen on dev
        NgramNaiveBayes table = config.ngramOrder() > 0
                ? NgramNaiveBayes.fit(trainTokens, trainLabels, labels.size(), config.ngramOrder(),
                config.charNgramOrder(), config.ngramSmoothing()) : null;
        double[][] devScores = table == null ? null : NgramMixing.scores(table, devTokens);
        int classCount = labels.size();
        int members = config.ensembleSize();
        EnsembleTraining.Data data = new EnsembleTraining.Data(trainIds, trainLabels, devIds, devLabels, vocabulary,
                labels, table, devScores);
        List<SequenceClassifier> networks = new ArrayList<>(members);
        List<TrainingSummary> summaries = new ArrayList<>(members);
        for (EnsembleTraining.Member member : EnsembleTraining.trainAll(data, config, pretrained,
                pretrainedEmbeddings, run, parallel, out)) {
            networks.add(member.network());
            summaries.add(member.summary());
        }
        float[] devLogits = ClassifierPredictor.ensembleLogits(networks, devIds, config.maxLength());
        double networksAlone = TextEncoding.accuracy(TextEncoding.argmaxRows(devLogits, devLabels.length,
                classCount), devLabels);
        if (members > 1) {
            out.accept(String.format(Locale.ROOT, "ensemble of %d networks (mean of their logits): dev accuracy %.4f",
                    members, networksAlone));
        }
        NgramNaiveBayes ngrams = null;
        if (table != null) {
            NgramMixing.WeightChoice chosen = NgramMixing.bestWeight(devLogits, devScores, devLabels, classCount);
            ngrams = table.withWeight(chosen.weight());
            out.accept(String.format(Locale.ROOT, "n-gram expert (order %d, characters up to %d, %,d n-grams): weight"
                            + " %s, dev accuracy %.4f (network%s alone %.4f)", config.ngramOrder(),
                    config.charNgramOrder(), ngrams.size(), Double.toString(chosen.weight()), chosen.accuracy(),
                    members == 1 ? "" : "s", networksAlone));
        }
        // the model is chosen; now only how sure it says it is: one temperature for the combined logits
        double[] devCombined = NgramMixing.combine(devLogits, devScores, ngrams, classCount);
        // the dev metrics of the model as chosen, before the dev texts may join the table below
        MetricsReport devMetrics = TextEncoding.metrics(devCombined, devLabels, labels);
        double temperature = NgramMixing.fitTemperature(devCombined, devLabels, classCount, out);
        if (config.countDevNgrams() && ngrams != null && ngrams.weight() > 0) {
            ngrams = NgramMixing.recountWithDev(trainTokens, trainLabels, devTokens, devLabels, classCount, config,
                    ngrams.weight(), out);
        }
        return new TextClassifier(new ClassifierPredictor(config, vocabulary, labels, networks, ngrams, temperature),
                summaries, devMetrics);
    }

    // ------------------------------------------------------------------ prediction and evaluation

    /**
     * The label of one text, with the probability of every label.
     *
     * @throws IllegalArgumentException if {@code text} is null or has no tokens (empty or blank)
     */
    public Prediction predict(String text) {
        return predictor.predict(text);
    }

    /**
     * Predictions for many texts at once (faster than one by one: batched by length).
     *
     * @throws IllegalArgumentException if the list is null or a text is null or has no tokens
     *     (naming its index)
     */
    public List<Prediction> predictAll(List<String> texts) {
        return predictor.predictBatch(texts);
    }

    /**
     * This classifier as the {@link dev.rnn4j.predict.Predictor} every trained model offers (the
     * same object {@link dev.rnn4j.predict.Predictors#load} returns for a saved folder).
     */
    public ClassifierPredictor predictor() {
        return predictor;
    }

    /**
     * How well calibrated the probabilities are on labelled examples, at this classifier's
     * temperature and at T = 1 (the uncalibrated combined logits).
     *
     * @param examples number of examples scored
     * @param temperature the classifier's temperature ({@link #temperature()})
     * @param negativeLogLikelihood mean negative log-likelihood (natural log) of the true labels under
     *     the probabilities {@link #predict} reports
     * @param expectedCalibrationError expected calibration error of those probabilities over
     *     {@value TemperatureScaling#ECE_BINS} equal-width confidence bins
     *     ({@link TemperatureScaling#expectedCalibrationError})
     * @param uncalibratedNegativeLogLikelihood the same at T = 1
     * @param uncalibratedExpectedCalibrationError the same at T = 1
     */
    public record Calibration(int examples, double temperature, double negativeLogLikelihood,
                              double expectedCalibrationError, double uncalibratedNegativeLogLikelihood,
                              double uncalibratedExpectedCalibrationError) {
    }

    /**
     * Negative log-likelihood and expected calibration error of the predicted probabilities on
     * labelled examples, with and without this classifier's temperature. The labels (and so the
     * accuracy of {@link #evaluate}) are the same either way.
     *
     * @throws IllegalArgumentException if the list is null or empty, an example has a label the
     *     model does not know or no tokens (naming its file and line), or the model's logits for an
     *     example are not finite (a diverged network; naming the example's index)
     */
    public Calibration calibration(List<LabeledText> examples) {
        LabelledLogits scored = scoreLabelled(examples);
        int[] truth = scored.truth();
        double[] logits = scored.logits();
        int classes = predictor.labels().size();
        int bins = TemperatureScaling.ECE_BINS;
        double temperature = predictor.temperature();
        return new Calibration(examples.size(), temperature,
                TemperatureScaling.negativeLogLikelihood(logits, truth, classes, temperature),
                TemperatureScaling.expectedCalibrationError(logits, truth, classes, temperature, bins),
                TemperatureScaling.negativeLogLikelihood(logits, truth, classes, 1),
                TemperatureScaling.expectedCalibrationError(logits, truth, classes, 1, bins));
    }

    /**
     * This classifier with its temperature fitted anew on labelled examples (for example a held-out
     * set other than the dev set that chose the epochs): the T that minimises their negative
     * log-likelihood ({@link TemperatureScaling#fit}). {@link #train} does the same on its dev set.
     * The copy shares the networks, vocabulary and n-gram table with this one.
     *
     * @throws IllegalArgumentException if the list is null or empty, an example has a label the
     *     model does not know or no tokens (naming its file and line), or the model's logits for an
     *     example are not finite (a diverged network; naming the example's index)
     */
    public TextClassifier calibrate(List<LabeledText> examples) {
        LabelledLogits scored = scoreLabelled(examples);
        return withTemperature(TemperatureScaling.fit(scored.logits(), scored.truth(), predictor.labels().size()));
    }

    /** The true label indices of labelled examples and the model's combined logits for them, (N, C) row-major. */
    private record LabelledLogits(int[] truth, double[] logits) {
    }

    /** Validates labelled examples (see the callers' {@code @throws}) and scores them. */
    private LabelledLogits scoreLabelled(List<LabeledText> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("examples: expected at least 1 labelled example, got "
                    + (examples == null ? "null" : 0));
        }
        int[] truth = TextEncoding.labelIndices(examples, predictor.labels());
        List<List<String>> tokens = TextEncoding.tokenizeAll(examples, predictor.tokenizer());
        return new LabelledLogits(truth, predictor.combinedLogits(TextEncoding.encodeAll(tokens,
                predictor.vocabulary()), tokens));
    }

    /**
     * Accuracy, precision, recall, F1 and the confusion matrix on labelled examples. With two
     * classes, precision/recall/F1 are those of the second label in the label set's order (the
     * positive class: {@code "1"} of {@code "0"/"1"}, {@code "pos"} of {@code "neg"/"pos"}); with
     * more, their macro averages.
     *
     * @throws IllegalArgumentException if the list is null or empty, or an example has a label the
     *     model does not know or no tokens (naming its file and line)
     */
    public MetricsReport evaluate(List<LabeledText> examples) {
        LabelledLogits scored = scoreLabelled(examples);
        return TextEncoding.metrics(scored.logits(), scored.truth(), predictor.labels());
    }

    // ------------------------------------------------------------------ files

    /**
     * Saves to {@code folder} (created if needed): {@code weights.safetensors} (and
     * {@code weights-k.safetensors} for ensemble member k ≥ 1), {@code vocab.json},
     * {@code labels.json}, {@code ngrams.tsv} when there is an n-gram expert, then
     * {@code config.json}; each atomically ({@link ClassifierFiles}).
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public void save(Path folder) {
        ClassifierFiles.save(folder, predictor, summaries);
    }

    /**
     * Loads a classifier saved by {@link #save(Path)}.
     *
     * @throws ModelFolderException naming the file at fault: a missing folder, config, vocabulary,
     *     label set or weights file; a folder of a model for another task; an invalid config (missing
     *     or unknown keys, wrong types or values); files that disagree in size; weights that do not
     *     fit the config
     */
    public static TextClassifier load(Path folder) {
        return new TextClassifier(ClassifierFiles.load(folder), null, null);
    }

    /**
     * The classifier whose {@link #predictor()} is {@code predictor}, such as the one
     * {@link dev.rnn4j.predict.Predictors#load} returns for a saved folder; it shares the networks,
     * vocabulary and n-gram table, and has no training summaries or dev metrics (as one loaded).
     *
     * @throws IllegalArgumentException if {@code predictor} is null
     */
    public static TextClassifier of(ClassifierPredictor predictor) {
        if (predictor == null) {
            throw new IllegalArgumentException("predictor: expected a text classifier's predictor, got null");
        }
        return new TextClassifier(predictor, null, null);
    }

    // ------------------------------------------------------------------ accessors

    public ClassifierConfig config() {
        return predictor.config();
    }

    public Vocabulary vocabulary() {
        return predictor.vocabulary();
    }

    public LabelSet labels() {
        return predictor.labels();
    }

    /** The first (or only) network of the ensemble (parameters under PyTorch names). */
    public SequenceClassifier model() {
        return predictor.networks().get(0);
    }

    /**
     * Every network of the ensemble ({@link ClassifierConfig#ensembleSize()} of them; member k was
     * trained with seed {@code config.seed() + k}); predictions use the mean of their logits.
     */
    public List<SequenceClassifier> members() {
        return predictor.networks();
    }

    /** The n-gram expert added to the network's logits, or null when the config's ngramOrder is 0. */
    public NgramNaiveBayes ngramExpert() {
        return predictor.ngrams();
    }

    /**
     * The temperature T that divides the combined logits before the softmax: fitted on the dev set
     * by {@link #train} ({@link TemperatureScaling#fit}), read from {@code config.json} by
     * {@link #load} (1 for folders saved before temperature scaling existed). Always a finite
     * number &gt; 0; it changes probabilities, never labels.
     */
    public double temperature() {
        return predictor.temperature();
    }

    /**
     * This classifier with another temperature (1 gives the uncalibrated probabilities). The copy
     * shares the networks, vocabulary and n-gram table with this one.
     *
     * @throws IllegalArgumentException unless {@code newTemperature} is a finite number &gt; 0
     */
    public TextClassifier withTemperature(double newTemperature) {
        return new TextClassifier(predictor.withTemperature(newTemperature), summaries, devMetrics);
    }

    /** How training went (of the first member for an ensemble), or null for a classifier loaded from a folder. */
    public TrainingSummary summary() {
        return summaries == null ? null : summaries.get(0);
    }

    /** How each member's training went, in member order, or null for a classifier loaded from a folder. */
    public List<TrainingSummary> memberSummaries() {
        return summaries;
    }

    /**
     * Accuracy, precision, recall, F1 and the confusion matrix on the dev set given to
     * {@link #train}, of the model as chosen there: measured before the dev texts were counted into
     * the n-gram table ({@link ClassifierConfig#countDevNgrams()}), so, unlike
     * {@code evaluate(dev)} afterwards, they are those of a model whose every part learned only from
     * the training texts (the dev set chose the epochs, the weight and the temperature). The same
     * report as {@code evaluate(dev)} when the table was not recounted. Null for a classifier loaded
     * from a folder.
     */
    public MetricsReport devMetrics() {
        return devMetrics;
    }
}
