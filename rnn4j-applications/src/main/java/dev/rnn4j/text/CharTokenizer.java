package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Character-level tokenizer: one token per Unicode code point (a surrogate pair is one token),
 * white space included, optionally lower-cased first. Runs of white space can be collapsed to a
 * single space.
 */
public final class CharTokenizer implements Tokenizer {
    private final boolean lowerCase;
    private final boolean collapseWhitespace;

    /** No lower-casing; runs of white space collapsed to one space and trimmed at both ends. */
    public CharTokenizer() {
        this(false, true);
    }

    /**
     * @param lowerCase lower-case the text first ({@link Locale#ROOT} rules)
     * @param collapseWhitespace replace each run of white space by one {@code " "} token and drop
     *     leading and trailing white space; when false every character is a token
     */
    public CharTokenizer(boolean lowerCase, boolean collapseWhitespace) {
        this.lowerCase = lowerCase;
        this.collapseWhitespace = collapseWhitespace;
    }

    @Override
    public List<String> tokenize(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        String input = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        if (collapseWhitespace) {
            input = input.strip();
        }
        List<String> tokens = new ArrayList<>(input.length());
        boolean previousWasSpace = false;
        int i = 0;
        while (i < input.length()) {
            int cp = input.codePointAt(i);
            i += Character.charCount(cp);
            if (collapseWhitespace && Character.isWhitespace(cp)) {
                if (!previousWasSpace) {
                    tokens.add(" ");
                }
                previousWasSpace = true;
                continue;
            }
            previousWasSpace = false;
            tokens.add(new String(Character.toChars(cp)));
        }
        return tokens;
    }

    @Override
    public String toString() {
        return "CharTokenizer[lowerCase=" + lowerCase + ", collapseWhitespace=" + collapseWhitespace + "]";
    }
}
