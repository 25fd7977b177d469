package dev.rnn4j.series;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The cells of a CSV text with a header row, each data row with the line of the text it is on, and the header
 * names resolved to column indices: the half of {@link SeriesCsvReader} that knows nothing of what the columns
 * mean.
 *
 * <p>Format as {@link SeriesCsvReader} states it (RFC 4180 quoting, empty lines skipped, a UTF-8 byte-order mark
 * ignored, header names and cells trimmed). Lines count from 1 as an editor shows them, so errors can point at
 * them. Errors are {@link SeriesFormatException}s naming the source and line: an empty text, a duplicate header
 * name, a row with another number of fields than the header, malformed quoting, an unknown column.
 *
 * @param source     the input's name in error messages
 * @param header     the trimmed header names, no two alike
 * @param headerLine the line of the header
 * @param rows       the trimmed cells of each data row, as many as header names
 * @param lines      the line of each data row
 */
record CsvTable(String source, String[] header, int headerLine, List<String[]> rows, int[] lines) {

    /** Parses CSV text; {@code source} names it in error messages. */
    static CsvTable parse(String content, String source) throws IOException {
        String text = !content.isEmpty() && content.charAt(0) == '\uFEFF' ? content.substring(1) : content;
        int[] lineStarts = lineStarts(text);
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).get();
        String[] header = null;
        int headerLine = 0;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                // the recorded position can point at skipped empty lines before the record: step over them
                int position = (int) record.getCharacterPosition();
                while (position < text.length() && (text.charAt(position) == '\r' || text.charAt(position) == '\n')) {
                    position++;
                }
                int line = lineOf(lineStarts, position);
                String[] cells = new String[record.size()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = record.get(i).strip();
                }
                if (header == null) {
                    header = cells;
                    headerLine = line;
                    Set<String> seen = new HashSet<>();
                    for (String name : header) {
                        if (!seen.add(name)) {
                            throw new SeriesFormatException(source, line, name, "duplicate column name in header "
                                    + Arrays.toString(header));
                        }
                    }
                    continue;
                }
                if (cells.length != header.length) {
                    throw new SeriesFormatException(source, line, null, "expected " + header.length
                            + " fields as in the header " + Arrays.toString(header) + ", found " + cells.length);
                }
                rows.add(cells);
                lines.add(line);
            }
        } catch (java.io.UncheckedIOException e) {
            throw SeriesFormatException.malformedCsv(source, e);
        }
        if (header == null) {
            throw new SeriesFormatException(source, 0, null, "the file is empty; expected a header row");
        }
        return new CsvTable(source, header, headerLine, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, int position) {
        int i = Arrays.binarySearch(lineStarts, position);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /**
     * The column index of each name (trimmed before the look-up), adding the names to {@code chosen}, which
     * collects the names of every role (time, value, categorical) so that none is chosen twice.
     *
     * @throws SeriesFormatException    for a name the header lacks (listing the available columns)
     * @throws IllegalArgumentException for a null name or one already in {@code chosen}
     */
    int[] columnIndices(List<String> names, Set<String> chosen) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
        int[] idx = new int[names.size()];
        for (int i = 0; i < idx.length; i++) {
            String name = names.get(i);
            if (name == null) {
                throw new IllegalArgumentException("column names: expected a name, got null in " + names);
            }
            Integer at = index.get(name.strip());
            if (at == null) {
                throw new SeriesFormatException(source, headerLine, name, "unknown column; available"
                        + " columns are " + Arrays.toString(header));
            }
            if (!chosen.add(name.strip())) {
                throw new IllegalArgumentException("column '" + name + "' is chosen twice (as time, value or"
                        + " categorical column)");
            }
            idx[i] = at;
        }
        return idx;
    }
}
