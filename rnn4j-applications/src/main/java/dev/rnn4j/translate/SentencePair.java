package dev.rnn4j.translate;

/**
 * One sentence and its translation.
 *
 * @param line the 1-based line number of both sentences in their files
 * @param source the source sentence, whitespace stripped at both ends, not empty
 * @param target the target sentence, whitespace stripped at both ends, not empty
 */
public record SentencePair(long line, String source, String target) {
}
