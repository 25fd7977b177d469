package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitsTest {
    private final List<Integer> items = IntStream.range(0, 103).boxed().toList();

    @Test
    void holdOutIsSeededAndDisjoint() {
        DataSplits.Split<Integer> split = DataSplits.holdOut(items, 0.1, 7);
        assertEquals(10, split.dev().size());
        assertEquals(93, split.train().size());
        Set<Integer> all = new HashSet<>(split.train());
        all.addAll(split.dev());
        assertEquals(103, all.size());
        assertEquals(split, DataSplits.holdOut(items, 0.1, 7));
        assertNotEquals(split.dev(), DataSplits.holdOut(items, 0.1, 8).dev());
    }

    @Test
    void kFoldHoldsOutEveryItemOnce() {
        List<DataSplits.Split<Integer>> folds = DataSplits.kFold(items, 10, 3);
        assertEquals(10, folds.size());
        List<Integer> heldOut = new ArrayList<>();
        for (DataSplits.Split<Integer> fold : folds) {
            assertTrue(fold.dev().size() == 10 || fold.dev().size() == 11, "fold size " + fold.dev().size());
            assertEquals(103, fold.dev().size() + fold.train().size());
            assertTrue(fold.train().stream().noneMatch(fold.dev()::contains));
            heldOut.addAll(fold.dev());
        }
        assertEquals(items, heldOut.stream().sorted().toList());
        assertEquals(folds, DataSplits.kFold(items, 10, 3));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> DataSplits.holdOut(items, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> DataSplits.holdOut(items, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> DataSplits.holdOut(List.of(1), 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> DataSplits.kFold(items, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DataSplits.kFold(List.of(1, 2), 3, 1));
    }
}
