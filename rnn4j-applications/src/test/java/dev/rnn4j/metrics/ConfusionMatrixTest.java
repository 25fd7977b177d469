package dev.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    // confusion matrix [[2,1,0],[0,1,1],[1,1,3]] (sklearn confusion_matrix on these arrays)
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
    private static final int[] PREDICTED = {0, 1, 0, 1, 2, 2, 2, 0, 2, 1};

    @Test
    void countsRowsAreTruthColumnsArePredictions() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        assertEquals(3, cm.numClasses());
        assertEquals(10, cm.total());
        assertEquals(1, cm.count(0, 1)); // one true 0 predicted as 1
        assertEquals(0, cm.count(1, 0));
        assertEquals(1, cm.count(2, 0));
        // hand from the matrix: class 2 row sum 5, column sum 4, diagonal 3
        assertEquals(5, cm.support(2));
        assertEquals(4, cm.predictedCount(2));
        assertEquals(3, cm.truePositives(2));
        assertEquals(1, cm.falsePositives(2));
        assertEquals(2, cm.falseNegatives(2));
        assertEquals(0.6, cm.accuracy(), 1e-15);
    }

    @Test
    void plusAddsBatchesAndOfCountsRoundTrips() {
        ConfusionMatrix first = ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1}, new int[] {0, 1, 0, 1, 2}, 3);
        ConfusionMatrix second = ConfusionMatrix.of(new int[] {2, 2, 2, 2, 2}, new int[] {2, 2, 0, 2, 1}, 3);
        ConfusionMatrix whole = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        assertEquals(whole, first.plus(second));
        assertEquals(whole, ConfusionMatrix.ofCounts(whole.toArray()));
        assertEquals(whole.hashCode(), ConfusionMatrix.ofCounts(whole.toArray()).hashCode());
        assertThrows(IllegalArgumentException.class, () -> first.plus(ConfusionMatrix.of(new int[] {0}, new int[] {0}, 2)));
        assertThrows(IllegalArgumentException.class, () -> first.plus(null));
    }

    @Test
    void toArrayIsACopy() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        long[][] counts = cm.toArray();
        counts[0][0] = 99;
        assertEquals(2, cm.count(0, 0));
    }

    @Test
    void tableHasLabelsAndRightAlignedCounts() {
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(new long[][] {{5, 1}, {2, 1234}});
        String expected = ""
                + "true \\ pred  cat   dog\n"
                + "cat            5     1\n"
                + "dog            2  1234\n";
        assertEquals(expected, cm.toString(List.of("cat", "dog")));
        assertEquals(""
                + "true \\ pred  0     1\n"
                + "0            5     1\n"
                + "1            2  1234\n", cm.toString());
    }

    @Test
    void longLabelsWidenTheFirstColumn() {
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(new long[][] {{1, 0}, {0, 1}});
        String table = cm.toString(List.of("a-very-long-name", "b"));
        String[] lines = table.split("\n");
        assertEquals(3, lines.length);
        assertEquals(lines[0].length(), lines[1].length());
        assertEquals(lines[1].length(), lines[2].length());
        assertTrue(lines[1].startsWith("a-very-long-name  "), table);
    }

    @Test
    void badArgumentsAreRejectedWithNames() {
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(new long[][] {{1, 0}, {0, 1}});
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class, () -> cm.toString(List.of("x")));
        assertEquals("labelNames: expected 2 names (one per class), got 1", names.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cm.toString((List<String>) null));
        assertThrows(IllegalArgumentException.class, () -> cm.count(2, 0));
        assertThrows(IllegalArgumentException.class, () -> cm.precision(-1));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofCounts(new long[][] {{1, 0}, {0}}));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.ofCounts(new long[][] {{1, -1}, {0, 1}}));
        assertEquals("counts[0][1]: expected >= 0, got -1", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofCounts(new long[0][]));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, ConfusionMatrix.MAX_CLASSES + 1));
        assertEquals("numClasses: expected <= 4096 for a confusion matrix, got 4097", tooMany.getMessage());
    }

    @Test
    void countsMatrixGivesSameScoresAsLabels() {
        ConfusionMatrix fromLabels = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        ConfusionMatrix fromCounts = ConfusionMatrix.ofCounts(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 1, 3}});
        for (Average average : Average.values()) {
            assertEquals(fromLabels.f1(average), fromCounts.f1(average), 0.0);
        }
        assertArrayEquals(fromLabels.toArray(), fromCounts.toArray());
    }
}
