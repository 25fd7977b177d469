package dev.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Expected values: "hand" = computed by hand from the counts written next to them; "sklearn" =
 * scikit-learn 1.9.1 {@code sklearn.metrics} (accuracy_score, precision_score, recall_score,
 * f1_score with zero_division=0, confusion_matrix, roc_auc_score) run on the same arrays by
 * {@code tools/make_metrics_reference.py}.
 */
class ClassificationMetricsTest {

    private static final double EPS = 1e-12;

    // Case A, binary: TP = 3 (first three), FN = 1, FP = 2, TN = 4
    private static final int[] TRUTH_A = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    private static final int[] PRED_A = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0};

    // Case B, three classes; confusion matrix [[2,1,0],[0,1,1],[1,1,3]] (sklearn)
    private static final int[] TRUTH_B = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
    private static final int[] PRED_B = {0, 1, 0, 1, 2, 2, 2, 0, 2, 1};

    // Case C, four classes: class 1 is never predicted (precision 0/0), class 3 never occurs at all
    private static final int[] TRUTH_C = {0, 1, 2, 2, 0, 1, 2, 0};
    private static final int[] PRED_C = {0, 0, 2, 2, 2, 0, 2, 0};

    // Case D, three classes: class 2 is predicted once but never true (recall 0/0, support 0)
    private static final int[] TRUTH_D = {0, 0, 1, 1};
    private static final int[] PRED_D = {0, 2, 1, 1};

    @Test
    void binaryCaseMatchesHandCountsAndSklearn() {
        // hand: accuracy 7/10, precision 3/5, recall 3/4, F1 2*3/(2*3+2+1) = 2/3 (sklearn agrees)
        assertEquals(0.7, ClassificationMetrics.accuracy(TRUTH_A, PRED_A), EPS);
        assertEquals(0.6, ClassificationMetrics.precision(TRUTH_A, PRED_A, 2, 1), EPS);
        assertEquals(0.75, ClassificationMetrics.recall(TRUTH_A, PRED_A, 2, 1), EPS);
        assertEquals(2.0 / 3.0, ClassificationMetrics.f1(TRUTH_A, PRED_A, 2, 1), EPS);
        // hand, positive class 0: TP 4, FP 1, FN 2 -> P 4/5, R 4/6, F1 8/11 (sklearn pos_label=0 agrees)
        assertEquals(0.8, ClassificationMetrics.precision(TRUTH_A, PRED_A, 2, 0), EPS);
        assertEquals(0.6666666666666666, ClassificationMetrics.recall(TRUTH_A, PRED_A, 2, 0), EPS);
        assertEquals(0.7272727272727273, ClassificationMetrics.f1(TRUTH_A, PRED_A, 2, 0), EPS);
    }

    @Test
    void binaryCaseAveragesMatchSklearn() {
        // sklearn average=macro / micro / weighted
        assertEquals(0.7, ClassificationMetrics.precision(TRUTH_A, PRED_A, 2, Average.MACRO), EPS);
        assertEquals(0.7083333333333333, ClassificationMetrics.recall(TRUTH_A, PRED_A, 2, Average.MACRO), EPS);
        assertEquals(0.696969696969697, ClassificationMetrics.f1(TRUTH_A, PRED_A, 2, Average.MACRO), EPS);
        assertEquals(0.7, ClassificationMetrics.f1(TRUTH_A, PRED_A, 2, Average.MICRO), EPS);
        assertEquals(0.7200000000000001, ClassificationMetrics.precision(TRUTH_A, PRED_A, 2, Average.WEIGHTED), EPS);
        assertEquals(0.7, ClassificationMetrics.recall(TRUTH_A, PRED_A, 2, Average.WEIGHTED), EPS);
        assertEquals(0.7030303030303029, ClassificationMetrics.f1(TRUTH_A, PRED_A, 2, Average.WEIGHTED), EPS);
    }

    @Test
    void multiclassMatchesSklearn() {
        ConfusionMatrix cm = ClassificationMetrics.confusionMatrix(TRUTH_B, PRED_B, 3);
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 1, 3}}, cm.toArray()); // sklearn
        assertEquals(0.6, ClassificationMetrics.accuracy(TRUTH_B, PRED_B), EPS);
        // sklearn per class (average=None)
        double[] precision = {0.6666666666666666, 0.3333333333333333, 0.75};
        double[] recall = {0.6666666666666666, 0.5, 0.6};
        double[] f1 = {0.6666666666666666, 0.4, 0.6666666666666666};
        for (int c = 0; c < 3; c++) {
            assertEquals(precision[c], cm.precision(c), EPS, "precision of class " + c);
            assertEquals(recall[c], cm.recall(c), EPS, "recall of class " + c);
            assertEquals(f1[c], cm.f1(c), EPS, "f1 of class " + c);
        }
        // sklearn averages
        assertEquals(0.5833333333333334, ClassificationMetrics.precision(TRUTH_B, PRED_B, 3, Average.MACRO), EPS);
        assertEquals(0.5888888888888889, ClassificationMetrics.recall(TRUTH_B, PRED_B, 3, Average.MACRO), EPS);
        assertEquals(0.5777777777777778, ClassificationMetrics.f1(TRUTH_B, PRED_B, 3, Average.MACRO), EPS);
        assertEquals(0.6, ClassificationMetrics.precision(TRUTH_B, PRED_B, 3, Average.MICRO), EPS);
        assertEquals(0.6, ClassificationMetrics.recall(TRUTH_B, PRED_B, 3, Average.MICRO), EPS);
        assertEquals(0.6, ClassificationMetrics.f1(TRUTH_B, PRED_B, 3, Average.MICRO), EPS);
        assertEquals(0.6416666666666666, ClassificationMetrics.precision(TRUTH_B, PRED_B, 3, Average.WEIGHTED), EPS);
        assertEquals(0.6, ClassificationMetrics.recall(TRUTH_B, PRED_B, 3, Average.WEIGHTED), EPS);
        assertEquals(0.6133333333333333, ClassificationMetrics.f1(TRUTH_B, PRED_B, 3, Average.WEIGHTED), EPS);
        // sklearn labels=[2], average=None: class 2 one-vs-rest
        assertEquals(0.75, ClassificationMetrics.precision(TRUTH_B, PRED_B, 3, 2), EPS);
        assertEquals(0.6, ClassificationMetrics.recall(TRUTH_B, PRED_B, 3, 2), EPS);
        assertEquals(0.6666666666666666, ClassificationMetrics.f1(TRUTH_B, PRED_B, 3, 2), EPS);
    }

    @Test
    void neverPredictedAndAbsentClassesFollowSklearnZeroDivision() {
        // numClasses 4 but class 3 is absent everywhere: averages run over classes 0..2 like sklearn's default
        ConfusionMatrix cm = ClassificationMetrics.confusionMatrix(TRUTH_C, PRED_C, 4);
        assertArrayEquals(new long[][] {{2, 0, 1, 0}, {2, 0, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 0}}, cm.toArray()); // sklearn
        assertEquals(0.0, cm.precision(1), 0.0); // 0 predicted as class 1: 0/0 -> 0
        assertEquals(0.0, cm.recall(3), 0.0);
        assertEquals(0.0, cm.f1(3), 0.0);
        // sklearn (labels=None, zero_division=0)
        assertEquals(0.625, ClassificationMetrics.accuracy(TRUTH_C, PRED_C), EPS);
        assertEquals(0.4166666666666667, ClassificationMetrics.precision(TRUTH_C, PRED_C, 4, Average.MACRO), EPS);
        assertEquals(0.5555555555555555, ClassificationMetrics.recall(TRUTH_C, PRED_C, 4, Average.MACRO), EPS);
        assertEquals(0.4761904761904761, ClassificationMetrics.f1(TRUTH_C, PRED_C, 4, Average.MACRO), EPS);
        assertEquals(0.625, ClassificationMetrics.f1(TRUTH_C, PRED_C, 4, Average.MICRO), EPS);
        assertEquals(0.46875, ClassificationMetrics.precision(TRUTH_C, PRED_C, 4, Average.WEIGHTED), EPS);
        assertEquals(0.625, ClassificationMetrics.recall(TRUTH_C, PRED_C, 4, Average.WEIGHTED), EPS);
        assertEquals(0.5357142857142857, ClassificationMetrics.f1(TRUTH_C, PRED_C, 4, Average.WEIGHTED), EPS);
    }

    @Test
    void classPredictedButNeverTrueFollowsSklearn() {
        // sklearn (zero_division=0); class 2 has support 0 so it has weight 0 in the weighted average
        assertEquals(0.6666666666666666, ClassificationMetrics.precision(TRUTH_D, PRED_D, 3, Average.MACRO), EPS);
        assertEquals(0.5, ClassificationMetrics.recall(TRUTH_D, PRED_D, 3, Average.MACRO), EPS);
        assertEquals(0.5555555555555555, ClassificationMetrics.f1(TRUTH_D, PRED_D, 3, Average.MACRO), EPS);
        assertEquals(0.75, ClassificationMetrics.precision(TRUTH_D, PRED_D, 3, Average.MICRO), EPS);
        assertEquals(1.0, ClassificationMetrics.precision(TRUTH_D, PRED_D, 3, Average.WEIGHTED), EPS);
        assertEquals(0.75, ClassificationMetrics.recall(TRUTH_D, PRED_D, 3, Average.WEIGHTED), EPS);
        assertEquals(0.8333333333333333, ClassificationMetrics.f1(TRUTH_D, PRED_D, 3, Average.WEIGHTED), EPS);
    }

    @Test
    void noPredictedOrTruePositivesGiveZeroNotNaN() {
        // hand and sklearn: nothing predicted as 1 -> P = 0/0 -> 0, R = 0/2 = 0, F1 = 0/(0+0+2) = 0
        assertEquals(0.0, ClassificationMetrics.precision(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2, 1), 0.0);
        assertEquals(0.0, ClassificationMetrics.recall(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2, 1), 0.0);
        assertEquals(0.0, ClassificationMetrics.f1(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2, 1), 0.0);
        // hand and sklearn: no true 1 -> R = 0/0 -> 0, P = 0/1 = 0, F1 = 0/(0+1+0) = 0
        assertEquals(0.0, ClassificationMetrics.recall(new int[] {0, 0, 0}, new int[] {0, 0, 1}, 2, 1), 0.0);
        assertEquals(0.0, ClassificationMetrics.f1(new int[] {0, 0, 0}, new int[] {0, 0, 1}, 2, 1), 0.0);
        // hand: no sample of class 1 anywhere -> every 1-score is 0/0 -> 0
        assertEquals(0.0, ClassificationMetrics.f1(new int[] {0, 0}, new int[] {0, 0}, 2, 1), 0.0);
    }

    @Test
    void perfectPredictionsScoreOne() {
        int[] labels = {2, 0, 1, 1, 2};
        for (Average average : Average.values()) {
            assertEquals(1.0, ClassificationMetrics.f1(labels, labels, 3, average), 0.0, average.name());
            assertEquals(1.0, ClassificationMetrics.precision(labels, labels, 3, average), 0.0, average.name());
            assertEquals(1.0, ClassificationMetrics.recall(labels, labels, 3, average), 0.0, average.name());
        }
        assertEquals(1.0, ClassificationMetrics.accuracy(labels, labels), 0.0);
    }

    @Test
    void microAveragesEqualAccuracyOnRandomLabels() {
        SplittableRandom random = new SplittableRandom(7);
        int[] truth = new int[500];
        int[] predicted = new int[500];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = random.nextInt(5);
            predicted[i] = random.nextInt(4) == 0 ? random.nextInt(5) : truth[i];
        }
        double accuracy = ClassificationMetrics.accuracy(truth, predicted);
        assertTrue(accuracy > 0.7 && accuracy < 1.0, "accuracy " + accuracy);
        assertEquals(accuracy, ClassificationMetrics.precision(truth, predicted, 5, Average.MICRO), EPS);
        assertEquals(accuracy, ClassificationMetrics.recall(truth, predicted, 5, Average.MICRO), EPS);
        assertEquals(accuracy, ClassificationMetrics.f1(truth, predicted, 5, Average.MICRO), EPS);
        // weighted recall = sum_c support_c/N * TP_c/support_c = accuracy
        assertEquals(accuracy, ClassificationMetrics.recall(truth, predicted, 5, Average.WEIGHTED), EPS);
    }

    @Test
    void rocAucMatchesSklearnWithTies() {
        // sklearn roc_auc_score; hand: positives {0.35,0.8,0.4,0.9} vs negatives {0.1,0.4,0.4,0.2}:
        // wins 2+4+(2 + 2 ties -> 3)+4 = 13 of 16 pairs = 0.8125
        assertEquals(0.8125, ClassificationMetrics.rocAuc(new int[] {0, 0, 1, 1, 0, 1, 1, 0},
                new double[] {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2}), EPS);
        int[] truth = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1};
        double[] scores = {0.9, 0.3, 0.7, 0.7, 0.3, 0.5, 0.5, 0.1, 0.8, 0.7,
                           0.2, 0.3, 0.9, 0.5, 0.6, 0.6, 0.4, 0.1, 0.2, 0.5};
        assertEquals(0.78, ClassificationMetrics.rocAuc(truth, scores), EPS); // sklearn
        // hand: every pair tied -> 1/2 (sklearn agrees)
        assertEquals(0.5, ClassificationMetrics.rocAuc(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.5, 0.5}), 0.0);
    }

    @Test
    void rocAucWithPositiveClassTreatsOthersAsNegative() {
        // sklearn roc_auc_score on (truth == 2) gives 0.65625
        assertEquals(0.65625, ClassificationMetrics.rocAuc(new int[] {2, 0, 1, 2, 2, 1, 0, 2},
                new double[] {0.8, 0.1, 0.6, 0.6, 0.3, 0.2, 0.9, 0.7}, 2), EPS);
    }

    @Test
    void rocAucPerfectReversedAndSignedZero() {
        // hand: perfect separation -> 1, reversed -> 0
        assertEquals(1.0, ClassificationMetrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {-3, 0.1, 2, 5}), 0.0);
        assertEquals(0.0, ClassificationMetrics.rocAuc(new int[] {1, 1, 0, 0}, new double[] {-3, 0.1, 2, 5}), 0.0);
        // hand: -0.0 and 0.0 are the same score, so the pair is a tie
        assertEquals(0.5, ClassificationMetrics.rocAuc(new int[] {1, 0}, new double[] {-0.0, 0.0}), 0.0);
        // hand: infinite scores are ordered normally
        assertEquals(1.0, ClassificationMetrics.rocAuc(new int[] {0, 1},
                new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}), 0.0);
    }

    @Test
    void rocAucEqualsPairwiseCountOnRandomScoresWithTies() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 301;
        int[] truth = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.floor(random.nextDouble() * 20) / 20 + 0.1 * truth[i]; // coarse grid -> many ties
        }
        // the definition itself: P(score+ > score-) + 1/2 P(score+ == score-), over all pairs
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (truth[i] == 1 && truth[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
                }
            }
        }
        assertEquals(wins / pairs, ClassificationMetrics.rocAuc(truth, scores), 1e-12);
    }

    @Test
    void rocAucRejectsBadInput() {
        IllegalArgumentException oneClass = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.rocAuc(new int[] {1, 1}, new double[] {0.2, 0.3}));
        assertTrue(oneClass.getMessage().contains("both positive"), oneClass.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.rocAuc(new int[] {0, 1}, new double[] {0.2, Double.NaN}));
        assertTrue(nan.getMessage().contains("scores[1]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.rocAuc(new int[] {0, 1}, new double[] {0.2}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.rocAuc(null, new double[] {0.2}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.rocAuc(new int[0], new double[0]));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.rocAuc(new int[] {0, 2}, new double[] {0.2, 0.3}));
        assertTrue(label.getMessage().contains("truth[1]"), label.getMessage());
    }

    @Test
    void labelChecksNameTheArgument() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.f1(new int[] {0, 3}, new int[] {0, 1}, 3, Average.MACRO));
        assertEquals("truth[1]: expected a class in [0, 3), got 3", range.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.precision(new int[] {0, 1}, new int[] {0, -1}, 3, 1));
        assertTrue(negative.getMessage().startsWith("predicted[1]"), negative.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {0, 1}, new int[] {0}));
        assertEquals("predicted: expected length 2 (the length of truth), got 1", length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(null, new int[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.recall(new int[] {0}, new int[] {0}, 0, Average.MACRO));
        IllegalArgumentException positive = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.recall(new int[] {0}, new int[] {0}, 2, 2));
        assertTrue(positive.getMessage().startsWith("positiveClass"), positive.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.f1(new int[] {0}, new int[] {0}, 2, (Average) null));
    }

    @Test
    void reportCarriesTheSameNumbers() {
        MetricsReport report = ClassificationMetrics.report(TRUTH_B, PRED_B, 3, Average.MACRO, List.of("a", "b", "c"));
        assertEquals(0.6, report.accuracy(), EPS);
        assertEquals(0.5833333333333334, report.precision(), EPS); // sklearn macro
        assertEquals(0.5888888888888889, report.recall(), EPS);
        assertEquals(0.5777777777777778, report.f1(), EPS);
        assertEquals("macro", report.averaging());
        MetricsReport binary = ClassificationMetrics.binaryReport(TRUTH_A, PRED_A, 2, 1, null);
        assertEquals(0.6, binary.precision(), EPS);
        assertEquals(0.75, binary.recall(), EPS);
        assertEquals(List.of("0", "1"), binary.labels());
    }
}
