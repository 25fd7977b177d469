package dev.rnn4j.translate;

import java.util.List;

/**
 * The encoded pairs of a corpus that fit the maximum length.
 *
 * @param pairs the pairs in corpus order; unmodifiable
 * @param tooLongLines line numbers of the pairs skipped because a side had more subword tokens
 *     than the maximum; unmodifiable
 * @param maxTokens the maximum, in subword tokens per side ({@code <sos>}/{@code <eos>} not counted)
 */
public record EncodedCorpus(List<EncodedPair> pairs, List<Long> tooLongLines, int maxTokens) {

    public EncodedCorpus {
        pairs = List.copyOf(pairs);
        tooLongLines = List.copyOf(tooLongLines);
    }

    /** One line for a log, e.g. {@code "29000 pairs encoded (3 skipped with a side over 100 subword tokens)"}. */
    public String summary() {
        return pairs.size() + " pairs encoded" + (tooLongLines.isEmpty() ? ""
                : " (" + tooLongLines.size() + " skipped with a side over " + maxTokens + " subword tokens, first at line "
                        + tooLongLines.get(0) + ")");
    }
}
