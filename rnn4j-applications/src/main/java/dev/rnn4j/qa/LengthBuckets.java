package dev.rnn4j.qa;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.BatchSource;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Training batches of questions with stories of similar length, so that a batch pads to few statements and
 * words: each epoch the questions are shuffled, sorted (stably) by their number of statements and then by
 * their longest statement, cut into batches of {@code batchSize}, and the batches are shuffled. A batch of
 * {@link QaBatch} pads to its own longest story, so in a task whose stories run from 2 to 50 statements most
 * batches read far fewer than 50 (torchtext's {@code BucketIterator} does the same). Which questions share a
 * batch still changes every epoch: ties in length are broken by the shuffle (BENCHMARKS.md, "Question answering:
 * DMN+ training on bAbI").
 *
 * <p>The order depends only on the epoch's generator, as {@link BatchSource} requires, so a seeded run is
 * repeatable and a resumed run sees the same batches.
 */
final class LengthBuckets implements BatchSource<QaBatch> {

    private final List<EncodedQuestion> questions;
    private final int batchSize;
    private final int batches;
    // (N) statements · 2^16 + longest statement's words: the sort key
    private final long[] lengthKey;

    /**
     * @param questions at least one, each with at least one statement
     * @param batchSize questions per batch, >= 1 (the last batch of an epoch may be smaller)
     */
    LengthBuckets(List<EncodedQuestion> questions, int batchSize) {
        if (questions == null || questions.isEmpty()) {
            throw new IllegalArgumentException("questions: expected at least one, got none");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        this.questions = questions;
        this.batchSize = batchSize;
        this.batches = (questions.size() + batchSize - 1) / batchSize;
        this.lengthKey = new long[questions.size()];
        for (int i = 0; i < lengthKey.length; i++) {
            lengthKey[i] = lengthKey(questions.get(i));
        }
    }

    /** Statements first, then the longest statement's words: the order questions are bucketed in. */
    static long lengthKey(EncodedQuestion question) {
        int words = 0;
        for (int[] fact : question.facts()) {
            words = Math.max(words, fact.length);
        }
        return ((long) Math.min(question.facts().length, (1 << 22) - 1) << 16) + Math.min(words, 0xFFFF);
    }

    /** The indices of {@code questions} sorted by {@link #lengthKey}, ties in index order. */
    static int[] sortedByLength(List<EncodedQuestion> questions) {
        long[] keyed = new long[questions.size()];
        for (int i = 0; i < keyed.length; i++) {
            keyed[i] = lengthKey(questions.get(i)) << 24 | i;
        }
        return sortKeyed(keyed);
    }

    @Override
    public int batchesPerEpoch() {
        return batches;
    }

    @Override
    public Iterator<QaBatch> batches(int epoch, Rng rng) {
        int n = questions.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
        // the key, then the shuffled position: a stable sort of the shuffled order
        long[] keyed = new long[n];
        for (int p = 0; p < n; p++) {
            keyed[p] = lengthKey[order[p]] << 24 | p;
        }
        int[] positions = sortKeyed(keyed);
        int[] sorted = new int[n];
        for (int p = 0; p < n; p++) {
            sorted[p] = order[positions[p]];
        }
        int[] batchOrder = new int[batches];
        for (int i = 0; i < batches; i++) {
            batchOrder[i] = i;
        }
        rng.shuffle(batchOrder);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public QaBatch next() {
                if (next >= batches) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                }
                int from = batchOrder[next++] * batchSize;
                return QaBatch.of(questions, Arrays.copyOfRange(sorted, from, Math.min(n, from + batchSize)));
            }
        };
    }

    // keys of the form (length key << 24 | position), position < 2^24: sorts and returns the positions
    private static int[] sortKeyed(long[] keyed) {
        if (keyed.length >= 1 << 24) {
            throw new IllegalArgumentException("questions: expected fewer than " + (1 << 24) + ", got "
                    + keyed.length);
        }
        Arrays.sort(keyed);
        int[] out = new int[keyed.length];
        for (int i = 0; i < keyed.length; i++) {
            out[i] = (int) (keyed[i] & 0xFFFFFF);
        }
        return out;
    }
}
