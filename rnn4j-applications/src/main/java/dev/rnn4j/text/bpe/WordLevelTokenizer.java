package dev.rnn4j.text.bpe;

import java.util.List;

/**
 * Word-level tokenisation that is reversible: the tokens are the pre-tokenised chunks of
 * {@link BpeModel} (each word or punctuation run with the whitespace before it, e.g.
 * {@code "Der Hund, 2x!"} → {@code ["Der", " Hund", ",", " 2x", "!"]}), so decoding is
 * concatenation. It learns nothing; words missing from a vocabulary are that vocabulary's
 * business ({@code <unk>}), which is what subword units avoid. Thread-safe.
 */
public final class WordLevelTokenizer implements ReversibleTokenizer {

    private final Normalization normalization;

    /** @param normalization the Unicode normalisation applied first; must not be null */
    public WordLevelTokenizer(Normalization normalization) {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        this.normalization = normalization;
    }

    /** The Unicode normalisation applied first. */
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String normalize(String text) {
        return normalization.apply(text);
    }

    @Override
    public List<String> tokenize(String text) {
        return PreTokenizer.split(normalize(text));
    }

    @Override
    public String decode(List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                throw new IllegalArgumentException("tokens[" + i + "] is null");
            }
            sb.append(tokens.get(i));
        }
        return sb.toString();
    }
}
