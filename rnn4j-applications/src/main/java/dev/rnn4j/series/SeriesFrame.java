package dev.rnn4j.series;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of time-ordered rows read by {@link SeriesCsvReader}: optional time labels (and parsed times),
 * numeric value columns and categorical columns, after the missing-value policy was applied (so no value is
 * missing). Every row remembers its source line, for error messages further down the pipeline.
 *
 * <p>Immutable; accessors return copies.
 */
public final class SeriesFrame {
    private final String source;
    private final String timeColumn;          // null when the file had no time column
    private final String[] timeLabels;        // (T) raw time text, or null
    private final LocalDateTime[] times;      // (T) parsed times, or null when not parsed
    private final int[] lines;                // (T) 1-based source line of each row
    private final Map<String, double[]> values;       // column -> (T)
    private final Map<String, String[]> categories;   // column -> (T)

    SeriesFrame(String source, String timeColumn, String[] timeLabels, LocalDateTime[] times, int[] lines,
                Map<String, double[]> values, Map<String, String[]> categories) {
        this.source = source;
        this.timeColumn = timeColumn;
        this.timeLabels = timeLabels;
        this.times = times;
        this.lines = lines;
        this.values = values;
        this.categories = categories;
    }

    /** The file name (or description) the rows came from. */
    public String source() {
        return source;
    }

    /** Number of rows T. */
    public int rowCount() {
        return lines.length;
    }

    /** The time column's name (or the joined part names, e.g. {@code year/month/day/hour}); null if none. */
    public String timeColumn() {
        return timeColumn;
    }

    /** Whether the rows have time labels (a time column was read). */
    public boolean hasTimeLabels() {
        return timeLabels != null;
    }

    /** Whether the time labels were parsed as dates ({@link #times()} is available). */
    public boolean hasTimes() {
        return times != null;
    }

    /** The raw time label of each row (T); the time column's text, trimmed. */
    public String[] timeLabels() {
        if (timeLabels == null) {
            throw new IllegalStateException(source + ": no time column was read");
        }
        return timeLabels.clone();
    }

    /** The parsed time of each row (T), strictly increasing. */
    public LocalDateTime[] times() {
        if (times == null) {
            throw new IllegalStateException(source + ": times were not parsed as dates"
                    + (timeLabels == null ? " (no time column)" : " (labels such as '" + timeLabels[0]
                    + "' are kept as opaque text)"));
        }
        return times.clone();
    }

    /** The 1-based source line of each row (T). */
    public int[] lines() {
        return lines.clone();
    }

    /** The names of the numeric value columns, in the order requested. */
    public List<String> valueColumns() {
        return List.copyOf(values.keySet());
    }

    /** The names of the categorical columns, in the order requested. */
    public List<String> categoricalColumns() {
        return List.copyOf(categories.keySet());
    }

    /** The values of a numeric column (T), with no missing values. */
    public double[] values(String column) {
        double[] v = values.get(column);
        if (v == null) {
            throw new IllegalArgumentException(source + ": '" + column + "' is not a value column of this frame;"
                    + " value columns are " + values.keySet());
        }
        return v.clone();
    }

    /** The categories of a categorical column (T), with no missing values. */
    public String[] categories(String column) {
        String[] c = categories.get(column);
        if (c == null) {
            throw new IllegalArgumentException(source + ": '" + column + "' is not a categorical column of this"
                    + " frame; categorical columns are " + categories.keySet());
        }
        return c.clone();
    }

    /** The origin (file, column, line of each row) of a column, for error messages of later steps. */
    public SeriesOrigin origin(String column) {
        if (!values.containsKey(column) && !categories.containsKey(column)) {
            throw new IllegalArgumentException(source + ": unknown column '" + column + "'; columns are "
                    + values.keySet() + " and " + categories.keySet());
        }
        return SeriesOrigin.of(source, column, lines);
    }

    /** The rows {@code [from, to)} as a new frame. */
    public SeriesFrame rows(int from, int to) {
        if (from < 0 || to < from || to > rowCount()) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + "): expected 0 <= from <= to <= "
                    + rowCount());
        }
        Map<String, double[]> v = new LinkedHashMap<>();
        values.forEach((k, a) -> v.put(k, Arrays.copyOfRange(a, from, to)));
        Map<String, String[]> c = new LinkedHashMap<>();
        categories.forEach((k, a) -> c.put(k, Arrays.copyOfRange(a, from, to)));
        return new SeriesFrame(source, timeColumn,
                timeLabels == null ? null : Arrays.copyOfRange(timeLabels, from, to),
                times == null ? null : Arrays.copyOfRange(times, from, to),
                Arrays.copyOfRange(lines, from, to), v, c);
    }

    @Override
    public String toString() {
        List<String> cols = new ArrayList<>(values.keySet());
        cols.addAll(categories.keySet());
        return "SeriesFrame[" + source + ", " + rowCount() + " rows, time " + timeColumn
                + (times != null ? " (dates)" : "") + ", columns " + cols + "]";
    }
}
