package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded, deterministic train/dev splits: a hold-out split ({@code --dev-split FRACTION --seed S})
 * and k-fold cross-validation (the standard protocol for MR). The same list, fraction or k, and
 * seed always give the same split.
 */
public final class DataSplits {
    private DataSplits() {
    }

    /**
     * A split of a list into training and held-out parts, both in the shuffled order.
     *
     * @param train the training part
     * @param dev the held-out part (the dev set, or the test fold of cross-validation)
     */
    public record Split<T>(List<T> train, List<T> dev) {
    }

    /**
     * Shuffles {@code items} with {@code new Random(seed)} and holds out the first
     * {@code round(size * devFraction)} (at least 1) as the dev part.
     *
     * @throws IllegalArgumentException if {@code items} has fewer than 2 elements or
     *     {@code devFraction} is not in (0, 1)
     */
    public static <T> Split<T> holdOut(List<T> items, double devFraction, long seed) {
        if (items == null || items.size() < 2) {
            throw new IllegalArgumentException("items must hold at least 2 elements, got "
                    + (items == null ? "null" : items.size()));
        }
        if (!(devFraction > 0 && devFraction < 1)) {
            throw new IllegalArgumentException("devFraction must be in (0, 1), got " + devFraction);
        }
        List<T> shuffled = shuffled(items, seed);
        int dev = (int) Math.max(1, Math.min(items.size() - 1, Math.round(items.size() * devFraction)));
        return new Split<>(List.copyOf(shuffled.subList(dev, shuffled.size())), List.copyOf(shuffled.subList(0, dev)));
    }

    /**
     * K-fold cross-validation: shuffles {@code items} with {@code new Random(seed)} and cuts them into
     * {@code k} folds whose sizes differ by at most one; split {@code i} holds out fold {@code i}.
     * Every item is held out exactly once.
     *
     * @throws IllegalArgumentException if {@code k < 2} or {@code k > items.size()}
     */
    public static <T> List<Split<T>> kFold(List<T> items, int k, long seed) {
        if (items == null) {
            throw new IllegalArgumentException("items must not be null");
        }
        if (k < 2 || k > items.size()) {
            throw new IllegalArgumentException("k must be in [2, " + items.size() + "] for " + items.size()
                    + " items, got " + k);
        }
        List<T> shuffled = shuffled(items, seed);
        int n = shuffled.size();
        List<Split<T>> splits = new ArrayList<>(k);
        for (int fold = 0; fold < k; fold++) {
            int start = (int) ((long) n * fold / k);
            int end = (int) ((long) n * (fold + 1) / k);
            List<T> train = new ArrayList<>(n - (end - start));
            train.addAll(shuffled.subList(0, start));
            train.addAll(shuffled.subList(end, n));
            splits.add(new Split<>(List.copyOf(train), List.copyOf(shuffled.subList(start, end))));
        }
        return splits;
    }

    private static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
