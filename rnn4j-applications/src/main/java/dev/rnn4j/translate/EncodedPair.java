package dev.rnn4j.translate;

/**
 * A sentence pair as subword ids, without {@code <sos>} and {@code <eos>} (the batcher adds them).
 *
 * @param line the pair's 1-based line number in its files
 * @param source the source sentence's ids, at least one
 * @param target the target sentence's ids, at least one
 */
public record EncodedPair(long line, int[] source, int[] target) {
}
