package dev.rnn4j.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Length-bucketed batches of sentence pairs, as fairseq builds them: pairs of similar lengths go
 * together, so little compute is spent on padding.
 *
 * <p>Training batches ({@link #batches(List, int)}): the pairs are shuffled with a {@link Random}
 * seeded from the seed and the epoch, sorted by target length and then source length (the
 * shuffle orders pairs of equal lengths, fairseq's {@code ordered_indices}), cut in that order
 * into batches, and the batches shuffled. A batch holds up to a number of sentences
 * ({@link #bySentences}) or up to a token budget ({@link #byTokens}): its rows times its longest
 * side ({@code <sos>}/{@code <eos>} included) may not exceed the budget, as fairseq's
 * {@code --max-tokens} counts padded tokens. The same seed, epoch and pairs always give the same
 * batches. Evaluation batches ({@link #evaluationBatches(List)}) are sorted the same way without
 * shuffling; map results back with {@link PairBatch#indices()}.
 *
 * <p>Each batch is padded and time-major; see {@link PairBatch}. Thread-safe.
 */
public final class PairBatcher {
    private final int sentences;
    private final int tokenBudget;
    private final long seed;

    private PairBatcher(int sentences, int tokenBudget, long seed) {
        this.sentences = sentences;
        this.tokenBudget = tokenBudget;
        this.seed = seed;
    }

    /**
     * Batches of {@code sentences} pairs (the last batch may hold fewer).
     *
     * @throws IllegalArgumentException if {@code sentences < 1}
     */
    public static PairBatcher bySentences(int sentences, long seed) {
        if (sentences < 1) {
            throw new IllegalArgumentException("sentences per batch must be at least 1, got " + sentences);
        }
        return new PairBatcher(sentences, Integer.MAX_VALUE, seed);
    }

    /**
     * Batches of at most {@code tokenBudget} padded tokens: rows times the batch's longest side.
     *
     * @throws IllegalArgumentException if {@code tokenBudget < 3} (one pair needs at least
     *     {@code <sos>}, a token and {@code <eos>})
     */
    public static PairBatcher byTokens(int tokenBudget, long seed) {
        if (tokenBudget < 3) {
            throw new IllegalArgumentException("tokenBudget must be at least 3 (<sos>, one token, <eos>), got " + tokenBudget);
        }
        return new PairBatcher(Integer.MAX_VALUE, tokenBudget, seed);
    }

    /**
     * Shuffled, length-bucketed batches for one training epoch.
     *
     * @param pairs encoded pairs, each side at least one id, ids at least 0
     * @param epoch mixed into the seed so each epoch has its own order
     * @throws IllegalArgumentException if {@code pairs} is null or empty, a pair is invalid (naming
     *     it), or one pair alone exceeds the token budget
     */
    public List<PairBatch> batches(List<EncodedPair> pairs, int epoch) {
        validate(pairs);
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        Integer[] order = indices(pairs.size());
        Collections.shuffle(Arrays.asList(order), random);
        List<PairBatch> batches = cut(pairs, sortByLength(pairs, order));
        Collections.shuffle(batches, random);
        return batches;
    }

    /**
     * Unshuffled batches for evaluation or translation: sorted by target then source length (ties
     * by index), cut as {@link #batches(List, int)} cuts.
     *
     * @throws IllegalArgumentException as {@link #batches(List, int)}
     */
    public List<PairBatch> evaluationBatches(List<EncodedPair> pairs) {
        validate(pairs);
        return cut(pairs, sortByLength(pairs, indices(pairs.size())));
    }

    private static Integer[] indices(int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static Integer[] sortByLength(List<EncodedPair> pairs, Integer[] order) {
        // stable: ties keep the order given (shuffled for training, by index for evaluation)
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> pairs.get(i).target().length)
                .thenComparingInt(i -> pairs.get(i).source().length));
        return order;
    }

    private List<PairBatch> cut(List<EncodedPair> pairs, Integer[] sorted) {
        List<PairBatch> batches = new ArrayList<>();
        int start = 0;
        while (start < sorted.length) {
            int end = start;
            int longest = 0;
            while (end < sorted.length && end - start < sentences) {
                int width = Math.max(longest, paddedWidth(pairs.get(sorted[end])));
                if ((long) width * (end - start + 1) > tokenBudget) {
                    break;
                }
                longest = width;
                end++;
            }
            if (end == start) {
                EncodedPair pair = pairs.get(sorted[start]);
                throw new IllegalArgumentException("pair " + sorted[start] + " (line " + pair.line() + ") alone needs "
                        + paddedWidth(pair) + " tokens, more than the token budget " + tokenBudget);
            }
            batches.add(makeBatch(pairs, Arrays.copyOfRange(sorted, start, end)));
            start = end;
        }
        return batches;
    }

    /** The longer side with its markers: source ids + {@code <eos>}, target {@code <sos>} + ids + {@code <eos>}. */
    private static int paddedWidth(EncodedPair pair) {
        return Math.max(pair.source().length + 1, pair.target().length + 2);
    }

    private static PairBatch makeBatch(List<EncodedPair> pairs, Integer[] members) {
        int rows = members.length;
        Integer[] order = members.clone();
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -pairs.get(i).source().length).thenComparingInt(i -> i));
        int[] indices = new int[rows];
        int[] sourceLengths = new int[rows];
        int[] targetLengths = new int[rows];
        int sourceSteps = 0;
        int targetSteps = 0;
        for (int b = 0; b < rows; b++) {
            EncodedPair pair = pairs.get(order[b]);
            indices[b] = order[b];
            sourceLengths[b] = pair.source().length + 1;
            targetLengths[b] = pair.target().length + 2;
            sourceSteps = Math.max(sourceSteps, sourceLengths[b]);
            targetSteps = Math.max(targetSteps, targetLengths[b]);
        }
        // source: (S, B) time-major, ids then <eos>; target: (T, B), <sos> ids <eos>; zeros are <pad>
        int[] source = new int[sourceSteps * rows];
        int[] target = new int[targetSteps * rows];
        for (int b = 0; b < rows; b++) {
            EncodedPair pair = pairs.get(indices[b]);
            int[] src = pair.source();
            for (int t = 0; t < src.length; t++) {
                source[t * rows + b] = src[t];
            }
            source[src.length * rows + b] = SubwordVocabulary.EOS_ID;
            int[] tgt = pair.target();
            target[b] = SubwordVocabulary.SOS_ID;
            for (int t = 0; t < tgt.length; t++) {
                target[(t + 1) * rows + b] = tgt[t];
            }
            target[(tgt.length + 1) * rows + b] = SubwordVocabulary.EOS_ID;
        }
        return new PairBatch(source, sourceLengths, target, targetLengths, indices, rows, sourceSteps, targetSteps);
    }

    private static void validate(List<EncodedPair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs must not be null or empty");
        }
        for (int i = 0; i < pairs.size(); i++) {
            EncodedPair pair = pairs.get(i);
            if (pair == null || pair.source() == null || pair.target() == null) {
                throw new IllegalArgumentException("pair " + i + " is null or has a null side");
            }
            if (pair.source().length == 0 || pair.target().length == 0) {
                throw new IllegalArgumentException("pair " + i + " (line " + pair.line() + ") has an empty "
                        + (pair.source().length == 0 ? "source" : "target") + "; every side needs at least one token");
            }
            checkIds(pair.source(), i, "source");
            checkIds(pair.target(), i, "target");
        }
    }

    private static void checkIds(int[] ids, int pair, String side) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0) {
                throw new IllegalArgumentException("pair " + pair + " has negative " + side + " id " + ids[t] + " at position " + t);
            }
        }
    }
}
