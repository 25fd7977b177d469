package dev.rnn4j.translate;

/**
 * How a translation model cuts sentences into tokens, for both sides: BPE subwords
 * ({@link SubwordModels}, the default) or whole words ({@link WordVocabularies}).
 */
public sealed interface TranslationTokens permits SubwordModels, WordVocabularies {

    /** The token unit as the command line and {@code config.json} name it: {@code bpe} or {@code word}. */
    String unit();

    /** The source side's ids. */
    SubwordVocabulary sourceVocabulary();

    /** The target side's ids. */
    SubwordVocabulary targetVocabulary();
}
