package dev.rnn4j.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.metrics.Average;
import dev.rnn4j.metrics.ConfusionMatrix;
import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.LengthBucketBatcher;
import dev.rnn4j.text.PretrainedEmbeddings;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.text.WordTokenizer;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepFunction;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * TextClassifier.Prediction p = TextClassifier.load(Path.of("models/sst2")).predict("a gorgeous , witty film");
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
 * <p>Instances are not thread-safe (the model keeps per-call state); use one per thread.
 */
public final class TextClassifier {

    /** Sentences per batch when evaluating or predicting (no gradients, so larger than in training). */
    private static final int EVAL_BATCH = 256;

    private final ClassifierConfig config;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final Tokenizer tokenizer;
    /** The ensemble's networks (one by default), member k trained with seed {@code config.seed() + k}. */
    private final List<SequenceClassifier> networks;
    /** How each member's training went (same order as networks), or null for a loaded classifier. */
    private final List<TrainingSummary> summaries;
    /** The n-gram expert added to the network's logits, or null (config.ngramOrder() == 0). */
    private final NgramNaiveBayes ngrams;
    /** Divides the combined logits before the softmax (temperature scaling, fitted on dev); 1 = none. */
    private final double temperature;
    /** The dev metrics measured by {@link #train} before the dev texts joined the table, or null when loaded. */
    private final MetricsReport devMetrics;

    /**
     * A prediction.
     *
     * @param label the most probable label
     * @param probabilities probability of every label, in the label set's order (sums to 1)
     */
    public record Prediction(String label, Map<String, Double> probabilities) {
    }

    /**
     * One epoch of training.
     *
     * @param epoch 1-based
     * @param trainLoss mean cross entropy over the epoch's batches (with dropout on)
     * @param devAccuracy accuracy on the dev set after the epoch
     * @param seconds wall time of the epoch, dev evaluation and checkpoint included (NaN for epochs
     *     run before a resume)
     * @param sentencesPerSecond training examples per second of wall time
     * @param best whether this is the epoch whose weights were kept
     */
    public record EpochResult(int epoch, double trainLoss, double devAccuracy, double seconds,
                              double sentencesPerSecond, boolean best) {
    }

    /**
     * How training went.
     *
     * @param epochs every epoch run
     * @param bestEpoch the epoch with the best dev accuracy, whose parameters were kept (averaged with
     *     a neighbouring epoch's when that scored higher on dev, see
     *     {@link ClassifierConfig#averageNeighbourEpochs()})
     * @param bestDevAccuracy the dev accuracy of the kept parameters
     * @param seconds total wall time of training, dev evaluations included
     * @param stoppedEarly whether training stopped before the configured number of epochs
     */
    public record TrainingSummary(List<EpochResult> epochs, int bestEpoch, double bestDevAccuracy, double seconds,
                                  boolean stoppedEarly) {
    }

