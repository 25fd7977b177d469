package dev.rnn4j.translate;

import java.util.Arrays;
import java.util.List;

/**
 * The translation of one sentence ({@link Translator#predict}).
 *
 * @param source       the source sentence as given
 * @param candidates   the n-best list, best first (at least one); {@code candidates.get(0)} is the translation
 * @param sourceTokens the source's subword tokens, {@code <eos>} last: the attention's columns
 * @param attention    the best candidate's attention, (T, S): row t for its t-th subword token, the last row
 *                     for {@code <eos>}; S = {@code sourceTokens.size()}
 */
public record Translation(String source, List<Candidate> candidates, List<String> sourceTokens, float[][] attention) {

    public Translation {
        candidates = List.copyOf(candidates);
        sourceTokens = List.copyOf(sourceTokens);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates: expected at least one, got none");
        }
    }

    /** The best translation, detokenised. */
    public String text() {
        return candidates.get(0).text();
    }

    /** The best candidate's subword tokens with {@code <eos>} last: the attention's rows. */
    public List<String> targetTokens() {
        return candidates.get(0).tokens();
    }

    /**
     * One hypothesis of the search.
     *
     * @param text           the detokenised translation
     * @param tokens         its subword tokens, {@code <eos>} last
     * @param score          what the search ranked by: the log-probability divided by the length penalty
     * @param logProbability the model's log-probability of the tokens, {@code <eos>} included
     */
    public record Candidate(String text, List<String> tokens, double score, double logProbability) {
        public Candidate {
            tokens = List.copyOf(tokens);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Translation t && t.source.equals(source) && t.candidates.equals(candidates)
                && t.sourceTokens.equals(sourceTokens) && Arrays.deepEquals(t.attention, attention);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + candidates.hashCode();
    }

    @Override
    public String toString() {
        return "Translation[" + text() + ", " + candidates.size() + " candidate(s)]";
    }
}
