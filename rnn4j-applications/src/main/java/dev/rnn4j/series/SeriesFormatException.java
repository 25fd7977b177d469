package dev.rnn4j.series;

import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad series input: a non-numeric cell, an unknown or all-missing column, unparseable or unordered times,
 * too few rows for the requested windows, or a constant column that cannot be scaled.
 *
 * <p>The message always starts with the source (file name), then the line (or line range) and the column
 * involved, then says what was expected and what was found. The parts are also available as fields.
 */
public final class SeriesFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int lastLine;
    private final String column;

    /**
     * @param source file name (or another description of the input)
     * @param line   1-based line number in the source, or 0 when the problem is not tied to one line
     * @param column column name, or {@code null} when the problem is not tied to one column
     * @param message what was expected and what was found (appended after the location)
     */
    public SeriesFormatException(String source, int line, String column, String message) {
        this(source, line, line, column, message);
    }

    /**
     * A problem that concerns a range of lines (e.g. "all values are missing", "the column is constant").
     *
     * @param source    file name (or another description of the input)
     * @param firstLine first 1-based line of the range, or 0 when unknown
     * @param lastLine  last 1-based line of the range (inclusive)
     * @param column    column name, or {@code null}
     * @param message   what was expected and what was found
     */
    public SeriesFormatException(String source, int firstLine, int lastLine, String column, String message) {
        super(location(source, firstLine, lastLine, column) + ": " + message);
        this.source = source;
        this.line = firstLine;
        this.lastLine = Math.max(firstLine, lastLine);
        this.column = column;
    }

    /**
     * Malformed CSV as commons-csv reports it (an {@link UncheckedIOException} from the record iterator,
     * e.g. a quote that never closes): its message names the line as "startline N" or "line: N", which becomes
     * this exception's line.
     *
     * @param source the file name (or another description of the input)
     * @param e      what commons-csv threw
     */
    public static SeriesFormatException malformedCsv(String source, UncheckedIOException e) {
        String cause = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        Matcher m = Pattern.compile("(?:startline |line: )(\\d+)").matcher(cause);
        int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return new SeriesFormatException(source, line, null, "malformed CSV: " + cause);
    }

    private static String location(String source, int line, int lastLine, String column) {
        StringBuilder sb = new StringBuilder(source == null ? "<input>" : source);
        if (line > 0 && lastLine > line) {
            sb.append(", lines ").append(line).append('-').append(lastLine);
        } else if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return sb.toString();
    }

    /** The file name (or description) of the input. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem (the first line of a range), or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The last line of the range concerned; equal to {@link #line()} for a single line. */
    public int lastLine() {
        return lastLine;
    }

    /** The column name, or {@code null}. */
    public String column() {
        return column;
    }
}
