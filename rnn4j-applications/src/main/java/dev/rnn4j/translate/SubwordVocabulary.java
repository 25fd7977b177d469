package dev.rnn4j.translate;

import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.text.bpe.BpeModel;
import dev.rnn4j.text.bpe.ReversibleTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token ids of one side of a translation model: four special tokens, then every token a
 * {@link BpeModel} can produce, in the model's order.
 *
 * <p>Ids: {@code <pad>} = 0, {@code <sos>} = 1, {@code <eos>} = 2, {@code <unk>} = 3 (the layout of
 * the PyTorch reference model: padding 0, start 1, end 2), then
 * {@link BpeModel#vocabulary()} from id 4. Because that list holds every token the model can
 * produce, byte-fallback tokens included, {@code <unk>} never occurs in encoded text; it is there
 * for ids a caller builds by hand. The vocabulary is a function of the BPE model, so saving the
 * model ({@link BpeModel#save}) saves the vocabulary too. Immutable and thread-safe.
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
    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private SubwordVocabulary(ReversibleTokenizer tokenizer, List<String> subwords) {
        this.tokenizer = tokenizer;
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
        return new SubwordVocabulary(bpe, bpe.vocabulary());
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
     * {@code <sos>}, writes {@code <unk>} literally, and joins the subwords back into text, so
     * {@code decode(encode(t))} is the normalised {@code t}.
     *
     * @throws IllegalArgumentException if {@code ids} is null or an id is out of range
     */
    public String decode(int[] ids) {
        return tokenizer.decode(subwords(ids));
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
