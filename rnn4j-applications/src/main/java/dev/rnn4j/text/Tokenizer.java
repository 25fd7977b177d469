package dev.rnn4j.text;

import java.util.List;

/** Splits a text into tokens. Implementations are stateless and thread-safe. */
public interface Tokenizer {

    /**
     * Splits {@code text} into tokens.
     *
     * @param text the text; must not be null
     * @return the tokens in order, possibly empty (for a blank text); never null
     * @throws IllegalArgumentException if {@code text} is null
     */
    List<String> tokenize(String text);
}
