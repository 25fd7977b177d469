package dev.rnn4j.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads delimited files: CSV (RFC 4180 quoting, comma) or TSV (tab, no quoting, so a stray
 * {@code "} in a sentence is just a character, as in GLUE's SST-2 {@code train.tsv}).
 *
 * <p>Columns are chosen with {@link ReadOptions#labelColumn()} and {@link ReadOptions#textColumn()}:
 * a header name, or a 0-based index. By default, with a header the label column is the first of
 * {@code label, sentiment, class, polarity} and the text column the first of
 * {@code text, sentence, review, content} present (case-insensitive); without a header they are
 * columns 0 and 1. Empty lines are skipped.
 */
public final class DelimitedReader {
    private static final List<String> LABEL_NAMES = List.of("label", "sentiment", "class", "polarity");
    private static final List<String> TEXT_NAMES = List.of("text", "sentence", "review", "content");

    private DelimitedReader() {
    }

    /**
     * @param delimiter {@code ','} for CSV (with quoting) or {@code '\t'} for TSV (without)
     * @throws DataFormatException naming file and line for: a missing or empty file, invalid bytes,
     *     a missing label or text column, a record too short for the chosen columns, empty text,
     *     a missing or unknown label, a CSV quoting error
     */
    public static List<LabeledText> read(Path file, char delimiter, ReadOptions options) {
        if (file == null || options == null) {
            throw new IllegalArgumentException("file and options must not be null");
        }
        if (delimiter != ',' && delimiter != '\t') {
            throw new IllegalArgumentException("delimiter must be ',' or '\\t', got '" + delimiter + "'");
        }
        String content = TextFiles.read(file, options.encoding());
        if (content.isBlank()) {
            throw new DataFormatException(file, 0, "file is empty");
        }
        int[] lineStarts = lineStarts(content);
        CSVFormat.Builder builder = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true);
        if (delimiter == '\t') {
            builder.setQuote(null).setEscape(null).setIgnoreSurroundingSpaces(false);
        }
        List<LabeledText> examples = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(content, builder.get())) {
            Iterator<CSVRecord> records = parser.iterator();
            int labelIndex;
            int textIndex;
            if (options.header()) {
                CSVRecord header = next(records, parser, file);
                if (header == null) {
                    throw new DataFormatException(file, 0, "file is empty");
                }
                long headerLine = lineOf(content, lineStarts, header.getCharacterPosition());
                List<String> names = header.toList();
                labelIndex = columnIndex(options.labelColumn(), LABEL_NAMES, names, "label", file, headerLine);
                textIndex = columnIndex(options.textColumn(), TEXT_NAMES, names, "text", file, headerLine);
            } else {
                labelIndex = indexWithoutHeader(options.labelColumn(), 0, "label", file);
                textIndex = indexWithoutHeader(options.textColumn(), 1, "text", file);
            }
            CSVRecord record;
            while ((record = next(records, parser, file)) != null) {
                long line = lineOf(content, lineStarts, record.getCharacterPosition());
                int needed = Math.max(labelIndex, textIndex) + 1;
                if (record.size() < needed) {
                    String missing = record.size() <= textIndex ? "text column " + textIndex : "label column " + labelIndex;
                    throw new DataFormatException(file, line, "missing " + missing + ": expected at least " + needed
                            + " columns, found " + record.size());
                }
                String text = record.get(textIndex).strip();
                if (text.isEmpty()) {
                    throw new DataFormatException(file, line, "empty text in column " + textIndex);
                }
                String label = options.finishLabel(record.get(labelIndex).strip(), file, line);
                examples.add(new LabeledText(text, label, file, line));
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot parse: " + e.getMessage(), e);
        }
        if (examples.isEmpty()) {
            throw new DataFormatException(file, 0, "file has a header but no data records");
        }
        return examples;
    }

    private static CSVRecord next(Iterator<CSVRecord> records, CSVParser parser, Path file) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv reports quoting errors this way; its message carries the line too
            throw new DataFormatException(file, Math.max(1, parser.getCurrentLineNumber()), "malformed record: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    private static int indexWithoutHeader(String column, int fallback, String role, Path file) {
        if (column == null) {
            return fallback;
        }
        if (isIndex(column)) {
            return Integer.parseInt(column);
        }
        throw new DataFormatException(file, 0, role + " column \"" + column
                + "\" is given by name but the file is read without a header; give a 0-based index");
    }

    private static int columnIndex(String column, List<String> defaults, List<String> names, String role,
            Path file, long headerLine) {
        List<String> trimmed = names.stream().map(String::strip).toList();
        if (column == null) {
            for (String candidate : defaults) {
                for (int i = 0; i < trimmed.size(); i++) {
                    if (trimmed.get(i).toLowerCase(Locale.ROOT).equals(candidate)) {
                        return i;
                    }
                }
            }
            throw new DataFormatException(file, headerLine, "missing " + role + " column: none of " + defaults
                    + " in header " + trimmed + "; choose the " + role + " column by name or index");
        }
        int exact = trimmed.indexOf(column);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < trimmed.size(); i++) {
            if (trimmed.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        if (isIndex(column)) {
            int index = Integer.parseInt(column);
            if (index < trimmed.size()) {
                return index;
            }
            throw new DataFormatException(file, headerLine, "missing " + role + " column " + index
                    + ": the header has " + trimmed.size() + " columns " + trimmed);
        }
        throw new DataFormatException(file, headerLine, "missing " + role + " column \"" + column
                + "\": header has " + trimmed);
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** Offsets at which each line starts; {@code lineStarts[k]} is the start of line k + 1. */
    private static int[] lineStarts(String content) {
        int count = 1;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** The line of the record at {@code characterPosition}, after skipped empty lines before it. */
    private static long lineOf(String content, int[] lineStarts, long characterPosition) {
        int position = (int) Math.min(characterPosition, content.length());
        // commons-csv reports the position right after the previous record, before skipped empty lines
        while (position < content.length() && (content.charAt(position) == '\n' || content.charAt(position) == '\r')) {
            position++;
        }
        int found = Arrays.binarySearch(lineStarts, position);
        return found >= 0 ? found + 1 : -found - 1;
    }
}
