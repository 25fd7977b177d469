package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChronologicalSplitTest {

    @Test
    void sizesTakeTestAndValidationFromTheEnd() {
        ChronologicalSplit s = ChronologicalSplit.ofSizes(144, 12, 12);
        assertEquals(120, s.trainSize());
        assertEquals(12, s.validationSize());
        assertEquals(12, s.testSize());
        double[] col = new double[144];
        for (int i = 0; i < col.length; i++) {
            col[i] = i;
        }
        assertEquals(119, s.train(col)[119]);
        assertEquals(120, s.validation(col)[0]);
        assertEquals(132, s.test(col)[0]);
        assertEquals(143, s.test(col)[11]);
    }

    @Test
    void fractionsRoundAndLeaveTheRestForTest() {
        ChronologicalSplit s = ChronologicalSplit.ofFractions(10, 0.6, 0.2);
        assertEquals(6, s.trainSize());
        assertEquals(2, s.validationSize());
        assertEquals(2, s.testSize());
        ChronologicalSplit airline = ChronologicalSplit.ofFractions(144, 0.67, 0);
        assertEquals(96, airline.trainSize());
        assertEquals(48, airline.testSize());
        assertArrayEquals(new double[] {1, 2}, ChronologicalSplit.ofFractions(3, 0.5, 0.5).train(new double[] {1, 2, 3}));
    }

    @Test
    void rejectsSplitsWithoutTrainingRowsOrWrongColumns() {
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofSizes(10, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofSizes(10, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofFractions(10, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofFractions(10, 0.8, 0.3));
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofFractions(10, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> ChronologicalSplit.ofSizes(10, 1, 1).test(new double[9]));
    }
}
