import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.NgramNaiveBayes;
import dev.rnn4j.text.DataSplits;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.ReadOptions;
import dev.rnn4j.text.TextDatasets;
import dev.rnn4j.text.WordTokenizer;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The n-gram table of the default classifier alone: multinomial naive Bayes over the default
 * features and smoothing, plus the classes' log-priors, counted from the same training part the
 * networks train on (no dev data: it has nothing to choose). Scores the MR split and MR 10-fold CV
 * with the folds and splits of {@code classify train --seed SEED}, and SST-2 (phrases → test).
 *
 * <pre>java -cp rnn4j-cli/target/rnn4j.jar tools/ablation/NaiveBayesAlone.java DATA SEED</pre>
 */
public class NaiveBayesAlone {

    private static final ClassifierConfig DEFAULTS = ClassifierConfig.defaults();
    private static final WordTokenizer TOKENIZER = new WordTokenizer(DEFAULTS.lowerCase(),
            DEFAULTS.splitPunctuation());

    /** Accuracy on {@code test} of the table counted over {@code train}. */
    static double accuracy(List<LabeledText> train, List<LabeledText> test) {
        List<String> labels = train.stream().map(LabeledText::label).distinct().sorted().toList();
        List<List<String>> texts = new ArrayList<>();
        int[] classes = new int[train.size()];
        double[] counts = new double[labels.size()];
        for (int i = 0; i < train.size(); i++) {
            texts.add(TOKENIZER.tokenize(train.get(i).text()));
            classes[i] = labels.indexOf(train.get(i).label());
            counts[classes[i]]++;
        }
        NgramNaiveBayes table = NgramNaiveBayes.fit(texts, classes, labels.size(), DEFAULTS.ngramOrder(),
                DEFAULTS.charNgramOrder(), DEFAULTS.ngramSmoothing());
        int right = 0;
        for (LabeledText example : test) {
            double[] scores = table.scores(TOKENIZER.tokenize(example.text()));
            int best = 0;
            for (int c = 0; c < scores.length; c++) {
                scores[c] += Math.log(counts[c] / train.size());
                if (scores[c] > scores[best]) {
                    best = c;
                }
            }
            if (labels.get(best).equals(example.label())) {
                right++;
            }
        }
        return (double) right / test.size();
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        List<LabeledText> mr = TextDatasets.read(data.resolve("mr-rt-polarity"),
                ReadOptions.defaults().withEncoding(Charset.forName("windows-1252")));
        DataSplits.Split<LabeledText> split = DataSplits.holdOut(mr, 0.1, seed);
        System.out.printf(Locale.ROOT, "seed %d MR split (held-out 10%%): %.4f%n", seed,
                accuracy(split.train(), split.dev()));
        // the folds of classify train --cv 10 --dev-split 0.1: the table counts the fold's training part
        List<DataSplits.Split<LabeledText>> folds = DataSplits.kFold(mr, 10, seed);
        double[] accuracies = new double[folds.size()];
        for (int f = 0; f < folds.size(); f++) {
            DataSplits.Split<LabeledText> inner = DataSplits.holdOut(folds.get(f).train(), 0.1, seed);
            accuracies[f] = accuracy(inner.train(), folds.get(f).dev());
        }
        double mean = Arrays.stream(accuracies).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum()
                / (accuracies.length - 1));
        System.out.printf(Locale.ROOT, "seed %d MR 10-fold CV: %.4f +- %.4f %s%n", seed, mean, std,
                Arrays.toString(accuracies));
        List<LabeledText> sstTrain = TextDatasets.read(data.resolve("sst-trees/train.txt"),
                ReadOptions.defaults().withBinary(true).withPhrases(true));
        List<LabeledText> sstTest = TextDatasets.read(data.resolve("sst2/stsa.binary.test"),
                ReadOptions.defaults().withLabels(sstTrain.stream().map(LabeledText::label).distinct().toList()));
        System.out.printf(Locale.ROOT, "SST-2 test (trained on the phrases; no seed involved): %.4f%n",
                accuracy(sstTrain, sstTest));
    }
}
