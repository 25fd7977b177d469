package dev.rnn4j.translate;

import dev.rnn4j.text.bpe.Normalization;
import dev.rnn4j.text.bpe.WordLevelTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word vocabularies of the two sides of a translation model, one per language: the word-level
 * option next to BPE ({@link SubwordModels}).
 *
 * <p>Words are the chunks of a {@link WordLevelTokenizer} with NFC normalisation: each word or
 * punctuation run with the whitespace before it ({@code "Ein Hund."} → {@code ["Ein", " Hund",
 * "."]}), so a sentence-initial word and the same word after a space are two entries and
 * detokenisation is concatenation. A side keeps the words seen at least {@code minCount} times in
 * its training sentences, most frequent first (ties in {@link String#compareTo} order, so the result
 * depends only on the corpus), at most {@code maxWords} of them; every other word becomes
 * {@code <unk>}, in the input and in the output.
 *
 * @param source the source language's words
 * @param target the target language's words
 */
public record WordVocabularies(SubwordVocabulary source, SubwordVocabulary target) implements TranslationTokens {

    public WordVocabularies {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target must not be null");
        }
        if (!source.wordLevel() || !target.wordLevel()) {
            throw new IllegalArgumentException("source and target: expected word-level vocabularies, got "
                    + source.unit() + " / " + target.unit());
        }
    }

    /**
     * Counts the words of each side of a training corpus and keeps the frequent ones.
     *
     * @param corpus   the training pairs
     * @param maxWords the most words kept per language (the four special tokens not counted), 0 for no cap
     * @param minCount the fewest occurrences of a kept word, at least 1
     * @throws IllegalArgumentException if {@code corpus} is null, {@code maxWords < 0}, {@code minCount < 1},
     *     or no word of a side occurs {@code minCount} times
     */
    public static WordVocabularies learn(ParallelCorpus corpus, int maxWords, int minCount) {
        if (corpus == null) {
            throw new IllegalArgumentException("corpus must not be null");
        }
        if (maxWords < 0) {
            throw new IllegalArgumentException("maxWords: expected at least 0 (0 for no cap), got " + maxWords);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount: expected at least 1, got " + minCount);
        }
        WordLevelTokenizer tokenizer = new WordLevelTokenizer(Normalization.NFC);
        List<String> sources = new ArrayList<>(corpus.size());
        List<String> targets = new ArrayList<>(corpus.size());
        for (SentencePair pair : corpus.pairs()) {
            sources.add(pair.source());
            targets.add(pair.target());
        }
        List<String> sourceWords = frequentWords(tokenizer, sources, maxWords, minCount, corpus.sourceFile());
        List<String> targetWords = frequentWords(tokenizer, targets, maxWords, minCount, corpus.targetFile());
        return new WordVocabularies(SubwordVocabulary.words(tokenizer, sourceWords),
                SubwordVocabulary.words(tokenizer, targetWords));
    }

    private static List<String> frequentWords(WordLevelTokenizer tokenizer, List<String> sentences, int maxWords,
                                              int minCount, Path file) {
        Map<String, Integer> counts = new HashMap<>();
        for (String sentence : sentences) {
            for (String word : tokenizer.tokenize(sentence)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(file + ": no word occurs at least " + minCount + " times ("
                    + counts.size() + " distinct words); lower the minimum count");
        }
        kept.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                .thenComparing(Map.Entry::getKey));
        int n = maxWords == 0 ? kept.size() : Math.min(maxWords, kept.size());
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(kept.get(i).getKey());
        }
        return words;
    }

    /** {@code word}. */
    @Override
    public String unit() {
        return "word";
    }

    @Override
    public SubwordVocabulary sourceVocabulary() {
        return source;
    }

    @Override
    public SubwordVocabulary targetVocabulary() {
        return target;
    }
}
