package dev.rnn4j.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Options shared by the data set readers; immutable, change with the {@code with...} methods:
 * <pre>{@code
 * ReadOptions options = ReadOptions.defaults()
 *         .withEncoding(Charset.forName("windows-1252"))
 *         .withLabels(List.of("neg", "pos"));
 * }</pre>
 *
 * @param encoding how the bytes are decoded, strictly: bytes invalid in it are an error naming
 *     file and line (default UTF-8)
 * @param labels the fixed label set (after {@code labelMapping}); a label outside it is an error
 *     naming file and line; null accepts any label (default)
 * @param labelMapping raw label to label, applied first (e.g. {@code {"pos": "positive"}}); raw
 *     labels not in the map are kept as they are. For one-file-per-class data the raw label is the
 *     file extension, and a key equal to the whole file name also matches.
 * @param header delimited files (TSV/CSV) only: whether the first record is a header (default true)
 * @param labelColumn delimited files only: the label column by header name or 0-based index;
 *     null picks {@code label}/{@code sentiment}/{@code class}/{@code polarity} with a header and
 *     column 0 without one
 * @param textColumn delimited files only: the text column by header name or 0-based index;
 *     null picks {@code text}/{@code sentence}/{@code review}/{@code content} with a header and
 *     column 1 without one
 * @param phrases sentiment trees only: yield every labelled phrase (each subtree, leaves
 *     included), not only the root sentence (default false)
 * @param distinctPhrases sentiment trees with {@code phrases}: yield each phrase text once, at its
 *     first occurrence (SST labels a phrase the same wherever it occurs); default true
 * @param binary sentiment trees only: map the 5 classes to SST-2's binary labels: 0, 1 to
 *     {@code "0"} (negative), 3, 4 to {@code "1"} (positive), and drop 2 (default false)
 * @param replaceHtmlBreaks folder-per-class only: replace {@code <br />} tags (as in IMDB
 *     reviews) with a space (default true)
 */
public record ReadOptions(
        Charset encoding,
        Set<String> labels,
        Map<String, String> labelMapping,
        boolean header,
        String labelColumn,
        String textColumn,
        boolean phrases,
        boolean distinctPhrases,
        boolean binary,
        boolean replaceHtmlBreaks) {

    /** Validates and copies the collections. */
    public ReadOptions {
        if (encoding == null) {
            throw new IllegalArgumentException("encoding must not be null");
        }
        if (labels != null) {
            if (labels.stream().anyMatch(l -> l == null || l.isBlank())) {
                throw new IllegalArgumentException("labels must not hold null or blank labels, got " + labels);
            }
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("labels must be null (any label) or non-empty");
            }
            labels = Set.copyOf(new TreeSet<>(labels));
        }
        if (labelMapping != null && labelMapping.entrySet().stream()
                .anyMatch(e -> e.getKey() == null || e.getValue() == null || e.getValue().isBlank())) {
            throw new IllegalArgumentException("labelMapping must not hold null keys or null/blank labels, got "
                    + labelMapping);
        }
        labelMapping = labelMapping == null ? Map.of() : Map.copyOf(new TreeMap<>(labelMapping));
    }

    /** UTF-8, any label, no mapping, header on, default columns, root sentences only, br-tags replaced. */
    public static ReadOptions defaults() {
        return new ReadOptions(StandardCharsets.UTF_8, null, null, true, null, null, false, true, false, true);
    }

    public ReadOptions withEncoding(Charset encoding) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    /** Fixed label set; null for any label. */
    public ReadOptions withLabels(Collection<String> labels) {
        if (labels != null && labels.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("labels must not hold null, got " + labels);
        }
        return new ReadOptions(encoding, labels == null ? null : Set.copyOf(labels), labelMapping, header,
                labelColumn, textColumn, phrases, distinctPhrases, binary, replaceHtmlBreaks);
    }

    public ReadOptions withLabelMapping(Map<String, String> labelMapping) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    public ReadOptions withHeader(boolean header) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    /** Label and text columns by header name or 0-based index (null for the default). */
    public ReadOptions withColumns(String labelColumn, String textColumn) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    /** Label and text columns by 0-based index. */
    public ReadOptions withColumns(int labelColumn, int textColumn) {
        if (labelColumn < 0 || textColumn < 0) {
            throw new IllegalArgumentException("column indices must be >= 0, got labelColumn=" + labelColumn
                    + ", textColumn=" + textColumn);
        }
        return withColumns(Integer.toString(labelColumn), Integer.toString(textColumn));
    }

    public ReadOptions withPhrases(boolean phrases) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    public ReadOptions withDistinctPhrases(boolean distinctPhrases) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    public ReadOptions withBinary(boolean binary) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    public ReadOptions withReplaceHtmlBreaks(boolean replaceHtmlBreaks) {
        return new ReadOptions(encoding, labels, labelMapping, header, labelColumn, textColumn, phrases,
                distinctPhrases, binary, replaceHtmlBreaks);
    }

    /**
     * Maps a raw label and checks it against the fixed label set.
     *
     * @throws DataFormatException naming file and line for a blank or unknown label
     */
    String finishLabel(String rawLabel, java.nio.file.Path file, long line) {
        if (rawLabel == null || rawLabel.isBlank()) {
            throw new DataFormatException(file, line, "no label");
        }
        String label = labelMapping.getOrDefault(rawLabel, rawLabel);
        if (labels != null && !labels.contains(label)) {
            throw new DataFormatException(file, line, "unknown label \"" + label + "\"; expected one of "
                    + new TreeSet<>(labels));
        }
        return label;
    }
}
