package dev.rnn4j.text.bpe;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits normalised text into the chunks that merges never cross: each chunk is the whitespace
 * before it followed by one maximal run of word characters (letters, digits, combining marks) or
 * one maximal run of other non-space characters (punctuation, symbols, emoji); whitespace at the
 * end of the text is a chunk of its own. The chunks concatenate to the text exactly.
 *
 * <p>Example: {@code "Der Hund, 2x!"} → {@code ["Der", " Hund", ",", " 2x", "!"]}.
 */
final class PreTokenizer {

    private PreTokenizer() {
    }

    /** Whitespace: Java's whitespace plus the no-break spaces (U+00A0, U+2007, U+202F). */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isWordCharacter(int c) {
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && isSpace(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            if (i < n) {
                boolean word = isWordCharacter(text.codePointAt(i));
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (isSpace(c) || isWordCharacter(c) != word) {
                        break;
                    }
                    i += Character.charCount(c);
                }
            }
            chunks.add(text.substring(start, i));
        }
        return chunks;
    }
}
