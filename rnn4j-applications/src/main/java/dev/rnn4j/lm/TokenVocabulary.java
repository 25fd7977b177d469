package dev.rnn4j.lm;

/**
 * The ids a language model reads and predicts: characters ({@link CharVocabulary}, the default) or BPE subwords
 * ({@link BpeVocabulary}). Either way id {@value #UNKNOWN} is an unknown symbol that generation never produces.
 * Implementations are immutable and thread-safe; a {@link Decoder} is not.
 */
public sealed interface TokenVocabulary permits CharVocabulary, BpeVocabulary {

    /** The id of the unknown symbol. */
    int UNKNOWN = 0;

    /** The token unit as the command line and {@code config.json} name it: {@code char} or {@code bpe}. */
    String unit();

    /** Number of ids, the unknown symbol included. */
    int size();

    /**
     * The ids of {@code text}; what the vocabulary cannot represent becomes {@link #UNKNOWN}.
     *
     * @throws IllegalArgumentException if {@code text} is null
     */
    int[] encode(String text);

    /**
     * The ids of {@code text}, which must not need the unknown symbol (the policy for a priming text).
     *
     * @param what names the text in the error, e.g. "prime"
     * @throws IllegalArgumentException naming what the vocabulary cannot represent
     */
    int[] encodeKnown(String text, String what);

    /**
     * The characters (code points) id {@code id} stands for, so that scores per token convert to bits per
     * character: 1 for a character and for the unknown symbol, a subword's length, and for a byte of UTF-8 1 if it
     * starts a character and 0 if it continues one.
     *
     * @throws IllegalArgumentException if {@code id} is not in {@code [0, size())}
     */
    int characters(int id);

    /** A decoder for one stream of generated ids. */
    Decoder decoder();

    /** Turns generated ids into text as they come; one per stream of ids. */
    interface Decoder {
        /**
         * The text that id {@code id} completes: a character, a subword, or "" for part of a character that later
         * ids finish.
         */
        String next(int id);

        /** The text of anything still held back (U+FFFD for an unfinished character), or "". */
        String finish();
    }
}
