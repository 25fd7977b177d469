package dev.rnn4j.metrics.translation;

import java.util.ArrayList;
import java.util.List;

/**
 * Argument checks and per-segment regrouping shared by {@link Bleu} and {@link Chrf}: references
 * come as sacreBLEU takes them, a list of reference streams, each holding one reference per
 * hypothesis ({@code null} where a segment has no reference in that stream).
 */
final class ReferenceStreams {

    private ReferenceStreams() {
    }

    /**
     * Checks the arguments and returns, for each segment, its non-null references.
     *
     * @throws IllegalArgumentException on null lists, a null hypothesis, no streams, a stream of
     *     another length than the hypotheses, or a segment left with no reference at all
     */
    static List<List<String>> bySegment(List<String> hypotheses, List<? extends List<String>> referenceStreams) {
        if (hypotheses == null) {
            throw new IllegalArgumentException("hypotheses must not be null");
        }
        if (referenceStreams == null || referenceStreams.isEmpty()) {
            throw new IllegalArgumentException("referenceStreams must hold at least one stream, got "
                    + (referenceStreams == null ? "null" : "none"));
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) {
                throw new IllegalArgumentException("hypotheses[" + i + "] is null");
            }
        }
        for (int s = 0; s < referenceStreams.size(); s++) {
            List<String> stream = referenceStreams.get(s);
            if (stream == null) {
                throw new IllegalArgumentException("referenceStreams[" + s + "] is null");
            }
            if (stream.size() != hypotheses.size()) {
                throw new IllegalArgumentException("referenceStreams[" + s + "] has " + stream.size()
                        + " segments, expected " + hypotheses.size() + " (one per hypothesis)");
            }
        }
        List<List<String>> segments = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> refs = new ArrayList<>(referenceStreams.size());
            for (List<String> stream : referenceStreams) {
                if (stream.get(i) != null) {
                    refs.add(stream.get(i));
                }
            }
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("segment " + i + " has no reference in any stream");
            }
            segments.add(refs);
        }
        return segments;
    }

    /** sacreBLEU's {@code nrefs} field: the number of references per segment, or "var" if it varies. */
    static String numberOfReferences(List<List<String>> segments, int streams) {
        if (segments.isEmpty()) {
            return Integer.toString(streams);
        }
        int first = segments.get(0).size();
        for (List<String> refs : segments) {
            if (refs.size() != first) {
                return "var";
            }
        }
        return Integer.toString(first);
    }

    /** The version field of our signatures: {@code rnn4j-<version>}. */
    static String version() {
        String v = ReferenceStreams.class.getPackage().getImplementationVersion();
        return "rnn4j-" + (v != null ? v : "dev");
    }
}
