package dev.rnn4j.text.bpe;

import dev.rnn4j.text.Tokenizer;
import java.util.List;

/**
 * A tokeniser whose tokens give the text back: {@code decode(tokenize(text))} equals
 * {@link #normalize(String) normalize(text)} exactly, spaces and punctuation included.
 */
public interface ReversibleTokenizer extends Tokenizer {

    /**
     * The text as the tokeniser sees it: well-formed UTF-16 (unpaired surrogates become U+FFFD),
     * then Unicode-normalised.
     *
     * @param text the text; must not be null
     */
    String normalize(String text);

    /**
     * Joins tokens back into text.
     *
     * @param tokens tokens as {@link #tokenize(String)} returns them (or a model predicts them)
     * @return the text; never null
     * @throws IllegalArgumentException if {@code tokens} or one of them is null
     */
    String decode(List<String> tokens);
}
