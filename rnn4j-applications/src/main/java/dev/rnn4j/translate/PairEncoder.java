package dev.rnn4j.translate;

import dev.rnn4j.text.DataFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns sentences into subword ids for a translation model, enforcing its maximum length in
 * subword tokens per side ({@code <sos>} and {@code <eos>} not counted).
 *
 * <p>Training pairs with a side over the maximum are skipped and counted
 * ({@link #encodeTraining}); a sentence to translate over it is an error or truncated, as its
 * {@link LongSentencePolicy} says ({@link #encodeSource}). Thread-safe.
 */
public final class PairEncoder {
    private final SubwordVocabulary source;
    private final SubwordVocabulary target;
    private final int maxTokens;

    /**
     * @param source the source side's vocabulary
     * @param target the target side's vocabulary
     * @param maxTokens the maximum number of subword tokens per sentence, at least 1
     * @throws IllegalArgumentException if a vocabulary is null or {@code maxTokens < 1}
     */
    public PairEncoder(SubwordVocabulary source, SubwordVocabulary target, int maxTokens) {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target vocabularies must not be null");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        this.source = source;
        this.target = target;
        this.maxTokens = maxTokens;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /**
     * Encodes the pairs of a training (or validation) corpus, skipping those with a side of more
     * than {@code maxTokens} subword tokens.
     *
     * @throws IllegalArgumentException if {@code corpus} is null
     * @throws DataFormatException if every pair is too long
     */
    public EncodedCorpus encodeTraining(ParallelCorpus corpus) {
        if (corpus == null) {
            throw new IllegalArgumentException("corpus must not be null");
        }
        List<EncodedPair> pairs = new ArrayList<>(corpus.size());
        List<Long> tooLong = new ArrayList<>();
        for (SentencePair pair : corpus.pairs()) {
            int[] sourceIds = source.encode(pair.source());
            int[] targetIds = target.encode(pair.target());
            if (sourceIds.length > maxTokens || targetIds.length > maxTokens) {
                tooLong.add(pair.line());
            } else {
                pairs.add(new EncodedPair(pair.line(), sourceIds, targetIds));
            }
        }
        if (pairs.isEmpty()) {
            throw new DataFormatException(corpus.sourceFile(), 0, "every one of the " + corpus.size()
                    + " sentence pairs has a side of more than " + maxTokens + " " + source.unit() + "; raise the maximum");
        }
        return new EncodedCorpus(pairs, tooLong, maxTokens);
    }

    /**
     * Encodes a sentence to translate.
     *
     * @param sentence the source sentence; must not be empty after stripping whitespace
     * @param policy what to do when it has more than {@code maxTokens} subword tokens
     * @return its subword ids, without {@code <eos>}, at most {@code maxTokens}
     * @throws IllegalArgumentException if an argument is null, the sentence is empty, or it is too
     *     long under {@link LongSentencePolicy#ERROR} (giving its length and the maximum)
     */
    public int[] encodeSource(String sentence, LongSentencePolicy policy) {
        if (sentence == null || policy == null) {
            throw new IllegalArgumentException("sentence and policy must not be null");
        }
        if (sentence.isBlank()) {
            throw new IllegalArgumentException("sentence is empty; there is nothing to translate");
        }
        int[] ids = source.encode(sentence.strip());
        if (ids.length <= maxTokens) {
            return ids;
        }
        if (policy == LongSentencePolicy.TRUNCATE) {
            return Arrays.copyOf(ids, maxTokens);
        }
        throw new IllegalArgumentException("sentence has " + ids.length + " " + source.unit()
                + ", more than the model's maximum of " + maxTokens
                + "; split it into shorter sentences, or truncate it (LongSentencePolicy.TRUNCATE)");
    }
}
