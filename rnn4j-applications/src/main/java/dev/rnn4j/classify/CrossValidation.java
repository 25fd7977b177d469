package dev.rnn4j.classify;

import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.text.DataSplits;
import dev.rnn4j.text.LabeledText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * K-fold cross-validation of a {@link TextClassifier}, as MR results are usually reported (Kim
 * 2014: 10 folds).
 *
 * <p>The data are shuffled with the config's seed and cut into {@code k} folds
 * ({@link DataSplits#kFold}). For fold {@code i}, the other folds are split once more into training
 * and dev parts ({@link DataSplits#holdOut} with {@code devFraction} and the same seed); the model
 * is trained on the training part, its epoch chosen on the dev part, and it is scored on fold
 * {@code i}, which it never saw. The result holds each fold's report and the mean and sample
 * standard deviation (n − 1) of the accuracies.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    /**
     * @param folds one report per fold, on that fold's held-out examples
     * @param accuracies the folds' accuracies
     * @param meanAccuracy mean of {@code accuracies}
     * @param stdAccuracy sample standard deviation (n − 1) of {@code accuracies}
     * @param seconds wall time of the whole run
     */
    public record Result(List<MetricsReport> folds, double[] accuracies, double meanAccuracy, double stdAccuracy,
                         double meanF1, double seconds) {
    }

    /**
     * Runs {@code k}-fold cross-validation.
     *
     * @param data all labelled examples
     * @param k number of folds, at least 2
     * @param devFraction part of each fold's training data held out for epoch selection, in (0, 1)
     * @param config model and training settings (its seed also seeds the folds)
     * @param pretrainedEmbeddings GloVe/word2vec text file, or null
     * @param log progress lines
     * @throws IllegalArgumentException for invalid arguments (see {@link DataSplits} and
     *     {@link TextClassifier#train})
     */
    public static Result run(List<LabeledText> data, int k, double devFraction, ClassifierConfig config,
                             Path pretrainedEmbeddings, Consumer<String> log) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        Consumer<String> out = log == null ? line -> { } : log;
        long start = System.nanoTime();
        List<DataSplits.Split<LabeledText>> splits = DataSplits.kFold(data, k, config.seed());
        List<MetricsReport> reports = new ArrayList<>(k);
        double[] accuracies = new double[k];
        double f1Sum = 0;
        for (int fold = 0; fold < k; fold++) {
            DataSplits.Split<LabeledText> split = splits.get(fold);
            DataSplits.Split<LabeledText> inner = DataSplits.holdOut(split.train(), devFraction, config.seed());
            String prefix = "fold " + (fold + 1) + "/" + k + ": ";
            out.accept(prefix + inner.train().size() + " train, " + inner.dev().size() + " dev, "
                    + split.dev().size() + " test");
            TextClassifier classifier = TextClassifier.train(inner.train(), inner.dev(), config, pretrainedEmbeddings,
                    line -> out.accept(prefix + line));
            MetricsReport report = classifier.evaluate(split.dev());
            reports.add(report);
            accuracies[fold] = report.accuracy();
            f1Sum += report.f1();
            out.accept(String.format(Locale.ROOT, "%stest accuracy %.4f, f1 %.4f", prefix, report.accuracy(),
                    report.f1()));
        }
        double mean = 0;
        for (double a : accuracies) {
            mean += a;
        }
        mean /= k;
        double squares = 0;
        for (double a : accuracies) {
            squares += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(squares / (k - 1));
        return new Result(List.copyOf(reports), accuracies, mean, std, f1Sum / k, (System.nanoTime() - start) / 1e9);
    }
}
