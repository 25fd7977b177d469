package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word-level tokenizer: splits on white space and, optionally, splits punctuation off words and
 * lower-cases.
 *
 * <p>White space is {@link Character#isWhitespace(int)}, which deliberately excludes the no-break
 * space U+00A0, so SST's leaf token {@code "2\u00A01\/2"} stays one token.
 *
 * <p>With punctuation splitting on, each white-space chunk is cut into words and single
 * punctuation characters, with these exceptions that keep common tokens whole:
 * <ul>
 *   <li>an apostrophe between two letters stays in the word: {@code don't}, {@code it's},
 *       {@code n't} (PTB-style clitic as in SST) are single tokens;</li>
 *   <li>an apostrophe at the start of a chunk followed only by a clitic ({@code 's}, {@code 't},
 *       {@code 'd}, {@code 'm}, {@code 're}, {@code 've}, {@code 'll}) stays attached, as PTB writes
 *       them;</li>
 *   <li>a hyphen between two letters or digits stays in the word: {@code re-imagining};</li>
 *   <li>a period, comma or colon between two digits stays in the number: {@code 1.5},
 *       {@code 10,000}, {@code 3:30};</li>
 *   <li>the PTB bracket escapes {@code -LRB-}, {@code -RRB-}, {@code -LSB-}, {@code -RSB-},
 *       {@code -LCB-}, {@code -RCB-} (any case) stay whole.</li>
 * </ul>
 * Example: {@code "Don't stop -- it's \"great\"!"} gives
 * {@code [don't, stop, -, -, it's, ", great, ", !]} with the defaults.
 */
public final class WordTokenizer implements Tokenizer {
    private final boolean lowerCase;
    private final boolean splitPunctuation;

    /** Lower-casing and punctuation splitting both on. */
    public WordTokenizer() {
        this(true, true);
    }

    /**
     * @param lowerCase lower-case every token ({@link Locale#ROOT} rules)
     * @param splitPunctuation split punctuation off words; when false, tokens are the white-space
     *     separated chunks unchanged (right for data that is already tokenized, like SST)
     */
    public WordTokenizer(boolean lowerCase, boolean splitPunctuation) {
        this.lowerCase = lowerCase;
        this.splitPunctuation = splitPunctuation;
    }

    /** Whether tokens are lower-cased. */
    public boolean lowerCase() {
        return lowerCase;
    }

    /** Whether punctuation is split off words. */
    public boolean splitPunctuation() {
        return splitPunctuation;
    }

    @Override
    public List<String> tokenize(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        String input = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> tokens = new ArrayList<>();
        int n = input.length();
        int i = 0;
        while (i < n) {
            int cp = input.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                int c = input.codePointAt(i);
                if (Character.isWhitespace(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            String chunk = input.substring(start, i);
            if (splitPunctuation) {
                splitChunk(chunk, tokens);
            } else {
                tokens.add(chunk);
            }
        }
        return tokens;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isPtbBracket(String chunk) {
        if (chunk.length() != 5 || chunk.charAt(0) != '-' || chunk.charAt(4) != '-') {
            return false;
        }
        String inner = chunk.substring(1, 4).toUpperCase(Locale.ROOT);
        return inner.equals("LRB") || inner.equals("RRB") || inner.equals("LSB")
                || inner.equals("RSB") || inner.equals("LCB") || inner.equals("RCB");
    }

    private static boolean isClitic(String rest) {
        String r = rest.toLowerCase(Locale.ROOT);
        return r.equals("s") || r.equals("t") || r.equals("d") || r.equals("m")
                || r.equals("re") || r.equals("ve") || r.equals("ll");
    }

    /** Cuts one white-space-free chunk into words and punctuation characters. */
    private static void splitChunk(String chunk, List<String> out) {
        if (isPtbBracket(chunk)) {
            out.add(chunk);
            return;
        }
        int n = chunk.length();
        if (n > 1 && isApostrophe(chunk.charAt(0)) && isClitic(chunk.substring(1))) {
            out.add(chunk);
            return;
        }
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < n) {
            int cp = chunk.codePointAt(i);
            int width = Character.charCount(cp);
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0 && i + width < n && joinsWord(cp, word, chunk.codePointAt(i + width))) {
                word.appendCodePoint(cp);
            } else {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            }
            i += width;
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    /** Whether the connector {@code cp} between the word so far and {@code next} stays inside. */
    private static boolean joinsWord(int cp, StringBuilder word, int next) {
        int prev = word.codePointBefore(word.length());
        if (isApostrophe(cp)) {
            return Character.isLetter(prev) && Character.isLetter(next);
        }
        if (cp == '-') {
            return Character.isLetterOrDigit(prev) && Character.isLetterOrDigit(next);
        }
        if (cp == '.' || cp == ',' || cp == ':') {
            return Character.isDigit(prev) && Character.isDigit(next);
        }
        return false;
    }

    @Override
    public String toString() {
        return "WordTokenizer[lowerCase=" + lowerCase + ", splitPunctuation=" + splitPunctuation + "]";
    }
}
