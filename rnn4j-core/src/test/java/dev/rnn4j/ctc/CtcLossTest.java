package dev.rnn4j.ctc;

import dev.rnn4j.nn.Reduction;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CtcLoss}: finite-difference gradients through {@code log_softmax} in double, closed forms
 * for tiny cases, brute-force enumeration of alignments, the edge cases PyTorch defines, and
 * argument checks. The PyTorch reference values themselves are the golden-seq {@code ctc_*} cases.
 */
class CtcLossTest {

    private static Tensor loss(Tensor logits, int[][] targets, int[] inputLengths, int[] targetLengths,
                               Reduction reduction, boolean zeroInfinity) {
        return CtcLoss.ctcLoss(logits.logSoftmax(2), targets, inputLengths, targetLengths, 0, reduction, zeroInfinity);
    }

    @Test
    void gradientMatchesFiniteDifferencesWithOneStepAndOneRow() {
        Tensor logits = GradCheck.random(1, 1, 1, 3).requiresGrad(true);
        GradCheck.check(() -> loss(logits, new int[][] {{2}}, new int[] {1}, new int[] {1}, Reduction.MEAN, false),
                List.of(logits), List.of("logits"));
        GradCheck.check(() -> loss(logits, new int[][] {{}}, new int[] {1}, new int[] {0}, Reduction.SUM, false),
                List.of(logits), List.of("logits (empty target)"));
    }

    @Test
    void gradientMatchesFiniteDifferencesForEveryReduction() {
        // rows: repeats (1, 1), a shorter input, an empty target, a plain target
        int[][] targets = {{1, 1, 2}, {2, 3, 0}, {0, 0, 0}, {3, 1, 2}};
        int[] inputLengths = {7, 5, 4, 7};
        int[] targetLengths = {3, 2, 0, 3};
        Tensor weights = Tensor.of(new double[] {0.5, -1.5, 2.0, 1.0}, 4);
        for (Reduction reduction : Reduction.values()) {
            Tensor logits = GradCheck.random(2, 7, 4, 4).mul(2).requiresGrad(true);
            GradCheck.check(() -> {
                Tensor l = loss(logits, targets, inputLengths, targetLengths, reduction, false);
                return reduction == Reduction.NONE ? l.mul(weights).sum() : l;
            }, List.of(logits), List.of("logits with reduction " + reduction));
        }
    }

    @Test
    void reductionsAreNoneDividedByTargetLengthsThenAveragedOrSummed() {
        Tensor lp = CtcReference.randomLogProbs(3, 2, 6, 3, 4);
        int[][] targets = {{1, 2}, {3, 3}, {0, 0}};
        int[] inputLengths = {6, 6, 3};
        int[] targetLengths = {2, 2, 0};
        Tensor none = CtcLoss.ctcLoss(lp, targets, inputLengths, targetLengths, 0, Reduction.NONE, false);
        double[] l = none.d();
        assertEquals(l[0] + l[1] + l[2],
                CtcLoss.ctcLoss(lp, targets, inputLengths, targetLengths, 0, Reduction.SUM, false).item(), 1e-12);
        assertEquals((l[0] / 2 + l[1] / 2 + l[2] / 1) / 3,
                CtcLoss.ctcLoss(lp, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false).item(), 1e-12);
    }

    @Test
    void lossIsMinusTheLogOfTheSummedProbabilityOfEveryAlignment() {
        Tensor lp = CtcReference.randomLogProbs(4, 1.5, 5, 2, 3);
        int[] inputLengths = {5, 4};
        for (int row = 0; row < 2; row++) {
            Map<String, Double> probabilities = CtcReference.labellingProbabilities(lp, row, inputLengths[row], 0);
            for (int[] target : new int[][] {{}, {1}, {2, 1}, {1, 1}, {2, 2, 2}, {1, 2, 1}}) {
                int[][] targets = {target, target};
                int[] lengths = {target.length, target.length};
                double expected = probabilities.getOrDefault(Arrays.toString(target), 0.0);
                double ours = Math.exp(-CtcLoss.ctcLoss(lp, targets, inputLengths, lengths, 0, Reduction.NONE, false)
                        .getFlat(row));
                assertEquals(expected, ours, 1e-12 + 1e-10 * expected,
                        "row " + row + " target " + Arrays.toString(target));
            }
        }
    }

