package dev.rnn4j.translate;

import java.nio.file.Path;
import java.util.List;

/**
 * The sentence pairs of two parallel files, line {@code i} of one being the translation of line
 * {@code i} of the other.
 *
 * @param sourceFile the file of the source sentences
 * @param targetFile the file of the target sentences
 * @param pairs the pairs in file order, each with its line number; unmodifiable
 * @param emptyLines the line numbers of the pairs skipped because one side (or both) is empty
 *     or only whitespace, in file order; unmodifiable
 */
public record ParallelCorpus(Path sourceFile, Path targetFile, List<SentencePair> pairs, List<Long> emptyLines) {

    public ParallelCorpus {
        pairs = List.copyOf(pairs);
        emptyLines = List.copyOf(emptyLines);
    }

    /** Number of sentence pairs kept. */
    public int size() {
        return pairs.size();
    }

    /**
     * One line for a log: how many pairs were read and, when some were skipped, how many and the
     * first few of their line numbers, e.g. {@code "29000 sentence pairs from train.de / train.en
     * (2 skipped with an empty side: lines 17, 230)"}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(pairs.size()).append(" sentence pairs from ").append(sourceFile).append(" / ").append(targetFile);
        if (!emptyLines.isEmpty()) {
            sb.append(" (").append(emptyLines.size()).append(" skipped with an empty side: line")
                    .append(emptyLines.size() == 1 ? " " : "s ");
            int shown = Math.min(5, emptyLines.size());
            for (int i = 0; i < shown; i++) {
                sb.append(i == 0 ? "" : ", ").append(emptyLines.get(i));
            }
            sb.append(emptyLines.size() > shown ? ", ...)" : ")");
        }
        return sb.toString();
    }
}