    private TextClassifier(ClassifierConfig config, Vocabulary vocabulary, LabelSet labels,
                           List<SequenceClassifier> networks, List<TrainingSummary> summaries, NgramNaiveBayes ngrams,
                           double temperature, MetricsReport devMetrics) {
        TemperatureScaling.checkTemperature(temperature);
        this.config = config;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.tokenizer = new WordTokenizer(config.lowerCase(), config.splitPunctuation());
        this.networks = List.copyOf(networks);
        this.summaries = summaries == null ? null : List.copyOf(summaries);
        this.ngrams = ngrams;
        this.temperature = temperature;
        this.devMetrics = devMetrics;
        for (SequenceClassifier network : networks) {
            network.eval();
        }
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
     *     the same as in the interrupted run)
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
     * {@link Trainer}: one epoch = the length-bucketed batches of {@code train}, cross entropy,
     * gradient norm clipping, Adam; dev accuracy ({@code val_accuracy}) after every epoch decides
     * early stopping and which epoch's weights are restored at the end.
     *
     * @throws UncheckedIOException if the run folder cannot be written or resumed from
     */
    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, ClassifierConfig config,
                                       Path pretrainedEmbeddings, RunOptions run, Consumer<String> log) {
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
        List<List<String>> trainTokens = tokenizeAll(train, tokenizer);
        Vocabulary vocabulary = Vocabulary.build(trainTokens, config.minFrequency(), config.maxVocabulary());
        LabelSet labels = LabelSet.fromData(train);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("train: expected at least 2 distinct labels, got " + labels.labels());
        }
        int[] trainLabels = labelIndices(train, labels);
        int[] devLabels = labelIndices(dev, labels);
        List<int[]> trainIds = encodeAll(trainTokens, vocabulary);
        List<List<String>> devTokens = tokenizeAll(dev, tokenizer);
        List<int[]> devIds = encodeAll(devTokens, vocabulary);

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
        double[][] devScores = table == null ? null : ngramScores(table, devTokens);
        int classCount = labels.size();
        int members = config.ensembleSize();
        List<SequenceClassifier> networks = new ArrayList<>(members);
        List<TrainingSummary> summaries = new ArrayList<>(members);
        for (int k = 0; k < members; k++) {
            // member k: the same data, its own seed (initialisation, dropout, batch order) and run folder
            ClassifierConfig memberConfig = members == 1 ? config : config.toBuilder().seed(config.seed() + k).build();
            // an ensemble's member k runs in FOLDER/member-k; a resumed ensemble starts afresh the
            // members the interrupted run had not begun
            Path memberFolder = members == 1 || run.folder() == null ? null : run.folder().resolve("member-" + k);
            RunOptions memberRun = memberFolder == null ? run
                    : new RunOptions(memberFolder, run.resume() && Files.isDirectory(memberFolder), run.quiet());
            String prefix = members == 1 ? "" : "member " + (k + 1) + "/" + members + ": ";
            Consumer<String> memberOut = line -> out.accept(prefix + line);
            Member trained = trainMember(train.size(), trainIds, trainLabels, devIds, devLabels, vocabulary, labels,
                    memberConfig, pretrained, pretrainedEmbeddings, table, devScores, memberRun, memberOut);
            networks.add(trained.network());
            summaries.add(trained.summary());
        }
        if (members > 1) {
            out.accept(String.format(Locale.ROOT, "ensemble of %d networks (mean of their logits): dev accuracy %.4f",
                    members, accuracy(argmaxRows(ensembleLogits(networks, devIds, config.maxLength()),
                            devLabels.length, classCount), devLabels)));
        }
        NgramNaiveBayes ngrams = null;
        float[] devLogits = ensembleLogits(networks, devIds, config.maxLength());
        if (table != null) {
            double[] chosen = bestWeight(devLogits, devScores, devLabels, classCount);
            ngrams = table.withWeight(chosen[0]);
            out.accept(String.format(Locale.ROOT, "n-gram expert (order %d, characters up to %d, %,d n-grams): weight"
                            + " %s, dev accuracy %.4f (network%s alone %.4f)", config.ngramOrder(),
                    config.charNgramOrder(), ngrams.size(),
                    Double.toString(chosen[0]), chosen[1], members == 1 ? "" : "s",
                    accuracy(argmaxRows(devLogits, devLabels.length, classCount), devLabels)));
        }
        // the model is chosen; now only how sure it says it is: one temperature for the combined logits
        double[] devCombined = combinedLogits(devLogits, devScores, ngrams, classCount);
        // the dev metrics of the model as chosen, before the dev texts may join the table below
        MetricsReport devMetrics = metrics(devCombined, devLabels, labels);
        double temperature = 1.0;
        if (!java.util.Arrays.stream(devCombined).allMatch(Double::isFinite)) {
            // a diverged network: nothing to calibrate; keep the probabilities as they are
            out.accept("temperature 1: the dev logits are not all finite, so no temperature was fitted");
        } else {
            temperature = TemperatureScaling.fit(devCombined, devLabels, classCount);
            out.accept(String.format(Locale.ROOT, "temperature %.4f (fitted on dev): dev NLL %.4f -> %.4f, expected"
                            + " calibration error (%d bins) %.4f -> %.4f", temperature,
                    TemperatureScaling.negativeLogLikelihood(devCombined, devLabels, classCount, 1),
                    TemperatureScaling.negativeLogLikelihood(devCombined, devLabels, classCount, temperature),
                    TemperatureScaling.ECE_BINS,
                    TemperatureScaling.expectedCalibrationError(devCombined, devLabels, classCount, 1,
                            TemperatureScaling.ECE_BINS),
                    TemperatureScaling.expectedCalibrationError(devCombined, devLabels, classCount, temperature,
                            TemperatureScaling.ECE_BINS)));
        }
        if (config.countDevNgrams() && ngrams != null && ngrams.weight() > 0) {
            // everything tuned on dev is chosen (epochs, weight, temperature); naive Bayes has nothing
            // else to fit, so its counts may now include the dev texts: more phrases for the table
            // (MR 10-fold means +0.12, +0.39, +0.09 points on seeds 1, 2, 3; RESULTS.md)
            List<List<String>> tableTexts = new ArrayList<>(trainTokens.size() + devTokens.size());
            tableTexts.addAll(trainTokens);
            tableTexts.addAll(devTokens);
            int[] tableLabels = java.util.Arrays.copyOf(trainLabels, trainLabels.length + devLabels.length);
            System.arraycopy(devLabels, 0, tableLabels, trainLabels.length, devLabels.length);
            ngrams = NgramNaiveBayes.fit(tableTexts, tableLabels, classCount, config.ngramOrder(),
                    config.charNgramOrder(), config.ngramSmoothing()).withWeight(ngrams.weight());
            out.accept(String.format(Locale.ROOT, "n-gram expert counted again over the %d training and %d dev"
                    + " texts (weight and temperature kept): %,d n-grams", trainTokens.size(), devTokens.size(),
                    ngrams.size()));
        }
        return new TextClassifier(config, vocabulary, labels, networks, summaries, ngrams, temperature, devMetrics);
    }

    /**
     * Accuracy, precision, recall, F1 and the confusion matrix of the argmax of combined logits
     * (N, C) row-major against the true label indices; see {@link #evaluate} for the averages.
     */
    private static MetricsReport metrics(double[] logits, int[] truth, LabelSet labels) {
        int[] predicted = new int[truth.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = TemperatureScaling.argmax(logits, i, labels.size());
        }
        ConfusionMatrix matrix = ConfusionMatrix.of(truth, predicted, labels.size());
        return labels.size() == 2
                ? MetricsReport.binary(matrix, 1, labels.labels())
                : MetricsReport.of(matrix, Average.MACRO, labels.labels());
    }

    /**
     * The logits the model predicts from, (N, C) row-major: the (ensemble's mean) network logits
     * plus, when there is an n-gram expert with a weight above 0, its weight times its scores.
     *
     * @param scores the expert's scores of each row's text, or null when {@code ngrams} is null
     */
    private static double[] combinedLogits(float[] networkLogits, double[][] scores, NgramNaiveBayes ngrams,
                                           int classes) {
        double[] out = new double[networkLogits.length];
        boolean expert = ngrams != null && ngrams.weight() != 0;
        for (int i = 0; i < out.length / classes; i++) {
            for (int c = 0; c < classes; c++) {
                out[i * classes + c] = networkLogits[i * classes + c]
                        + (expert ? ngrams.weight() * scores[i][c] : 0);
            }
        }
        return out;
    }

    /** One trained network of the ensemble and how its training went. */
    private record Member(SequenceClassifier network, TrainingSummary summary) {
    }

    /**
     * Trains one network on the encoded training texts, choosing its epoch by dev accuracy (of the
     * network plus the n-gram expert at its best weight when {@code table} is not null).
     */
    private static Member trainMember(int trainSize, List<int[]> trainIds, int[] trainLabels, List<int[]> devIds,
                                      int[] devLabels, Vocabulary vocabulary, LabelSet labels,
                                      ClassifierConfig config, PretrainedEmbeddings pretrained,
                                      Path pretrainedEmbeddings, NgramNaiveBayes table, double[][] devScores,
                                      RunOptions run, Consumer<String> out) {
        long start = System.nanoTime();
        int classCount = labels.size();
        Rng rng = new Rng(config.seed());
        SequenceClassifier model = new SequenceClassifier(modelConfig(config, vocabulary.size(), labels.size()), rng);
        scaleEmbeddings(model, config.embeddingInitStd());
        if (pretrained != null) {
            copyPretrained(model, pretrained);
            out.accept(String.format(Locale.ROOT, "embeddings: %d of %d words found in %s", pretrained.hits(),
                    vocabulary.size() - 2, pretrainedEmbeddings));
        }
        out.accept(String.format(Locale.ROOT, "data: %d training and %d dev examples, %d classes %s, vocabulary %d;"
                        + " model: %,d parameters", trainSize, devIds.size(), labels.size(), labels.labels(),
                vocabulary.size(), model.parameterCount()));

        Adam optimizer = new Adam(model.parameters(), config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(),
                false);
        LengthBucketBatcher batcher = new LengthBucketBatcher(config.batchSize(), config.maxLength(), true,
                config.seed());
        int batchesPerEpoch = batcher.batches(trainIds, trainLabels, 1).size(); // the same for every epoch
        BatchSource<LengthBucketBatcher.Batch> source = new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
                return batchesPerEpoch;
            }

            @Override
            public Iterator<LengthBucketBatcher.Batch> batches(int epoch, Rng epochRng) {
                // the batcher's order is a function of (seed, epoch) alone, as the trainer requires
                return batcher.batches(trainIds, trainLabels, epoch + 1).iterator();
            }
        };
        Rng wordRng = new Rng(config.seed() * 31 + 17);
        ClassifierConfig settings = config;
        StepFunction<SequenceClassifier, LengthBucketBatcher.Batch> step = (network, batch) -> {
            // ids: (B, T) batch-first, padded with 0; lengths decreasing
            int[] ids = settings.wordDropout() > 0 ? dropWords(batch, settings.wordDropout(), wordRng) : batch.ids();
            Tensor logits = network.forward(ids, batch.batchSize(), batch.maxLen(), batch.lengths()); // (B, C)
            return StepResult.of(Losses.crossEntropy(logits, batch.labels()), batch.batchSize());
        };
        // the trainer calls this in eval mode (dropout off) without gradients
        Evaluator<SequenceClassifier> devAccuracy = network -> Map.of("accuracy", table == null
                ? accuracy(predictIndices(network, devIds, settings.maxLength()), devLabels)
                : bestWeight(logits(network, devIds, settings.maxLength()), devScores, devLabels, classCount)[1]);
        List<Double> secondsPerEpoch = new ArrayList<>();
        long[] epochStart = {System.nanoTime()};
        // the parameters after epochs (1-based) best - 1, best, best + 1 and the latest one, for
        // averaging the best epoch with a neighbour; at most 4 copies of the parameters at a time
        Map<Integer, Map<String, Tensor>> snapshots = new java.util.HashMap<>();
        int[] bestSoFar = {0};
        Callback timer = new Callback() {
            @Override
            public void onEpochEnd(Trainer<?, ?> trainer, Callback.EpochInfo epoch) {
                if (settings.averageNeighbourEpochs()) {
                    Map<String, Tensor> copy = new LinkedHashMap<>();
                    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                        copy.put(e.getKey(), e.getValue().copy());
                    }
                    snapshots.put(epoch.epoch(), copy);
                    if (epoch.improved()) {
                        bestSoFar[0] = epoch.epoch();
                    }
                    int best = bestSoFar[0];
                    snapshots.keySet().removeIf(e -> e != epoch.epoch() && Math.abs(e - best) > 1);
                }
                long now = System.nanoTime();
                secondsPerEpoch.add((now - epochStart[0]) / 1e9);
                epochStart[0] = now;
            }
        };
        Trainer.Builder<SequenceClassifier, LengthBucketBatcher.Batch> builder =
                Trainer.builder(model, optimizer, source, step)
                        .epochs(config.epochs()).seed(config.seed()).evaluator(devAccuracy)
                        .restoreBestWeights(true).registerRng("dropout", rng).registerRng("word_dropout", wordRng)
                        .modelConfig(ModelFolder.configJson(config, vocabulary.size(), labels.size(), null))
                        .quiet(run.quiet()).callback(timer).output(linePrinter(out));
        if (run.folder() != null) {
            builder.outputDir(run.folder()).resume(run.resume());
        }
        if (config.patience() > 0) {
            builder.earlyStopping("val_accuracy", Mode.MAX, config.patience());
        } else {
            builder.monitor("val_accuracy", Mode.MAX);
        }
        if (config.gradClip() > 0) {
            builder.clipGradNorm(config.gradClip());
        }
        TrainResult result;
        try {
            result = builder.build().fit();
        } catch (IOException e) {
            throw new UncheckedIOException("training run folder " + run.folder() + ": " + e.getMessage(), e);
        }
        // the trainer has restored the best epoch's weights into the model
        int best = result.bestEpoch();
        Map<String, Tensor> bestState = snapshots.get(best);
        double keptDev = result.bestValue();
        if (config.averageNeighbourEpochs() && bestState != null) {
            double bestDev = devAccuracy.evaluate(model).get("accuracy");
            Map<String, Tensor> chosen = bestState;
            String chosenName = "epoch " + best;
            for (int other : new int[] {best + 1, best - 1}) {
                Map<String, Tensor> neighbour = snapshots.get(other);
                if (neighbour == null) {
                    continue;
                }
                Map<String, Tensor> mean = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : bestState.entrySet()) {
                    float[] a = e.getValue().toFloatArray();
                    float[] b = neighbour.get(e.getKey()).toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        a[i] = 0.5f * (a[i] + b[i]);
                    }
                    mean.put(e.getKey(), Tensor.of(a, e.getValue().shape()));
                }
                model.loadStateDict(mean, true);
                double averagedDev = devAccuracy.evaluate(model).get("accuracy");
                out.accept(String.format(Locale.ROOT, "mean of epochs %d and %d: dev accuracy %.4f (epoch %d: %.4f)",
                        best, other, averagedDev, best, bestDev));
                if (averagedDev > bestDev) {
                    bestDev = averagedDev;
                    chosen = mean;
                    chosenName = "epochs " + best + " and " + other;
                }
            }
            model.loadStateDict(chosen, true);
            keptDev = bestDev;
            out.accept("kept the parameters of " + chosenName);
        }
        snapshots.clear();
        List<EpochResult> epochs = new ArrayList<>();
        List<Map<String, Double>> history = result.history();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Double> row = history.get(i);
            int epoch = (int) Math.round(row.get("epoch"));
            // epochs from before a resume were not timed by this process
            int timed = i - (history.size() - secondsPerEpoch.size());
            double seconds = timed >= 0 ? secondsPerEpoch.get(timed) : Double.NaN;
            epochs.add(new EpochResult(epoch, row.get("loss"), row.get("val_accuracy"), seconds,
                    trainSize / seconds, epoch == result.bestEpoch()));
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.accept(String.format(Locale.ROOT, "kept epoch %d (dev accuracy %.4f); training took %.1f s",
                result.bestEpoch(), keptDev, total));
        TrainingSummary summary = new TrainingSummary(List.copyOf(epochs), result.bestEpoch(), keptDev,
                total, result.stoppedEarly());
        return new Member(model, summary);
    }

    /** Weights tried for the n-gram expert, in the order tried. */
    static final double[] NGRAM_WEIGHTS = {0, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3};

    private static double[][] ngramScores(NgramNaiveBayes table, List<List<String>> tokens) {
        double[][] out = new double[tokens.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = table.scores(tokens.get(i));
        }
        return out;
    }

    /**
     * The weight of the n-gram expert with the best dev accuracy of network + weight × n-gram scores
     * (ties: the weight nearest 0.5, the best on average over the MR folds), and that accuracy.
     *
     * @param devLogits the network's logits on the dev texts (N_dev, C)
     * @return {weight, accuracy}
     */
    private static double[] bestWeight(float[] devLogits, double[][] devScores, int[] devLabels, int classes) {
        double bestWeight = 0;
        double bestAccuracy = -1;
        int[] predicted = new int[devLabels.length];
        for (double weight : NGRAM_WEIGHTS) {
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = argmaxCombined(devLogits, i, classes, devScores[i], weight);
            }
            double accuracy = accuracy(predicted, devLabels);
            if (accuracy > bestAccuracy
                    || (accuracy == bestAccuracy && Math.abs(weight - 0.5) < Math.abs(bestWeight - 0.5))) {
                bestAccuracy = accuracy;
                bestWeight = weight;
            }
        }
        return new double[] {bestWeight, bestAccuracy};
    }

    /** The class with the largest {@code logits[i, c] + weight × scores[c]}. */
    private static int argmaxCombined(float[] logits, int i, int classes, double[] scores, double weight) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double value = logits[i * classes + c] + weight * scores[c];
            if (value > bestValue) {
                bestValue = value;
                best = c;
            }
        }
        return best;
    }

    /** A print stream that hands each printed line to {@code log}. */
    private static PrintStream linePrinter(Consumer<String> log) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    log.accept(line.toString(StandardCharsets.UTF_8).stripTrailing());
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** The network's architecture. */
    static SequenceClassifier.Config modelConfig(ClassifierConfig c, int vocabSize, int numClasses) {
        return new SequenceClassifier.Config(vocabSize, c.embeddingDim(), c.cell(), c.hiddenSize(), c.numLayers(),
                c.bidirectional(), c.dropout(), c.embeddingDropout(), c.pooling(), numClasses, Vocabulary.PAD_ID);
    }

    /** A copy of the batch's ids (B, T) with each real token replaced by {@code <unk>} with probability p. */
    private static int[] dropWords(LengthBucketBatcher.Batch batch, double p, Rng rng) {
        int[] ids = batch.ids().clone();
        int steps = batch.maxLen();
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                if (rng.nextDouble() < p) {
                    ids[b * steps + t] = Vocabulary.UNK_ID;
                }
            }
        }
        return ids;
    }

    /** Rescales the N(0, 1) initial embeddings to N(0, std²); the padding row stays zero. */
    private static void scaleEmbeddings(SequenceClassifier model, double std) {
        if (std == 1.0) {
            return;
        }
        Tensor weight = model.embedding().weight(); // (V, E)
        for (int i = 0; i < weight.numel(); i++) {
            weight.setFlat(i, weight.getFlat(i) * std);
        }
    }

    private static void copyPretrained(SequenceClassifier model, PretrainedEmbeddings pretrained) {
        Tensor weight = model.embedding().weight(); // (V, E)
        int dim = pretrained.dimension();
        float[] source = pretrained.weights();
        for (int row = 0; row < pretrained.vocabularySize(); row++) {
            if (row == Vocabulary.PAD_ID || !pretrained.found()[row]) {
                continue;
            }
            for (int j = 0; j < dim; j++) {
                weight.setFlat(row * dim + j, source[row * dim + j]);
            }
        }
    }

    private static List<List<String>> tokenizeAll(List<LabeledText> examples, Tokenizer tokenizer) {
        List<List<String>> out = new ArrayList<>(examples.size());
        for (LabeledText example : examples) {
            if (example == null || example.text() == null) {
                throw new IllegalArgumentException("examples must not hold null examples or texts");
            }
            List<String> tokens = tokenizer.tokenize(example.text());
            if (tokens.isEmpty()) {
                throw emptyText(example);
            }
            out.add(tokens);
        }
        return out;
    }

    private static RuntimeException emptyText(LabeledText example) {
        String problem = "empty text: no tokens in \"" + example.text() + "\"";
        return example.source() != null
                ? new DataFormatException(example.source(), example.line(), problem)
                : new IllegalArgumentException(example.location() + ": " + problem);
    }

    private static List<int[]> encodeAll(List<List<String>> tokens, Vocabulary vocabulary) {
        List<int[]> out = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) {
            out.add(vocabulary.encode(t));
        }
        return out;
    }

    private static int[] labelIndices(List<LabeledText> examples, LabelSet labels) {
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            LabeledText example = examples.get(i);
            if (example == null || example.label() == null || !labels.contains(example.label())) {
                String problem = "unknown label \"" + (example == null ? null : example.label())
                        + "\"; the model knows " + labels.labels();
                throw example != null && example.source() != null
                        ? new DataFormatException(example.source(), example.line(), problem)
                        : new IllegalArgumentException((example == null ? "example " + i : example.location()) + ": "
                        + problem);
            }
            out[i] = labels.index(example.label());
        }
        return out;
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    // ------------------------------------------------------------------ inference

    /** The network's logits (N, C) row-major for encoded sequences, in their order; model in eval mode. */
    private static float[] logits(SequenceClassifier model, List<int[]> ids, int maxLength) {
        int classes = model.config().outputs();
        float[] out = new float[ids.size() * classes];
        model.eval();
        LengthBucketBatcher batcher = new LengthBucketBatcher(EVAL_BATCH, maxLength, true, 0);
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (LengthBucketBatcher.Batch batch : batcher.evaluationBatches(ids, null)) {
                float[] z = model.forward(batch.ids(), batch.batchSize(), batch.maxLen(), batch.lengths())
                        .toFloatArray(); // (B, C)
                for (int b = 0; b < batch.batchSize(); b++) {
                    System.arraycopy(z, b * classes, out, batch.indices()[b] * classes, classes);
                }
            }
        }
        return out;
    }

    /**
     * The ensemble's logits (N, C) row-major: the mean of its networks' logits (for one network,
     * exactly that network's logits). Logits rather than probabilities are averaged because the
     * n-gram expert is added in logit space, with a weight tuned on this very mean.
     */
    private static float[] ensembleLogits(List<SequenceClassifier> networks, List<int[]> ids, int maxLength) {
        float[] sum = logits(networks.get(0), ids, maxLength);
        if (networks.size() == 1) {
            return sum;
        }
        for (int k = 1; k < networks.size(); k++) {
            float[] z = logits(networks.get(k), ids, maxLength);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += z[i];
            }
        }
        float scale = 1f / networks.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= scale;
        }
        return sum;
    }

    /** The combined logits (N, C) row-major of encoded texts (see {@link #combinedLogits(float[], double[][], NgramNaiveBayes, int)}). */
    private double[] combinedLogits(List<int[]> ids, List<List<String>> tokens) {
        double[][] scores = ngrams == null || ngrams.weight() == 0 ? null : ngramScores(ngrams, tokens);
        return combinedLogits(ensembleLogits(networks, ids, config.maxLength()), scores, ngrams, labels.size());
    }

    /**
     * Class probabilities (N, C) row-major: softmax of the combined logits (the ensemble's mean
     * network logits plus, when there is an n-gram expert, its weight times its scores) divided by
     * the temperature.
     */
    private static float[] probabilities(double[] logits, int classes, double temperature) {
        float[] out = new float[logits.length];
        double[] row = new double[classes];
        for (int i = 0; i < logits.length / classes; i++) {
            TemperatureScaling.softmax(logits, i, classes, temperature, row);
            for (int c = 0; c < classes; c++) {
                out[i * classes + c] = (float) row[c];
            }
        }
        return out;
    }

    /** The network's own predictions (no n-gram expert): what the trainer's dev accuracy measures. */
    private static int[] predictIndices(SequenceClassifier model, List<int[]> ids, int maxLength) {
        return argmaxRows(logits(model, ids, maxLength), ids.size(), model.config().outputs());
    }

    private static int[] argmaxRows(float[] probs, int rows, int classes) {
        int[] out = new int[rows];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probs[i * classes + c] > probs[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * The label of one text, with the probability of every label.
     *
     * @throws IllegalArgumentException if {@code text} is null or has no tokens (empty or blank)
     */
    public Prediction predict(String text) {
        return predictTokens(List.of(tokensOf(text, "text"))).get(0);
    }

    /**
     * Predictions for many texts at once (faster than one by one: batched by length).
     *
     * @throws IllegalArgumentException if the list is null or a text is null or has no tokens
     *     (naming its index)
     */
    public List<Prediction> predictAll(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        List<List<String>> tokens = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            tokens.add(tokensOf(texts.get(i), "texts[" + i + "]"));
        }
        return predictTokens(tokens);
    }

    /** Predictions for tokenized texts, each with at least one token. */
    private List<Prediction> predictTokens(List<List<String>> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<int[]> ids = encodeAll(tokens, vocabulary);
        int classes = labels.size();
        double[] logits = combinedLogits(ids, tokens);
        float[] probs = probabilities(logits, classes, temperature);
        List<Prediction> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Map<String, Double> byLabel = new LinkedHashMap<>();
            for (int c = 0; c < classes; c++) {
                byLabel.put(labels.label(c), (double) probs[i * classes + c]);
            }
            // the label is the argmax of the logits, so the temperature cannot change it
            int best = TemperatureScaling.argmax(logits, i, classes);
            out.add(new Prediction(labels.label(best), Collections.unmodifiableMap(byLabel)));
        }
        return out;
    }

    /** The tokens of a text to predict; {@code name} names it in the error for null or no tokens. */
    private List<String> tokensOf(String text, String name) {
        if (text == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        List<String> tokens = tokenizer.tokenize(text);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty text (no tokens in \"" + text + "\")");
        }
        return tokens;
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
        int classes = labels.size();
        int bins = TemperatureScaling.ECE_BINS;
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
        int[] truth = scored.truth();
        double[] logits = scored.logits();
        return withTemperature(TemperatureScaling.fit(logits, truth, labels.size()));
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
        int[] truth = labelIndices(examples, labels);
        List<List<String>> tokens = tokenizeAll(examples, tokenizer);
        return new LabelledLogits(truth, combinedLogits(encodeAll(tokens, vocabulary), tokens));
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
        return metrics(scored.logits(), scored.truth(), labels);
    }

    // ------------------------------------------------------------------ files

    /**
     * Saves to {@code folder} (created if needed): {@code weights.safetensors},
     * {@code vocab.json}, {@code labels.json}, then {@code config.json}; each atomically.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public void save(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("folder must not be null");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model folder " + folder + ": " + e.getMessage(), e);
        }
        Map<String, String> metadata = Map.of("task", ModelFolder.TASK, "format_version",
                Integer.toString(ModelFolder.FORMAT_VERSION));
        for (int k = 0; k < networks.size(); k++) {
            Path weightsFile = folder.resolve(ModelFolder.weightsFile(k));
            try {
                SafeTensors.write(weightsFile, networks.get(k).stateDict(), metadata);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + weightsFile + ": " + e.getMessage(), e);
            }
        }
        ModelFolder.writeAtomically(folder.resolve(ModelFolder.VOCAB), vocabulary::save);
        ModelFolder.writeAtomically(folder.resolve(ModelFolder.LABELS), labels::save);
        if (ngrams != null) {
            ModelFolder.writeAtomically(folder.resolve(ModelFolder.NGRAMS), ngrams::save);
        }
        ModelFolder.writeJsonAtomically(folder.resolve(ModelFolder.CONFIG),
                ModelFolder.configJson(config, vocabulary.size(), labels.size(), temperature, summaryJson()));
    }

    /** Member 0's training summary; for an ensemble also {@code "members"}: every member's, in order. */
    private ObjectNode summaryJson() {
        if (summaries == null) {
            return null;
        }
        ObjectNode node = summaryJson(summaries.get(0));
        if (summaries.size() > 1) {
            ArrayNode members = node.putArray("members");
            for (TrainingSummary member : summaries) {
                members.add(summaryJson(member));
            }
        }
        return node;
    }

    private static ObjectNode summaryJson(TrainingSummary summary) {
        ObjectNode node = ModelFolder.JSON.createObjectNode();
        node.put("best_epoch", summary.bestEpoch());
        node.put("best_dev_accuracy", summary.bestDevAccuracy());
        node.put("seconds", summary.seconds());
        node.put("stopped_early", summary.stoppedEarly());
        ArrayNode epochs = node.putArray("epochs");
        for (EpochResult e : summary.epochs()) {
            ObjectNode row = epochs.addObject();
            row.put("epoch", e.epoch());
            row.put("train_loss", e.trainLoss());
            row.put("dev_accuracy", e.devAccuracy());
            row.put("seconds", e.seconds());
        }
        return node;
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
        ModelFolder.ConfigFile configFile = ModelFolder.readConfig(folder);
        ClassifierConfig config = configFile.config();
        Path vocabFile = folder.resolve(ModelFolder.VOCAB);
        Path labelsFile = folder.resolve(ModelFolder.LABELS);
        for (Path required : List.of(vocabFile, labelsFile, folder.resolve(ModelFolder.WEIGHTS))) {
            if (!Files.isRegularFile(required)) {
                throw new ModelFolderException(required, "missing; a text classifier model folder holds "
                        + ModelFolder.expectedFiles());
            }
        }
        for (int k = 1; k < config.ensembleSize(); k++) {
            Path member = folder.resolve(ModelFolder.weightsFile(k));
            if (!Files.isRegularFile(member)) {
                throw new ModelFolderException(member, "missing; config.json says ensemble_size "
                        + config.ensembleSize() + ", so the folder must hold " + ModelFolder.WEIGHTS + " and "
                        + ModelFolder.weightsFile(1) + " .. " + ModelFolder.weightsFile(config.ensembleSize() - 1));
            }
        }
        Vocabulary vocabulary;
        LabelSet labels;
        try {
            vocabulary = Vocabulary.load(vocabFile);
        } catch (DataFormatException e) {
            throw ModelFolder.wrap(vocabFile, "vocabulary", e);
        }
        try {
            labels = LabelSet.load(labelsFile);
        } catch (DataFormatException e) {
            throw ModelFolder.wrap(labelsFile, "label set", e);
        }
        if (vocabulary.size() != configFile.vocabSize()) {
            throw new ModelFolderException(vocabFile, "holds " + vocabulary.size() + " tokens but config.json says"
                    + " vocab_size " + configFile.vocabSize());
        }
        if (labels.size() != configFile.numClasses()) {
            throw new ModelFolderException(labelsFile, "holds " + labels.size() + " labels but config.json says"
                    + " num_classes " + configFile.numClasses());
        }
        List<SequenceClassifier> networks = new ArrayList<>(config.ensembleSize());
        for (int k = 0; k < config.ensembleSize(); k++) {
            networks.add(loadNetwork(folder.resolve(ModelFolder.weightsFile(k)), config, vocabulary.size(),
                    labels.size()));
        }
        NgramNaiveBayes ngrams = null;
        if (config.ngramOrder() > 0) {
            Path ngramsFile = folder.resolve(ModelFolder.NGRAMS);
            if (!Files.isRegularFile(ngramsFile)) {
                throw new ModelFolderException(ngramsFile, "missing; config.json says ngram_order "
                        + config.ngramOrder() + ", so the folder must hold the n-gram table");
            }
            try {
                ngrams = NgramNaiveBayes.load(ngramsFile);
            } catch (DataFormatException e) {
                throw ModelFolder.wrap(ngramsFile, "n-gram table", e);
            }
            if (ngrams.order() != config.ngramOrder() || ngrams.numClasses() != labels.size()
                    || ngrams.charOrder() != config.charNgramOrder()) {
                throw new ModelFolderException(ngramsFile, "has order " + ngrams.order() + ", character order "
                        + ngrams.charOrder() + " and " + ngrams.numClasses() + " classes but config.json says"
                        + " ngram_order " + config.ngramOrder() + ", char_ngram_order " + config.charNgramOrder()
                        + " and num_classes " + labels.size());
            }
        }
        return new TextClassifier(config, vocabulary, labels, networks, null, ngrams, configFile.temperature(), null);
    }

    /** One network's weights, checked against the config. */
    private static SequenceClassifier loadNetwork(Path weightsFile, ClassifierConfig config, int vocabSize,
                                                  int numClasses) {
        SafeTensorsFile weights;
        try {
            weights = SafeTensors.read(weightsFile);
        } catch (IOException | RuntimeException e) {
            throw new ModelFolderException(weightsFile, "cannot read weights: " + e.getMessage(), e);
        }
        String task = weights.meta("task");
        if (task != null && !task.equals(ModelFolder.TASK)) {
            throw new ModelFolderException(weightsFile, "weights of a model for another task (\"task\": \"" + task
                    + "\"), not a text classifier");
        }
        SequenceClassifier model = new SequenceClassifier(modelConfig(config, vocabSize, numClasses),
                new Rng(config.seed()));
        try {
            model.loadStateDict(weights.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(weightsFile, "weights do not fit config.json: " + e.getMessage(), e);
        }
        return model;
    }

    // ------------------------------------------------------------------ accessors

    public ClassifierConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelSet labels() {
        return labels;
    }

    /** The first (or only) network of the ensemble (parameters under PyTorch names). */
    public SequenceClassifier model() {
        return networks.get(0);
    }

    /**
     * Every network of the ensemble ({@link ClassifierConfig#ensembleSize()} of them; member k was
     * trained with seed {@code config.seed() + k}); predictions use the mean of their logits.
     */
    public List<SequenceClassifier> members() {
        return networks;
    }

    /** The n-gram expert added to the network's logits, or null when the config's ngramOrder is 0. */
    public NgramNaiveBayes ngramExpert() {
        return ngrams;
    }

    /**
     * The temperature T that divides the combined logits before the softmax: fitted on the dev set
     * by {@link #train} ({@link TemperatureScaling#fit}), read from {@code config.json} by
     * {@link #load} (1 for folders saved before temperature scaling existed). Always a finite
     * number &gt; 0; it changes probabilities, never labels.
     */
    public double temperature() {
        return temperature;
    }

    /**
     * This classifier with another temperature (1 gives the uncalibrated probabilities). The copy
     * shares the networks, vocabulary and n-gram table with this one, so use the two from one thread.
     *
     * @throws IllegalArgumentException unless {@code newTemperature} is a finite number &gt; 0
     */
    public TextClassifier withTemperature(double newTemperature) {
        TemperatureScaling.checkTemperature(newTemperature);
        return new TextClassifier(config, vocabulary, labels, networks, summaries, ngrams, newTemperature,
                devMetrics);
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