    @Test
    void anEmptyTargetIsTheAllBlankPath() {
        Tensor lp = CtcReference.randomLogProbs(5, 1, 4, 1, 3);
        double blanks = 0;
        for (int t = 0; t < 4; t++) {
            blanks += lp.getFlat(t * 3);
        }
        assertEquals(-blanks, CtcLoss.ctcLoss(lp, new int[][] {{}}, new int[] {4}, new int[] {0}).item(), 1e-12);
    }

    @Test
    void repeatsNeedABlankBetweenThem() {
        Tensor lp = CtcReference.randomLogProbs(6, 1, 3, 1, 3);
        // (1, 1) in three frames: the only alignment is 1, blank, 1
        double only = lp.getFlat(1) + lp.getFlat(3) + lp.getFlat(6 + 1);
        Tensor three = CtcLoss.ctcLoss(lp, new int[][] {{1, 1}}, new int[] {3}, new int[] {2}, 0, Reduction.SUM, false);
        assertEquals(-only, three.item(), 1e-12);
        // in two frames it cannot fit, while (1, 2) can
        Tensor two = CtcLoss.ctcLoss(lp, new int[][] {{1, 1}}, new int[] {2}, new int[] {2}, 0, Reduction.SUM, false);
        assertEquals(Double.POSITIVE_INFINITY, two.item());
        Tensor distinct = CtcLoss.ctcLoss(lp, new int[][] {{1, 2}}, new int[] {2}, new int[] {2}, 0, Reduction.SUM,
                false);
        assertEquals(-(lp.getFlat(1) + lp.getFlat(3 + 2)), distinct.item(), 1e-12);
    }

