package dev.rnn4j.text.bpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Learns a {@link BpeModel} from training text (Sennrich et al., 2016): start from the characters,
 * then repeatedly merge the most frequent adjacent pair of symbols into a new symbol.
 *
 * <ul>
 *   <li><b>Input.</b> Any list of texts: one language's sentences for a per-language model, or both
 *       sides of a parallel corpus for a joint one. Each text is normalised and cut into chunks
 *       as {@link BpeModel} does (a word or punctuation run with the whitespace before it); merges
 *       never cross chunks, and identical chunks are counted once with their frequency.</li>
 *   <li><b>Alphabet.</b> The characters seen at least {@code minCharFrequency} times (1 by
 *       default), in code point order. Rarer characters are left to byte fallback.</li>
 *   <li><b>Merges.</b> Up to {@code merges} of them; learning stops earlier when the most frequent
 *       pair occurs fewer than {@code minPairFrequency} times (2 by default). Within a chunk a
 *       merge applies to every occurrence, left to right ({@code a a a} → {@code aa a}).</li>
 *   <li><b>Ties</b> are broken deterministically: among pairs of equal frequency, the one whose
 *       left symbol is smallest by {@link String#compareTo}, then whose right symbol is. The result
 *       depends only on the multiset of texts, not on their order.</li>
 *   <li><b>Cost.</b> Pair counts are updated incrementally: each merge revisits only the chunks
 *       that hold the pair (found through a pair → chunks index) and changes the counts of the
 *       pairs around it, with a priority queue of counts whose stale entries are skipped when
 *       polled. A full recount per merge would cost the whole corpus each time.</li>
 * </ul>
 */
public final class BpeLearner {

    private final int merges;
    private final int minPairFrequency;
    private final int minCharFrequency;
    private final Normalization normalization;

    private BpeLearner(Builder b) {
        this.merges = b.merges;
        this.minPairFrequency = b.minPairFrequency;
        this.minCharFrequency = b.minCharFrequency;
        this.normalization = b.normalization;
    }

    /** A builder with 10,000 merges, pairs seen at least twice, every character and NFC. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Learns the merges.
     *
     * @param texts the training texts, none null (empty ones are fine)
     * @return the model
     * @throws IllegalArgumentException if {@code texts} or one of them is null
     */
    public BpeModel learn(Iterable<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        Map<String, Integer> chunkCounts = new HashMap<>();
        int index = 0;
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("texts[" + index + "] is null");
            }
            for (String chunk : PreTokenizer.split(normalization.apply(text))) {
                chunkCounts.merge(chunk, 1, Integer::sum);
            }
            index++;
        }
        // alphabet: characters seen often enough, in code point order
        TreeMap<Integer, Long> charCounts = new TreeMap<>();
        for (Map.Entry<String, Integer> e : chunkCounts.entrySet()) {
            int freq = e.getValue();
            e.getKey().codePoints().forEach(c -> charCounts.merge(c, (long) freq, Long::sum));
        }
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> symbolIds = new HashMap<>();
        Map<Integer, Integer> charIds = new HashMap<>();
        for (Map.Entry<Integer, Long> e : charCounts.entrySet()) {
            if (e.getValue() >= minCharFrequency) {
                String s = new String(Character.toChars(e.getKey()));
                charIds.put(e.getKey(), symbols.size());
                symbolIds.put(s, symbols.size());
                symbols.add(s);
            }
        }
        List<String> alphabet = List.copyOf(symbols);

        // words[w]: symbol ids of chunk w (-1 for a character left to byte fallback); freq[w]: its count
        int numWords = chunkCounts.size();
        int[][] words = new int[numWords][];
        int[] freq = new int[numWords];
        int w = 0;
        for (Map.Entry<String, Integer> e : chunkCounts.entrySet()) {
            words[w] = e.getKey().codePoints().map(c -> charIds.getOrDefault(c, -1)).toArray();
            freq[w++] = e.getValue();
        }
        chunkCounts = null;

        Map<SymbolPair, Long> pairCounts = new HashMap<>();
        Map<SymbolPair, IntList> pairWords = new HashMap<>();
        for (w = 0; w < numWords; w++) {
            int[] word = words[w];
            for (int i = 0; i + 1 < word.length; i++) {
                if (word[i] >= 0 && word[i + 1] >= 0) {
                    SymbolPair key = new SymbolPair(word[i], word[i + 1]);
                    pairCounts.merge(key, (long) freq[w], Long::sum);
                    pairWords.computeIfAbsent(key, k -> new IntList()).add(w);
                }
            }
        }
        Comparator<Candidate> order = Comparator.<Candidate>comparingLong(c -> -c.count)
                .thenComparing(c -> symbols.get(c.left))
                .thenComparing(c -> symbols.get(c.right));
        PriorityQueue<Candidate> queue = new PriorityQueue<>(order);
        pairCounts.forEach((key, count) -> queue.add(new Candidate(count, key.left(), key.right())));

        List<List<String>> learned = new ArrayList<>();
        int[] visitedAt = new int[numWords];
        Arrays.fill(visitedAt, -1);
        Map<SymbolPair, Long> delta = new HashMap<>();
        while (learned.size() < merges) {
            Candidate best = queue.poll();
            if (best == null) {
                break;
            }
            SymbolPair key = new SymbolPair(best.left, best.right);
            Long current = pairCounts.get(key);
            if (current == null || current != best.count) {
                continue; // stale entry: the count changed after it was queued
            }
            if (current < minPairFrequency) {
                break;
            }
            int a = best.left;
            int b = best.right;
            String merged = symbols.get(a) + symbols.get(b);
            Integer mergedId = symbolIds.get(merged);
            if (mergedId == null) {
                mergedId = symbols.size();
                symbols.add(merged);
                symbolIds.put(merged, mergedId);
            }
            int step = learned.size();
            learned.add(List.of(symbols.get(a), symbols.get(b)));
            delta.clear();
            IntList holders = pairWords.remove(key);
            for (int h = 0; h < holders.size; h++) {
                int word = holders.values[h];
                if (visitedAt[word] == step) {
                    continue;
                }
                visitedAt[word] = step;
                int[] before = words[word];
                int[] after = merge(before, a, b, mergedId);
                if (after == null) {
                    continue; // the index is stale: an earlier merge removed the pair from this chunk
                }
                int f = freq[word];
                addPairs(before, -f, delta, -1, word, pairWords);
                addPairs(after, f, delta, mergedId, word, pairWords);
                words[word] = after;
            }
            for (Map.Entry<SymbolPair, Long> e : delta.entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                long updated = pairCounts.getOrDefault(e.getKey(), 0L) + e.getValue();
                if (updated <= 0) {
                    pairCounts.remove(e.getKey());
                } else {
                    pairCounts.put(e.getKey(), updated);
                    queue.add(new Candidate(updated, e.getKey().left(), e.getKey().right()));
                }
            }
        }
        return new BpeModel(normalization, alphabet, learned);
    }

    /** The word with every (a, b) merged left to right, or null if it holds no such pair. */
    private static int[] merge(int[] word, int a, int b, int merged) {
        int[] out = null;
        int j = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                if (out == null) {
                    out = new int[word.length - 1];
                    System.arraycopy(word, 0, out, 0, i);
                    j = i;
                }
                out[j++] = merged;
                i++;
            } else if (out != null) {
                out[j++] = word[i];
            }
        }
        return out == null ? null : Arrays.copyOf(out, j);
    }

    /**
     * Adds {@code weight} to the count of every pair of {@code word} in {@code delta}; pairs that
     * contain {@code newSymbol} are also indexed under {@code wordIndex}.
     */
    private static void addPairs(int[] word, long weight, Map<SymbolPair, Long> delta, int newSymbol, int wordIndex,
            Map<SymbolPair, IntList> pairWords) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (word[i] < 0 || word[i + 1] < 0) {
                continue;
            }
            SymbolPair key = new SymbolPair(word[i], word[i + 1]);
            delta.merge(key, weight, Long::sum);
            if (word[i] == newSymbol || word[i + 1] == newSymbol) {
                pairWords.computeIfAbsent(key, k -> new IntList()).add(wordIndex);
            }
        }
    }

    private record Candidate(long count, int left, int right) {
    }

    /** A growable int array (the chunks that hold a pair; may repeat or be stale). */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** Options of {@link BpeLearner}. */
    public static final class Builder {
        private int merges = 10_000;
        private int minPairFrequency = 2;
        private int minCharFrequency = 1;
        private Normalization normalization = Normalization.NFC;

        private Builder() {
        }

        /** The number of merges to learn at most; default 10,000; 0 gives a character-level model. */
        public Builder merges(int merges) {
            if (merges < 0) {
                throw new IllegalArgumentException("merges must be >= 0, got " + merges);
            }
            this.merges = merges;
            return this;
        }

        /** Stop when the most frequent pair occurs fewer times than this; default 2. */
        public Builder minPairFrequency(int minPairFrequency) {
            if (minPairFrequency < 1) {
                throw new IllegalArgumentException("minPairFrequency must be >= 1, got " + minPairFrequency);
            }
            this.minPairFrequency = minPairFrequency;
            return this;
        }

        /** Characters seen fewer times go to byte fallback; default 1 (keep all). */
        public Builder minCharFrequency(int minCharFrequency) {
            if (minCharFrequency < 1) {
                throw new IllegalArgumentException("minCharFrequency must be >= 1, got " + minCharFrequency);
            }
            this.minCharFrequency = minCharFrequency;
            return this;
        }

        /** The Unicode normalisation; default {@link Normalization#NFC}. */
        public Builder normalization(Normalization normalization) {
            if (normalization == null) {
                throw new IllegalArgumentException("normalization must not be null");
            }
            this.normalization = normalization;
            return this;
        }

        public BpeLearner build() {
            return new BpeLearner(this);
        }
    }
}
