package dev.rnn4j.lm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters of a language model: every distinct Unicode code point of the training text, in
 * code-point order, after the unknown symbol.
 *
 * <p>Ids: {@value #UNKNOWN} is the unknown symbol; {@code 1..size()-1} are the training text's code points in
 * ascending order (a surrogate pair is one character). {@link #encode} maps every character the training text
 * did not contain (in a validation text, say) to the unknown id; the model never sees it as a target in
 * training, and generation never produces it. {@link #encodeKnown} instead rejects such characters, naming
 * them (the policy for a priming text).
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class CharVocabulary implements TokenVocabulary {

    /** The id of the unknown symbol. */
    public static final int UNKNOWN = TokenVocabulary.UNKNOWN;
    /** How the unknown symbol is written when decoded (U+FFFD, the replacement character). */
    public static final String UNKNOWN_TEXT = "\uFFFD";

    private final int[] codePoints;          // id -> code point; codePoints[0] unused
    private final Map<Integer, Integer> ids; // code point -> id

    private CharVocabulary(int[] codePoints) {
        this.codePoints = codePoints;
        this.ids = new HashMap<>();
        for (int id = 1; id < codePoints.length; id++) {
            ids.put(codePoints[id], id);
        }
    }

    /**
     * The vocabulary of {@code text}.
     *
     * @throws IllegalArgumentException if the text is null or has fewer than 2 characters (nothing to predict)
     */
    public static CharVocabulary of(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a training text, got null");
        }
        int count = text.codePointCount(0, text.length());
        if (count < 2) {
            throw new IllegalArgumentException("text: expected at least 2 characters (a character and the one that "
                    + "follows it), got " + (count == 0 ? "an empty text" : "1 character"));
        }
        TreeSet<Integer> distinct = new TreeSet<>();
        text.codePoints().forEach(distinct::add);
        int[] cps = new int[distinct.size() + 1];
        int id = 1;
        for (int cp : distinct) {
            cps[id++] = cp;
        }
        return new CharVocabulary(cps);
    }

    /**
     * The vocabulary of the listed characters (one code point each, distinct, in id order from 1), as saved
     * by {@link #symbols()}.
     *
     * @throws IllegalArgumentException if a symbol is not exactly one code point or appears twice
     */
    public static CharVocabulary ofSymbols(List<String> symbols) {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols: expected at least one character, got "
                    + (symbols == null ? "null" : "none"));
        }
        int[] cps = new int[symbols.size() + 1];
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("symbols[" + i + "]: expected one character, got "
                        + (s == null ? "null" : "\"" + s + "\""));
            }
            cps[i + 1] = s.codePointAt(0);
        }
        CharVocabulary v = new CharVocabulary(cps);
        if (v.ids.size() != symbols.size()) {
            throw new IllegalArgumentException("symbols: expected distinct characters, got a repeated one in "
                    + symbols.size() + " symbols");
        }
        return v;
    }

    /** {@code char}. */
    @Override
    public String unit() {
        return "char";
    }

    /** Number of ids, the unknown symbol included. */
    @Override
    public int size() {
        return codePoints.length;
    }

    /** The known characters in id order (id 1 first), one string per code point. */
    public List<String> symbols() {
        List<String> out = new ArrayList<>(codePoints.length - 1);
        for (int id = 1; id < codePoints.length; id++) {
            out.add(new String(Character.toChars(codePoints[id])));
        }
        return Collections.unmodifiableList(out);
    }

    /** The id of code point {@code cp}, or {@link #UNKNOWN}. */
    public int id(int cp) {
        Integer id = ids.get(cp);
        return id == null ? UNKNOWN : id;
    }

    /** Whether {@code cp} has an id of its own. */
    public boolean contains(int cp) {
        return ids.containsKey(cp);
    }

    /** The ids of {@code text}'s code points; characters not in the vocabulary become {@link #UNKNOWN}. */
    @Override
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a string, got null");
        }
        return text.codePoints().map(this::id).toArray();
    }

    /**
     * The ids of {@code text}'s code points, every one of which must be in the vocabulary.
     *
     * @param what names the text in the error, e.g. "prime"
     * @throws IllegalArgumentException naming the characters that are not in the vocabulary and where the first is
     */
    @Override
    public int[] encodeKnown(String text, String what) {
        int[] out = encode(text);
        TreeSet<String> unknown = new TreeSet<>();
        int first = -1;
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == UNKNOWN) {
                unknown.add(describe(cps[i]));
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + unknown.size() + " character(s) not in the model's "
                    + "vocabulary of " + (size() - 1) + " characters: " + String.join(", ", unknown)
                    + " (first at character " + first + "); the model only knows the characters of its training text");
        }
        return out;
    }

    /** The text of one id ({@link #UNKNOWN_TEXT} for the unknown symbol). */
    public String decode(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IllegalArgumentException("id: expected 0.." + (codePoints.length - 1) + ", got " + id);
        }
        return id == UNKNOWN ? UNKNOWN_TEXT : new String(Character.toChars(codePoints[id]));
    }

    /** 1: every id is one character. */
    @Override
    public int characters(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IllegalArgumentException("id: expected 0.." + (codePoints.length - 1) + ", got " + id);
        }
        return 1;
    }

    /** Each id's character at once ({@link #decode(int)}). */
    @Override
    public Decoder decoder() {
        return new Decoder() {
            @Override
            public String next(int id) {
                return decode(id);
            }

            @Override
            public String finish() {
                return "";
            }
        };
    }

    /** A character as it reads in a message: {@code 'x'} or its code point for control and space characters. */
    static String describe(int cp) {
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
            return String.format("U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    @Override
    public String toString() {
        return "CharVocabulary[" + (size() - 1) + " characters + unknown]";
    }
}