    @Test
    void aTargetThatCannotFitIsInfiniteOrZeroWithZeroInfinity() {
        int[][] targets = {{1, 2}, {1, 2, 3}};
        int[] inputLengths = {4, 2};
        int[] targetLengths = {2, 3};
        Tensor logits = GradCheck.random(7, 4, 2, 4).requiresGrad(true);
        Tensor infinite = loss(logits, targets, inputLengths, targetLengths, Reduction.NONE, false);
        assertTrue(Double.isFinite(infinite.getFlat(0)));
        assertEquals(Double.POSITIVE_INFINITY, infinite.getFlat(1));
        infinite.sum().backward();
        // PyTorch's gradient of an infinite loss is NaN on the row's frames
        assertTrue(Double.isNaN(logits.grad().get(0, 1, 0)));
        assertTrue(Double.isFinite(logits.grad().get(0, 0, 0)));

        logits.clearGrad();
        Tensor zeroed = loss(logits, targets, inputLengths, targetLengths, Reduction.NONE, true);
        assertEquals(infinite.getFlat(0), zeroed.getFlat(0), 1e-12);
        assertEquals(0.0, zeroed.getFlat(1));
        zeroed.sum().backward();
        for (int t = 0; t < 4; t++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(0.0, logits.grad().get(t, 1, c), "no gradient for the impossible row");
            }
        }
        GradCheck.check(() -> loss(logits, targets, inputLengths, targetLengths, Reduction.MEAN, true),
                List.of(logits), List.of("logits with zero_infinity"));
    }

    @Test
    void framesPastTheInputLengthHaveNoEffectAndNoGradient() {
        Tensor logits = GradCheck.random(8, 6, 2, 3).requiresGrad(true);
        int[][] targets = {{1, 2}, {2, 0}};
        int[] inputLengths = {6, 3};
        int[] targetLengths = {2, 1};
        Tensor before = loss(logits, targets, inputLengths, targetLengths, Reduction.NONE, false);
        before.sum().backward();
        for (int t = 3; t < 6; t++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(0.0, logits.grad().get(t, 1, c));
                logits.d()[(t * 2 + 1) * 3 + c] += 5.0;
            }
        }
        Tensor after = loss(logits, targets, inputLengths, targetLengths, Reduction.NONE, false);
        assertEquals(before.getFlat(1), after.getFlat(1), 1e-12);
    }

    @Test
    void anInputLengthOfZeroFitsOnlyTheEmptyTarget() {
        Tensor lp = CtcReference.randomLogProbs(9, 1, 3, 2, 3);
        Tensor l = CtcLoss.ctcLoss(lp, new int[][] {{}, {1}}, new int[] {0, 0}, new int[] {0, 1}, 0, Reduction.NONE,
                false);
        assertEquals(0.0, l.getFlat(0));
        assertEquals(Double.POSITIVE_INFINITY, l.getFlat(1));
    }

    @Test
    void concatenatedTargetsGiveThePaddedResultAndAnyBlankIndexWorks() {
        Tensor logits = GradCheck.random(10, 6, 3, 4).requiresGrad(true);
        int[] inputLengths = {6, 4, 5};
        int[] targetLengths = {3, 0, 2};
        // blank 3: labels are 0..2
        Tensor padded = CtcLoss.ctcLoss(logits.logSoftmax(2), new int[][] {{0, 0, 2}, {1, 1, 1}, {2, 1, 9}},
                inputLengths, targetLengths, 3, Reduction.NONE, false);
        Tensor concatenated = CtcLoss.ctcLossConcatenated(logits.logSoftmax(2), new int[] {0, 0, 2, 2, 1},
                inputLengths, targetLengths, 3, Reduction.NONE, false);
        for (int b = 0; b < 3; b++) {
            assertEquals(padded.getFlat(b), concatenated.getFlat(b), 1e-12);
        }
        GradCheck.check(() -> CtcLoss.ctcLossConcatenated(logits.logSoftmax(2), new int[] {0, 0, 2, 2, 1},
                inputLengths, targetLengths, 3, Reduction.MEAN, false), List.of(logits), List.of("logits, blank 3"));
    }

    @Test
    void float32InputGivesAFloat32LossCloseToTheDoubleOne() {
        Tensor lp = CtcReference.randomLogProbs(11, 2, 8, 2, 5);
        int[][] targets = {{1, 2, 3}, {4, 4, 0}};
        int[] inputLengths = {8, 7};
        int[] targetLengths = {3, 2};
        Tensor d = CtcLoss.ctcLoss(lp, targets, inputLengths, targetLengths);
        Tensor f = CtcLoss.ctcLoss(lp.to(DType.F32), targets, inputLengths, targetLengths);
        assertEquals(DType.F32, f.dtype());
        assertEquals(d.item(), f.item(), 1e-5);
    }

    @Test
    void badArgumentsAreRejectedWithMessagesThatNameThem() {
        Tensor lp = CtcReference.randomLogProbs(12, 1, 5, 2, 4);
        int[][] targets = {{1, 2}, {3, 1}};
        int[] in = {5, 5};
        int[] len = {2, 2};
        assertMessage("log_probs (T, B, C), got (5, 8)", () -> CtcLoss.ctcLoss(lp.reshape(5, 8), targets, in, len));
        assertMessage("blank must be in 0..3 (C = 4), got 4",
                () -> CtcLoss.ctcLoss(lp, targets, in, len, 4, Reduction.MEAN, false));
        assertMessage("blank must be in 0..3 (C = 4), got -1",
                () -> CtcLoss.ctcLoss(lp, targets, in, len, -1, Reduction.MEAN, false));
        assertMessage("input_lengths of B = 2 values, got 1", () -> CtcLoss.ctcLoss(lp, targets, new int[] {5}, len));
        assertMessage("input_lengths[1] = 6 is outside 0..5",
                () -> CtcLoss.ctcLoss(lp, targets, new int[] {5, 6}, len));
        assertMessage("input_lengths[0] = -1 is outside 0..5",
                () -> CtcLoss.ctcLoss(lp, targets, new int[] {-1, 5}, len));
        assertMessage("target_lengths of B = 2 values, got 3",
                () -> CtcLoss.ctcLoss(lp, targets, in, new int[] {1, 1, 1}));
        assertMessage("target_lengths[1] = -2 is negative", () -> CtcLoss.ctcLoss(lp, targets, in, new int[] {1, -2}));
        assertMessage("target_lengths[0] = 3 but targets[0] has 2 labels",
                () -> CtcLoss.ctcLoss(lp, targets, in, new int[] {3, 1}));
        assertMessage("targets of B = 2 rows, got 1", () -> CtcLoss.ctcLoss(lp, new int[][] {{1}}, in, len));
        assertMessage("targets[1][0] = 0 is the blank",
                () -> CtcLoss.ctcLoss(lp, new int[][] {{1, 2}, {0, 1}}, in, len));
        assertMessage("targets[0][1] = 4 is outside 0..3",
                () -> CtcLoss.ctcLoss(lp, new int[][] {{1, 4}, {3, 1}}, in, len));
        assertMessage("concatenated targets of sum(target_lengths) = 4 labels, got 3",
                () -> CtcLoss.ctcLossConcatenated(lp, new int[] {1, 2, 3}, in, len, 0, Reduction.SUM, false));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("ctc_loss: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
