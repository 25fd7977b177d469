package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.CrossValidation;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.classify.TrainingSummary;
import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.text.DataSplits;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j classify train}: trains a text classifier (or runs K-fold cross-validation) and saves
 * it; the data options and JSON helpers are {@link ClassifyCommand}'s, shared with eval.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a classifier and saves it to --out. The epoch with the best dev accuracy is kept"
                + " and then scored on --test. Without --dev, --dev-split of the training data (seeded) is the dev"
                + " set. With --cv K, runs K-fold cross-validation on --train instead and reports mean and std."
                + " The defaults reach the results in RESULTS.md; see ClassifierConfig.")
final class ClassifyTrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--train", required = true, description = "Training data (file, folder or file prefix).")
    Path train;

    @Option(names = "--dev", description = "Dev data for choosing the epoch (default: --dev-split of --train).")
    Path dev;

    @Option(names = "--test", description = "Test data, scored once with the chosen epoch.")
    Path test;

    @picocli.CommandLine.Mixin
    ClassifyCommand.DataOptions data = new ClassifyCommand.DataOptions();

    @Option(names = "--dev-split", description = "Fraction of --train held out as dev when there is no --dev"
            + " (default: ${DEFAULT-VALUE}).")
    double devSplit = 0.1;

    @Option(names = "--phrases", description = "Sentiment trees: train on every labelled phrase, not only the"
            + " sentences (dev and test stay sentences).")
    boolean phrases;

    @Option(names = "--cell", description = "lstm, gru or rnn (default: lstm).")
    String cell;

    @Option(names = "--bidirectional", negatable = true, fallbackValue = "true",
            description = "Bidirectional recurrent layer (default: on; --no-bidirectional for one direction).")
    Boolean bidirectional;

    @Option(names = "--pooling", description = "last, max, mean or attention (default: max).")
    String pooling;

    @Option(names = "--embeddings", description = "GloVe/word2vec text file to initialise word embeddings.")
    Path embeddings;

    @Option(names = "--embedding-dim", description = "Embedding width (default: 300).")
    Integer embeddingDim;

    @Option(names = "--hidden", description = "Hidden size per direction (default: 150).")
    Integer hidden;

    @Option(names = "--layers", description = "Stacked recurrent layers (default: 1).")
    Integer layers;

    @Option(names = "--dropout", description = "Dropout on embeddings and before the classifier (default: 0.5).")
    Double dropout;

    @Option(names = "--word-dropout", description = "Probability of replacing a training token with <unk>"
            + " (default: 0).")
    Double wordDropout;

    @Option(names = "--min-freq", description = "Minimum word frequency for the vocabulary (default: 2).")
    Integer minFrequency;

    @Option(names = "--max-length", description = "Truncate texts to this many tokens, 0 = off (default: 0).")
    Integer maxLength;

    @Option(names = "--patience", description = "Early stopping patience in epochs, 0 = off (default: 2).")
    Integer patience;

    @Option(names = "--ngram-order", description = "Longest word n-gram of the naive Bayes expert added to the"
            + " network's logits (its weight is chosen on dev); 0 = the network alone (default: 3).")
    Integer ngramOrder;

    @Option(names = "--char-ngram-order", description = "Longest character n-gram (from 3, inside each word) the"
            + " naive Bayes expert also counts; 0 = words only (default: 5).")
    Integer charNgramOrder;

    @Option(names = "--ngram-smoothing", description = "Additive smoothing of the naive Bayes expert's counts"
            + " (default: 0.5).")
    Double ngramSmoothing;

    @Option(names = "--no-epoch-averaging", description = "Do not try the mean of the best epoch's weights with"
            + " its neighbours' (kept only when it scores higher on dev).")
    boolean noEpochAveraging;

    @Option(names = "--no-dev-ngrams", description = "Keep the n-gram table counted over the training texts"
            + " only (by default, once the epochs, its weight and the temperature are chosen on dev, it is"
            + " counted again over the training and dev texts).")
    boolean noDevNgrams;

    @Option(names = "--ensemble", paramLabel = "K", description = "Train K networks (seeds SEED .. SEED+K-1) on"
            + " the same data and average their logits; K >= 1 (default: 3; 1 is three times faster).")
    Integer ensemble;

    @Option(names = "--metrics-json", description = "Write the final dev and test metrics (or the CV results)"
            + " as JSON.")
    Path metricsJson;

    @Option(names = "--cv", description = "K-fold cross-validation on --train (K >= 2).")
    Integer cv;

    /** The shared training flags: --seed --epochs --batch-size --lr --threads --out --resume --quiet. */
    @picocli.CommandLine.Mixin
    TrainingFlags training = new TrainingFlags(10, 50, 2e-3);

    ClassifierConfig config() {
        ClassifierConfig.Builder b = ClassifierConfig.defaults().toBuilder();
        if (cell != null) {
            b.cell(switch (cell.strip().toLowerCase(Locale.ROOT)) {
                case "lstm" -> CellType.LSTM;
                case "gru" -> CellType.GRU;
                case "rnn", "rnn_tanh", "rnn-tanh" -> CellType.RNN_TANH;
                case "rnn_relu", "rnn-relu" -> CellType.RNN_RELU;
                default -> throw new IllegalArgumentException("--cell: expected lstm, gru or rnn, got \"" + cell
                        + "\"");
            });
        }
        if (pooling != null) {
            b.pooling(switch (pooling.strip().toLowerCase(Locale.ROOT)) {
                case "last" -> Pooling.LAST;
                case "max" -> Pooling.MAX;
                case "mean" -> Pooling.MEAN;
                case "attention" -> Pooling.ATTENTION;
                default -> throw new IllegalArgumentException("--pooling: expected last, max, mean or attention,"
                        + " got \"" + pooling + "\"");
            });
        }
        if (bidirectional != null) {
            b.bidirectional(bidirectional);
        }
        if (embeddingDim != null) {
            b.embeddingDim(embeddingDim);
        }
        if (hidden != null) {
            b.hiddenSize(hidden);
        }
        if (layers != null) {
            b.numLayers(layers);
        }
        if (dropout != null) {
            b.dropout(dropout).embeddingDropout(dropout);
        }
        if (wordDropout != null) {
            b.wordDropout(wordDropout);
        }
        if (minFrequency != null) {
            b.minFrequency(minFrequency);
        }
        if (maxLength != null) {
            b.maxLength(maxLength);
        }
        if (patience != null) {
            b.patience(patience);
        }
        if (ngramOrder != null) {
            b.ngramOrder(ngramOrder);
        }
        if (charNgramOrder != null) {
            b.charNgramOrder(charNgramOrder);
        }
        if (ngramSmoothing != null) {
            b.ngramSmoothing(ngramSmoothing);
        }
        if (noEpochAveraging) {
            b.averageNeighbourEpochs(false);
        }
        if (noDevNgrams) {
            b.countDevNgrams(false);
        }
        if (ensemble != null) {
            if (ensemble < 1) {
                throw new IllegalArgumentException("--ensemble: expected K >= 1 networks, got " + ensemble);
            }
            b.ensembleSize(ensemble);
        }
        b.seed(training.seed()).epochs(training.epochs()).batchSize(training.batchSize())
                .learningRate(training.lr());
        return b.build();
    }

    @Override
    public Integer call() {
        ClassifierConfig config = config();
        Path out = training.out();
        if (cv == null && out == null) {
            throw new IllegalArgumentException("--out: the model folder is required (unless --cv)");
        }
        if (!(devSplit > 0 && devSplit < 1)) {
            throw new IllegalArgumentException("--dev-split: expected a fraction in (0, 1), got " + devSplit);
        }
        Main.useThreads(null); // --threads, if given, was applied by TrainingFlags
        PrintStream log = System.out;
        ReadOptions options = data.readOptions();
        List<LabeledText> trainData = data.read(train, options.withPhrases(phrases));
        if (cv != null) {
            if (training.resume()) {
                throw new IllegalArgumentException("--resume: cross-validation runs are not checkpointed; drop"
                        + " --resume or --cv");
            }
            return crossValidate(config, trainData, out, log);
        }
        List<LabeledText> devData;
        if (dev != null) {
            devData = data.read(dev, labelsOf(options, trainData));
        } else {
            if (phrases) {
                log.println("note: without --dev, the dev set is held out of the training phrases, not sentences");
            }
            DataSplits.Split<LabeledText> split = DataSplits.holdOut(trainData, devSplit, config.seed());
            trainData = split.train();
            devData = split.dev();
            log.printf(Locale.ROOT, "dev: %d examples held out of %s (--dev-split %s, seed %d)%n", devData.size(),
                    train, devSplit, config.seed());
        }
        List<LabeledText> testData = test == null ? null : data.read(test, labelsOf(options, trainData));
        // the trainer's checkpoints and metrics.jsonl go to OUT/training, the model files to OUT
        TextClassifier.RunOptions run = new TextClassifier.RunOptions(out.resolve("training"), training.resume(),
                training.quiet());
        TextClassifier classifier = TextClassifier.train(trainData, devData, config, embeddings, run,
                log::println);
        classifier.save(out);
        log.println("saved model to " + out);
        // measured before the dev texts joined the n-gram table: with --dev-split and no --test
        // the dev set is the held-out set whose accuracy is reported
        MetricsReport devReport = classifier.devMetrics();
        log.println("dev: " + devReport);
        ObjectNode metrics = JSON.createObjectNode();
        metrics.set("dev", ClassifyCommand.reportJson(devReport));
        if (testData != null) {
            MetricsReport testReport = classifier.evaluate(testData);
            log.println("test: " + testReport);
            metrics.set("test", ClassifyCommand.reportJson(testReport));
        }
        metrics.put("best_epoch", classifier.summary().bestEpoch());
        // an ensemble (--ensemble K): member 0's best epoch, the training time of all members
        metrics.put("train_seconds", classifier.memberSummaries().stream()
                .mapToDouble(TrainingSummary::seconds).sum());
        if (metricsJson != null) {
            ClassifyCommand.writeJson(metricsJson, metrics);
        }
        return 0;
    }

    private static ReadOptions labelsOf(ReadOptions options, List<LabeledText> trainData) {
        return options.withLabels(trainData.stream().map(LabeledText::label).distinct().toList());
    }

    private int crossValidate(ClassifierConfig config, List<LabeledText> all, Path out, PrintStream log) {
        if (dev != null || test != null) {
            throw new IllegalArgumentException("--cv: cross-validation uses only --train; drop --dev and --test");
        }
        CrossValidation.Result result = CrossValidation.run(all, cv, devSplit, config, embeddings, log::println);
        log.printf(Locale.ROOT, "%d-fold cross-validation: accuracy mean %.4f, std %.4f (folds %s), mean f1 %.4f,"
                        + " %.0f s%n", cv, result.meanAccuracy(), result.stdAccuracy(),
                formatAccuracies(result.accuracies()), result.meanF1(), result.seconds());
        ObjectNode root = JSON.createObjectNode();
        root.put("folds", cv);
        root.put("accuracy_mean", result.meanAccuracy());
        root.put("accuracy_std", result.stdAccuracy());
        root.put("f1_mean", result.meanF1());
        root.put("seconds", result.seconds());
        ArrayNode folds = root.putArray("fold_metrics");
        result.folds().forEach(r -> folds.add(ClassifyCommand.reportJson(r)));
        if (metricsJson != null) {
            ClassifyCommand.writeJson(metricsJson, root);
        }
        if (out != null) {
            ClassifyCommand.writeJson(out.resolve("cv.json"), root);
        }
        return 0;
    }

    private static String formatAccuracies(double[] accuracies) {
        List<String> parts = new ArrayList<>();
        for (double a : accuracies) {
            parts.add(String.format(Locale.ROOT, "%.4f", a));
        }
        return String.join(" ", parts);
    }
}
