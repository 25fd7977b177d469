package dev.rnn4j.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How the n-gram expert joins the networks, and how sure the result may say it is: the expert's
 * weight chosen on dev, the combined logits {@code network + weight × n-gram scores}, the
 * temperature fitted on the combined dev logits ({@link TemperatureScaling}), and the table counted
 * again over the training and dev texts once everything tuned on dev is chosen. Stateless.
 *
 * <p>Logits are (N, C) row-major: row i holds the C class logits of text i.
 */
final class NgramMixing {

    /** Weights tried for the n-gram expert, in the order tried. */
    static final double[] NGRAM_WEIGHTS = {0, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3};

    private NgramMixing() {
    }

    /**
     * The expert's weight with the best dev accuracy and that accuracy.
     *
     * @param weight   one of {@link #NGRAM_WEIGHTS}
     * @param accuracy dev accuracy of network + weight × n-gram scores
     */
    record WeightChoice(double weight, double accuracy) {
    }

    /** The expert's class scores (C log-likelihoods) of each tokenized text, in order. */
    static double[][] scores(NgramNaiveBayes table, List<List<String>> tokens) {
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
     * @param devScores the expert's scores of the dev texts (N_dev rows of C)
     */
    static WeightChoice bestWeight(float[] devLogits, double[][] devScores, int[] devLabels, int classes) {
        double bestWeight = 0;
        double bestAccuracy = -1;
        int[] predicted = new int[devLabels.length];
        for (double weight : NGRAM_WEIGHTS) {
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = argmaxCombined(devLogits, i, classes, devScores[i], weight);
            }
            double accuracy = TextEncoding.accuracy(predicted, devLabels);
            if (accuracy > bestAccuracy
                    || (accuracy == bestAccuracy && Math.abs(weight - 0.5) < Math.abs(bestWeight - 0.5))) {
                bestAccuracy = accuracy;
                bestWeight = weight;
            }
        }
        return new WeightChoice(bestWeight, bestAccuracy);
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

    /**
     * The logits the model predicts from, (N, C) row-major: the (ensemble's mean) network logits
     * plus, when there is an n-gram expert with a weight other than 0, its weight times its scores.
     *
     * @param scores the expert's scores of each row's text; unused (may be null) without an expert
     *     of weight other than 0
     */
    static double[] combine(float[] networkLogits, double[][] scores, NgramNaiveBayes ngrams, int classes) {
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

    /**
     * The temperature of the chosen model, fitted on its combined dev logits; 1 when they are not
     * all finite (a diverged network: nothing to calibrate). Logs one line either way.
     */
    static double fitTemperature(double[] devCombined, int[] devLabels, int classes, Consumer<String> out) {
        if (!Arrays.stream(devCombined).allMatch(Double::isFinite)) {
            out.accept("temperature 1: the dev logits are not all finite, so no temperature was fitted");
            return 1.0;
        }
        double temperature = TemperatureScaling.fit(devCombined, devLabels, classes);
        int bins = TemperatureScaling.ECE_BINS;
        out.accept(String.format(Locale.ROOT, "temperature %.4f (fitted on dev): dev NLL %.4f -> %.4f, expected"
                        + " calibration error (%d bins) %.4f -> %.4f", temperature,
                TemperatureScaling.negativeLogLikelihood(devCombined, devLabels, classes, 1),
                TemperatureScaling.negativeLogLikelihood(devCombined, devLabels, classes, temperature), bins,
                TemperatureScaling.expectedCalibrationError(devCombined, devLabels, classes, 1, bins),
                TemperatureScaling.expectedCalibrationError(devCombined, devLabels, classes, temperature, bins)));
        return temperature;
    }

    /**
     * The n-gram table counted again over the training and the dev texts, with the chosen weight
     * kept: everything tuned on dev is chosen (epochs, weight, temperature), naive Bayes has nothing
     * else to fit, so its counts may now include the dev texts (more phrases for the table; see
     * RESULTS.md for what it gives on MR). Logs one line.
     */
    static NgramNaiveBayes recountWithDev(List<List<String>> trainTokens, int[] trainLabels,
                                          List<List<String>> devTokens, int[] devLabels, int classes,
                                          ClassifierConfig config, double weight, Consumer<String> out) {
        List<List<String>> tableTexts = new ArrayList<>(trainTokens.size() + devTokens.size());
        tableTexts.addAll(trainTokens);
        tableTexts.addAll(devTokens);
        int[] tableLabels = Arrays.copyOf(trainLabels, trainLabels.length + devLabels.length);
        System.arraycopy(devLabels, 0, tableLabels, trainLabels.length, devLabels.length);
        NgramNaiveBayes table = NgramNaiveBayes.fit(tableTexts, tableLabels, classes, config.ngramOrder(),
                config.charNgramOrder(), config.ngramSmoothing()).withWeight(weight);
        out.accept(String.format(Locale.ROOT, "n-gram expert counted again over the %d training and %d dev"
                + " texts (weight and temperature kept): %,d n-grams", trainTokens.size(), devTokens.size(),
                table.size()));
        return table;
    }
}
