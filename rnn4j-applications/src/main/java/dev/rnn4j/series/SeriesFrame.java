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

    /**
     * A frame of rows held in memory rather than read from a file (a request to a model, a test): the same
     * checks as {@link SeriesCsvReader} on lengths and time order, no missing-value policy (every value must be
     * finite). Row {@code r} plays the part of source line {@code r + 1}, so errors further down name the row.
     *
     * @param source     what the rows are, for messages (e.g. "forecast request 3")
     * @param timeColumn the time column's name, or null when there are no time labels
     * @param timeLabels (T) time labels, or null
     * @param times      (T) the labels parsed as strictly increasing times, or null when not dates
     * @param values     numeric column name to (T) finite values, in column order (copied)
     * @param categories categorical column name to (T) non-null categories, in column order (copied)
     * @throws IllegalArgumentException if a column is empty or of another length, a value is not finite, a
     *                                  category is null, or the times do not strictly increase
     */
    public static SeriesFrame inMemory(String source, String timeColumn, String[] timeLabels, LocalDateTime[] times,
                                       Map<String, double[]> values, Map<String, String[]> categories) {
        if (values == null || categories == null || values.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected at least one numeric column and a (possibly"
                    + " empty) map of categorical columns, got " + values + " and " + categories);
        }
        int rows = values.values().iterator().next().length;
        if (rows == 0) {
            throw new IllegalArgumentException(source + ": expected at least one row, got none");
        }
        Map<String, double[]> v = new LinkedHashMap<>();
        values.forEach((column, a) -> {
            checkLength(source, column, a == null ? -1 : a.length, rows);
            for (int r = 0; r < rows; r++) {
                if (!Double.isFinite(a[r])) {
                    throw new SeriesFormatException(source, r + 1, column, "expected a finite number, got " + a[r]);
                }
            }
            v.put(column, a.clone());
        });
        Map<String, String[]> c = new LinkedHashMap<>();
        categories.forEach((column, a) -> {
            checkLength(source, column, a == null ? -1 : a.length, rows);
            for (int r = 0; r < rows; r++) {
                if (a[r] == null) {
                    throw new SeriesFormatException(source, r + 1, column, "expected a category, got null");
                }
            }
            c.put(column, a.clone());
        });
        checkLength(source, "time labels", timeLabels == null ? rows : timeLabels.length, rows);
        checkLength(source, "times", times == null ? rows : times.length, rows);
        if (times != null && timeLabels == null) {
            throw new IllegalArgumentException(source + ": times need their labels, got times without labels");
        }
        for (int r = 0; times != null && r < rows; r++) {
            if (times[r] == null) {
                throw new SeriesFormatException(source, r + 1, timeColumn, "expected a time, got null");
            }
            if (r > 0 && !times[r].isAfter(times[r - 1])) {
                throw new SeriesFormatException(source, r + 1, timeColumn, "time " + timeLabels[r] + " does not"
                        + " come after " + timeLabels[r - 1] + "; rows must be in strictly increasing time order");
            }
        }
        int[] lines = new int[rows];
        Arrays.setAll(lines, r -> r + 1);
        return new SeriesFrame(source, timeLabels == null ? null : timeColumn,
                timeLabels == null ? null : timeLabels.clone(), times == null ? null : times.clone(), lines, v, c);
    }

    private static void checkLength(String source, String column, int length, int rows) {
        if (length != rows) {
            throw new IllegalArgumentException(source + ": column '" + column + "': expected " + rows
                    + " values (as many as the first column), got " + (length < 0 ? "null" : length));
        }
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
