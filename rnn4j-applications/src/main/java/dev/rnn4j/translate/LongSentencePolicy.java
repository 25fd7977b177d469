package dev.rnn4j.translate;

/**
 * What translation does with a source sentence of more subword tokens than the model's maximum.
 *
 * <p>Training always skips pairs with a side over the maximum and reports how many (as fairseq
 * skips "samples with invalid sizes" in training and OpenNMT filters by
 * {@code src_seq_length}/{@code tgt_seq_length}); see {@link PairEncoder#encodeTraining}. At
 * translation time the default is {@link #ERROR}, as {@code fairseq-generate} refuses an input
 * over its maximum unless told to skip it: a silently shortened translation would be scored as
 * if it were complete.
 */
public enum LongSentencePolicy {
    /** Fail with a message giving the sentence's length and the maximum. */
    ERROR,
    /** Translate the first {@code maxTokens} subword tokens only. */
    TRUNCATE
}
