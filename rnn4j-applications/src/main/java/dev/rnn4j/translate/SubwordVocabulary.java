package dev.rnn4j.translate;

import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.text.bpe.BpeModel;
import dev.rnn4j.text.bpe.ReversibleTokenizer;
import dev.rnn4j.text.bpe.WordLevelTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token ids of one side of a translation model: four special tokens, then every token a
 * {@link BpeModel} can produce, in the model's order; or, for a word-level side, the words kept
 * from the training text.
 *
 * <p>Ids: {@code <pad>} = 0, {@code <sos>} = 1, {@code <eos>} = 2, {@code <unk>} = 3 (the layout of
 * the PyTorch reference model: padding 0, start 1, end 2), then
 * {@link BpeModel#vocabulary()} from id 4. Because that list holds every token the model can
 * produce, byte-fallback tokens included, {@code <unk>} never occurs in encoded text; it is there
 * for ids a caller builds by hand. The vocabulary is a function of the BPE model, so saving the
 * model ({@link BpeModel#save}) saves the vocabulary too.
 *
 * <p>A word-level side ({@link #words}) numbers the chunks of a {@link WordLevelTokenizer} (each
 * word or punctuation run with the whitespace before it) from id 4; a chunk outside the list
 * encodes as {@code <unk>}, a search may produce {@code <unk>}, and decoding writes it as
 * {@code <unk>} (after a space unless it comes first, since the unknown chunk's own whitespace is
 * lost). Its word list is saved next to the model ({@link TranslationModel}). Immutable and
 * thread-safe.
 */
public final class SubwordVocabulary {
    /** The padding token, id {@value #PAD_ID}. */
    public static final String PAD = "<pad>";
    /** The start token fed to the decoder first, id {@value #SOS_ID}. */
    public static final String SOS = "<sos>";
    /** The end token, id {@value #EOS_ID}. */
    public static final String EOS = "<eos>";
    /** The unknown token, id {@value #UNK_ID}; never produced by encoding. */
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int SOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;
    /** Number of special tokens before the subwords. */
    public static final int SPECIALS = 4;

    private final ReversibleTokenizer tokenizer;
    private final boolean wordLevel;
    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private SubwordVocabulary(ReversibleTokenizer tokenizer, boolean wordLevel, List<String> subwords) {
        this.tokenizer = tokenizer;
        this.wordLevel = wordLevel;
        List<String> all = new ArrayList<>(subwords.size() + SPECIALS);
        all.addAll(List.of(PAD, SOS, EOS, UNK));
        all.addAll(subwords);
        this.tokens = List.copyOf(all);
        this.ids = new HashMap<>(all.size() * 2);
        for (int i = 0; i < all.size(); i++) {
            ids.putIfAbsent(all.get(i), i);
        }
    }

    /**
     * The vocabulary of a BPE model.
     *
     * @throws IllegalArgumentException if {@code bpe} is null
     */
    public static SubwordVocabulary of(BpeModel bpe) {
        if (bpe == null) {
            throw new IllegalArgumentException("bpe must not be null");
        }
        return new SubwordVocabulary(bpe, false, bpe.vocabulary());
    }

    /**
     * A word-level vocabulary: the specials, then {@code words} from id {@value #SPECIALS}.
     *
     * @param tokenizer the word-level tokeniser whose chunks the words are
     * @param words     distinct, non-empty chunks, none of them a special token, in id order
     * @throws IllegalArgumentException naming the entry ({@code words[3]}) that is null, empty, a
     *     special token or a repeat, or if an argument is null
     */
    public static SubwordVocabulary words(WordLevelTokenizer tokenizer, List<String> words) {
        if (tokenizer == null || words == null) {
            throw new IllegalArgumentException("tokenizer and words must not be null");
        }
        List<String> specials = List.of(PAD, SOS, EOS, UNK);
        Map<String, Integer> seen = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w == null || w.isEmpty()) {
                throw new IllegalArgumentException("words[" + i + "]: expected a non-empty word, found "
                        + (w == null ? "null" : "\"\""));
            }
            if (specials.contains(w)) {
                throw new IllegalArgumentException("words[" + i + "]: \"" + w + "\" is a special token");
            }
            Integer first = seen.putIfAbsent(w, i);
            if (first != null) {
                throw new IllegalArgumentException("words[" + i + "]: \"" + w + "\" repeats words[" + first + "]");
            }
        }
        return new SubwordVocabulary(tokenizer, true, words);
    }

    /**
     * Search settings for a target side numbered like this: start at {@code <sos>}, end at
     * {@code <eos>}, never emit {@code <pad>}, {@code <sos>} or {@code <unk>} (an unknown word
     * comes out as subwords or byte tokens instead).
     *
     * @param maxLengthRatio output tokens allowed per source token (see {@link DecodeSettings})
     * @param maxLengthOffset output tokens allowed on top
     * @throws IllegalArgumentException as {@link DecodeSettings} does
     */
    public static DecodeSettings decodeSettings(double maxLengthRatio, int maxLengthOffset) {
        return new DecodeSettings(SOS_ID, EOS_ID, maxLengthRatio, maxLengthOffset, new int[] {PAD_ID, SOS_ID, UNK_ID});
    }

    /**
     * Search settings for a target side numbered like this: those of {@link #decodeSettings} for
     * subwords; for words the same except that {@code <unk>} may be produced (a word the
     * vocabulary lacks has no other way out).
     *
     * @throws IllegalArgumentException as {@link DecodeSettings} does
     */
    public DecodeSettings searchSettings(double maxLengthRatio, int maxLengthOffset) {
        if (!wordLevel) {
            return decodeSettings(maxLengthRatio, maxLengthOffset);
        }
        return new DecodeSettings(SOS_ID, EOS_ID, maxLengthRatio, maxLengthOffset, new int[] {PAD_ID, SOS_ID});
    }

    /** Whether the tokens are whole words ({@link #words}) rather than BPE subwords. */
    public boolean wordLevel() {
        return wordLevel;
    }

    /** What a token is, for messages: "words" or "subword tokens". */
    public String unit() {
        return wordLevel ? "words" : "subword tokens";
    }

    /** The tokens after the specials, in id order: the words of a word-level side, the BPE tokens otherwise. */
    public List<String> entries() {
        return tokens.subList(SPECIALS, tokens.size());
    }

    /** The tokenizer whose tokens this vocabulary numbers. */
    public ReversibleTokenizer tokenizer() {
        return tokenizer;
    }

    /** Number of ids, specials included. */
    public int size() {
        return tokens.size();
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * The token of an id.
     *
     * @throws IllegalArgumentException if {@code id} is not in {@code [0, size())}
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), got " + id);
        }
        return tokens.get(id);
    }

    /** The subword tokens of {@code text} (no specials). */
    public List<String> tokenize(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return tokenizer.tokenize(text);
    }

    /** The ids of {@code text}'s subword tokens, without {@code <sos>} or {@code <eos>}. */
    public int[] encode(String text) {
        List<String> subwords = tokenize(text);
        int[] out = new int[subwords.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(subwords.get(i), UNK_ID);
        }
        return out;
    }

    /**
     * The text of decoded ids: stops at the first {@code <eos>}, skips {@code <pad>} and
     * {@code <sos>}, writes {@code <unk>} literally (for words after a space unless it comes first),
     * and joins the tokens back into text, so {@code decode(encode(t))} is the normalised {@code t}
     * when no word of {@code t} is unknown.
     *
     * @throws IllegalArgumentException if {@code ids} is null or an id is out of range
     */
    public String decode(int[] ids) {
        List<String> parts = subwords(ids);
        if (wordLevel) {
            for (int i = 1; i < parts.size(); i++) {
                if (parts.get(i).equals(UNK)) {
                    parts.set(i, " " + UNK);
                }
            }
        }
        return tokenizer.decode(parts);
    }

    /** The subword tokens of ids, cut and skipped as {@link #decode(int[])} does. */
    public List<String> subwords(int[] ids) {
        if (ids == null) {
            throw new IllegalArgumentException("ids must not be null");
        }
        List<String> subwords = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == EOS_ID) {
                break;
            }
            if (id != PAD_ID && id != SOS_ID) {
                subwords.add(token(id));
            }
        }
        return subwords;
    }
}
