package dev.rnn4j.lm;

import dev.rnn4j.text.bpe.BpeLearner;
import dev.rnn4j.text.bpe.BpeModel;
import dev.rnn4j.text.bpe.StreamingDecoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BPE subwords of a language model: id {@value #UNKNOWN} is the unknown symbol, then every token of a
 * {@link BpeModel} in the model's order (its alphabet, its merges, the 256 byte tokens {@code <0x00>} to
 * {@code <0xFF>}).
 *
 * <p>Learned on the training text read as one string ({@link #learn}), so line breaks belong to the chunks they
 * precede ({@code "\n\nROMEO"}) and get merged like any whitespace. Byte fallback encodes every text, so the
 * unknown symbol never occurs in encoded text: it is there so that ids line up with {@link CharVocabulary}
 * (generation never produces id 0), and a priming text may hold any character (one the training text lacked
 * becomes byte tokens). Texts are NFC-normalised before encoding, so the characters counted for bits per character
 * are those of the normalised text.
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class BpeVocabulary implements TokenVocabulary {

    /** How the unknown symbol is written when decoded (U+FFFD, as for characters). */
    public static final String UNKNOWN_TEXT = CharVocabulary.UNKNOWN_TEXT;

    private final BpeModel bpe;
    private final List<String> tokens;       // id -> token; tokens[0] is the unknown symbol
    private final Map<String, Integer> ids;  // token -> id
    private final int[] characters;          // id -> characters it stands for

    private BpeVocabulary(BpeModel bpe) {
        this.bpe = bpe;
        List<String> all = new ArrayList<>();
        all.add(UNKNOWN_TEXT);
        all.addAll(bpe.vocabulary());
        this.tokens = List.copyOf(all);
        this.ids = new HashMap<>(all.size() * 2);
        this.characters = new int[all.size()];
        characters[UNKNOWN] = 1;
        for (int id = 1; id < all.size(); id++) {
            String token = all.get(id);
            ids.putIfAbsent(token, id);
            int b = BpeModel.byteValue(token);
            characters[id] = b < 0 ? token.codePointCount(0, token.length()) : (b & 0xC0) == 0x80 ? 0 : 1;
        }
    }

    /**
     * Learns {@code merges} BPE merges (fewer when no pair occurs twice any more) on {@code text}, NFC-normalised.
     *
     * @throws IllegalArgumentException if the text is null or has fewer than 2 characters, or {@code merges < 1}
     */
    public static BpeVocabulary learn(String text, int merges) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a training text, got null");
        }
        if (merges < 1) {
            throw new IllegalArgumentException("merges: expected at least 1, got " + merges
                    + " (for single characters use a character model)");
        }
        int count = text.codePointCount(0, text.length());
        if (count < 2) {
            throw new IllegalArgumentException("text: expected at least 2 characters (a character and the one that "
                    + "follows it), got " + (count == 0 ? "an empty text" : "1 character"));
        }
        return new BpeVocabulary(BpeLearner.builder().merges(merges).build().learn(List.of(text)));
    }

    /**
     * The vocabulary of a BPE model, as saved with a language model.
     *
     * @throws IllegalArgumentException if {@code bpe} is null
     */
    public static BpeVocabulary of(BpeModel bpe) {
        if (bpe == null) {
            throw new IllegalArgumentException("bpe: expected a BPE model, got null");
        }
        return new BpeVocabulary(bpe);
    }

    /** The BPE model. */
    public BpeModel bpe() {
        return bpe;
    }

    /** The merges the model learned. */
    public int merges() {
        return bpe.merges().size();
    }

    /** {@code bpe}. */
    @Override
    public String unit() {
        return "bpe";
    }

    @Override
    public int size() {
        return tokens.size();
    }

    /**
     * The token of an id ({@link #UNKNOWN_TEXT} for the unknown symbol, {@code <0xHH>} for a byte).
     *
     * @throws IllegalArgumentException if {@code id} is not in {@code [0, size())}
     */
    public String token(int id) {
        check(id);
        return tokens.get(id);
    }

    /** The ids of {@code text}'s subwords; never {@link #UNKNOWN} (byte fallback encodes any character). */
    @Override
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a string, got null");
        }
        List<String> subwords = bpe.tokenize(text);
        int[] out = new int[subwords.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(subwords.get(i), UNKNOWN);
        }
        return out;
    }

    /** {@link #encode}: every text is known to a BPE vocabulary, so this never fails on a non-null text. */
    @Override
    public int[] encodeKnown(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + ": expected a string, got null");
        }
        return encode(text);
    }

    @Override
    public int characters(int id) {
        check(id);
        return characters[id];
    }

    /** Subwords at once, byte tokens once they complete a character ({@link StreamingDecoder}). */
    @Override
    public Decoder decoder() {
        StreamingDecoder bytes = new StreamingDecoder();
        return new Decoder() {
            @Override
            public String next(int id) {
                check(id);
                return id == UNKNOWN ? bytes.finish() + UNKNOWN_TEXT : bytes.append(tokens.get(id));
            }

            @Override
            public String finish() {
                return bytes.finish();
            }
        };
    }

    private void check(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id: expected 0.." + (tokens.size() - 1) + ", got " + id);
        }
    }

    @Override
    public String toString() {
        return "BpeVocabulary[" + merges() + " merges, " + (size() - 1) + " subwords + unknown]";
    }
}
