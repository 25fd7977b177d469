package dev.rnn4j.series;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a time series from a CSV file with a header row.
 *
 * <p>Configure, then {@link #read(Path)}:
 * <pre>{@code
 * SeriesFrame airline = new SeriesCsvReader()
 *         .timeColumn("Month")
 *         .valueColumns("Passengers")
 *         .read(Path.of("airline-passengers.csv"));
 * SeriesFrame pm25 = new SeriesCsvReader()
 *         .timeParts("year", "month", "day", "hour")
 *         .valueColumns("pm2.5", "DEWP", "TEMP", "PRES", "Iws", "Is", "Ir")
 *         .categoricalColumns("cbwd")
 *         .missingValues(MissingValuePolicy.INTERPOLATE)
 *         .read(Path.of("pollution.csv"));
 * }</pre>
 *
 * <p>Format: comma-separated, RFC 4180 quoting (quoted headers and cells are fine), LF or CRLF line ends, the
 * last line may lack a line end, empty lines are skipped, a UTF-8 byte-order mark is ignored. Header names and
 * cells are trimmed. A cell that is empty, {@code NA}, {@code N/A}, {@code NaN} or {@code null} (any case) is
 * missing. Numeric cells are plain decimals ({@code 12}, {@code -3.5}, {@code 1e-3}); anything else is an error.
 *
 * <p>Times: with {@link #timeColumn(String)} the labels are parsed by {@link SeriesTimes#parse(String)}. The
 * first data row decides: when its label is a date, the column holds dates, every later label must parse too
 * (an error names the first one that does not) and the times must strictly increase; the frame then has
 * {@link SeriesFrame#times()}. When the first label is not a date (e.g. the shampoo data set's {@code "1-01"}),
 * the labels are kept as opaque text with no order check, unless {@link #requireTimes(boolean)} was set, in
 * which case that label is an error. With
 * {@link #timeParts(String, String, String, String)} the time is built from integer year/month/day/hour columns.
 *
 * <p>Missing values in the selected value and categorical columns are handled by the
 * {@link MissingValuePolicy} (default {@link MissingValuePolicy#FORWARD_FILL}, which never looks ahead).
 * Columns that are not selected are not checked. Errors are {@link SeriesFormatException}s naming file, line
 * and column; I/O failures are {@link IOException}s.
 *
 * <p>The CSV parsing and the column look-up are {@code CsvTable}'s; recognising and filling missing cells is
 * {@code MissingValues}'; this class turns the selected cells into numbers, categories and times.
 */
public final class SeriesCsvReader {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private String timeColumn;
    private List<String> timeParts;       // year, month, day, hour; day and hour may be null
    private boolean requireTimes;
    private List<String> valueColumns = List.of();
    private List<String> categoricalColumns = List.of();
    private MissingValuePolicy policy = MissingValuePolicy.FORWARD_FILL;

    /** A reader with no columns chosen yet; at least one value column must be chosen before reading. */
    public SeriesCsvReader() {
    }

    /** The column holding the time label of each row ({@code null}: no time column). */
    public SeriesCsvReader timeColumn(String column) {
        this.timeColumn = column;
        if (column != null) {
            this.timeParts = null;
        }
        return this;
    }

    /**
     * Builds each row's time from integer columns, e.g. {@code ("year", "month", "day", "hour")} for the Beijing
     * PM2.5 file. {@code day} and {@code hour} may be null (day 1, hour 0). Times are then always required.
     */
    public SeriesCsvReader timeParts(String year, String month, String day, String hour) {
        if (year == null || month == null) {
            throw new IllegalArgumentException("timeParts: year and month columns are required, got year="
                    + year + ", month=" + month);
        }
        this.timeParts = Arrays.asList(year, month, day, hour);
        this.timeColumn = null;
        return this;
    }

    /** When true, a time label that does not parse as a date is an error instead of a reason to keep labels. */
    public SeriesCsvReader requireTimes(boolean required) {
        this.requireTimes = required;
        return this;
    }

    /** The numeric columns to read, by header name (at least one; the first is usually the target). */
    public SeriesCsvReader valueColumns(String... columns) {
        return valueColumns(Arrays.asList(columns));
    }

    /** The numeric columns to read, by header name (at least one; the first is usually the target). */
    public SeriesCsvReader valueColumns(List<String> columns) {
        this.valueColumns = List.copyOf(columns);
        return this;
    }

    /** Columns read as text categories (for one-hot encoding), by header name. */
    public SeriesCsvReader categoricalColumns(String... columns) {
        return categoricalColumns(Arrays.asList(columns));
    }

    /** Columns read as text categories (for one-hot encoding), by header name. */
    public SeriesCsvReader categoricalColumns(List<String> columns) {
        this.categoricalColumns = List.copyOf(columns);
        return this;
    }

    /** How missing cells are handled (default {@link MissingValuePolicy#FORWARD_FILL}). */
    public SeriesCsvReader missingValues(MissingValuePolicy missingValuePolicy) {
        if (missingValuePolicy == null) {
            throw new IllegalArgumentException("missingValuePolicy: expected DROP, FORWARD_FILL or INTERPOLATE,"
                    + " got null");
        }
        this.policy = missingValuePolicy;
        return this;
    }

    /** The trimmed header names of a CSV file, e.g. to list the columns a user may choose from. */
    public static List<String> readHeader(Path file) throws IOException {
        return List.of(CsvTable.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()).header());
    }

    /** Reads a file (UTF-8); messages name it as given. */
    public SeriesFrame read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads CSV text from a reader; {@code sourceName} names the input in error messages. */
    public SeriesFrame read(Reader in, String sourceName) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("in: expected a reader, got null");
        }
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            sb.append(buf, 0, n);
        }
        return read(sb.toString(), sourceName);
    }

    private SeriesFrame read(String text, String source) throws IOException {
        if (valueColumns.isEmpty()) {
            throw new IllegalArgumentException("valueColumns: choose at least one numeric column to read");
        }
        CsvTable table = CsvTable.parse(text, source);
        Set<String> chosen = new HashSet<>();
        int[] valueIdx = table.columnIndices(valueColumns, chosen);
        int[] catIdx = table.columnIndices(categoricalColumns, chosen);
        int timeIdx = timeColumn == null ? -1 : table.columnIndices(List.of(timeColumn), chosen)[0];
        int[] partIdx = null;
        if (timeParts != null) {
            partIdx = new int[4];
            for (int p = 0; p < 4; p++) {
                String name = timeParts.get(p);
                partIdx[p] = name == null ? -1 : table.columnIndices(List.of(name), chosen)[0];
            }
        }

        int n = table.rows().size();
        int[] lines = table.lines();
        if (n == 0) {
            throw new SeriesFormatException(source, table.headerLine(), null, "no data rows after the header");
        }
        // raw columns, NaN / null where missing
        double[][] raw = new double[valueIdx.length][n];
        String[][] rawCat = new String[catIdx.length][n];
        for (int r = 0; r < n; r++) {
            String[] cells = table.rows().get(r);
            for (int c = 0; c < valueIdx.length; c++) {
                raw[c][r] = parseNumber(cells[valueIdx[c]], source, lines[r], valueColumns.get(c));
            }
            for (int c = 0; c < catIdx.length; c++) {
                String cell = cells[catIdx[c]];
                rawCat[c][r] = MissingValues.isMissing(cell) ? null : cell;
            }
        }

        String timeName = null;
        String[] labels = null;
        LocalDateTime[] times = null;
        if (timeIdx >= 0) {
            timeName = timeColumn;
            labels = new String[n];
            for (int r = 0; r < n; r++) {
                labels[r] = table.rows().get(r)[timeIdx];
            }
            times = parseTimes(labels, lines, source);
        } else if (partIdx != null) {
            timeName = String.join("/", timeParts.stream().filter(s -> s != null).toList());
            times = new LocalDateTime[n];
            labels = new String[n];
            for (int r = 0; r < n; r++) {
                times[r] = timeFromParts(table.rows().get(r), partIdx, source, lines[r]);
                labels[r] = times[r].toString();
            }
        }
        if (times != null) {
            for (int r = 1; r < n; r++) {
                if (!times[r].isAfter(times[r - 1])) {
                    throw new SeriesFormatException(source, lines[r], timeName, "time " + labels[r]
                            + (times[r].isEqual(times[r - 1]) ? " repeats" : " is before")
                            + " the previous row's " + labels[r - 1] + " (line " + lines[r - 1]
                            + "); rows must be in strictly increasing time order");
                }
            }
        }

        // every selected column must have at least one present value
        for (int c = 0; c < raw.length; c++) {
            if (MissingValues.firstPresent(raw[c]) < 0) {
                throw new SeriesFormatException(source, lines[0], lines[n - 1], valueColumns.get(c),
                        "all " + n + " values are missing");
            }
        }
        for (int c = 0; c < rawCat.length; c++) {
            if (MissingValues.firstPresent(rawCat[c]) < 0) {
                throw new SeriesFormatException(source, lines[0], lines[n - 1], categoricalColumns.get(c),
                        "all " + n + " values are missing");
            }
        }

        int[] keep = MissingValues.apply(policy, raw, rawCat, n);
        if (keep.length == 0) {
            throw new SeriesFormatException(source, lines[0], lines[n - 1], null, "no row has every selected"
                    + " column present " + chosenColumns() + ", so policy DROP leaves nothing");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int c = 0; c < raw.length; c++) {
            values.put(valueColumns.get(c), pick(raw[c], keep));
        }
        Map<String, String[]> cats = new LinkedHashMap<>();
        for (int c = 0; c < rawCat.length; c++) {
            String[] col = new String[keep.length];
            for (int i = 0; i < keep.length; i++) {
                col[i] = rawCat[c][keep[i]];
            }
            cats.put(categoricalColumns.get(c), col);
        }
        int[] keptLines = new int[keep.length];
        String[] keptLabels = labels == null ? null : new String[keep.length];
        LocalDateTime[] keptTimes = times == null ? null : new LocalDateTime[keep.length];
        for (int i = 0; i < keep.length; i++) {
            keptLines[i] = lines[keep[i]];
            if (labels != null) {
                keptLabels[i] = labels[keep[i]];
            }
            if (times != null) {
                keptTimes[i] = times[keep[i]];
            }
        }
        return new SeriesFrame(source, timeName, keptLabels, keptTimes, keptLines, values, cats);
    }

    private List<String> chosenColumns() {
        List<String> all = new ArrayList<>(valueColumns);
        all.addAll(categoricalColumns);
        return all;
    }

    private static double parseNumber(String cell, String source, int line, String column) {
        if (MissingValues.isMissing(cell)) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(cell).matches()) {
            throw new SeriesFormatException(source, line, column, "not a number: '" + cell
                    + "' (expected a decimal number, or NA / empty for a missing value)");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new SeriesFormatException(source, line, column, "number out of range: '" + cell + "'");
        }
        return v;
    }

    // the first label decides: a date there means the column holds dates, so every later label must parse
    private LocalDateTime[] parseTimes(String[] labels, int[] lines, String source) {
        LocalDateTime[] times = new LocalDateTime[labels.length];
        for (int r = 0; r < labels.length; r++) {
            Optional<LocalDateTime> t = SeriesTimes.parse(labels[r]);
            if (t.isEmpty()) {
                if (r == 0 && !requireTimes) {
                    return null; // keep opaque labels such as "1-01"
                }
                throw new SeriesFormatException(source, lines[r], timeColumn, "cannot parse time '" + labels[r]
                        + "'" + (r > 0 ? " (the first row's '" + labels[0] + "' is a date)" : "")
                        + "; expected yyyy-MM, yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss] (or with T), yyyy/MM/dd, yyyy/MM"
                        + " or yyyy");
            }
            times[r] = t.get();
        }
        return times;
    }

    private LocalDateTime timeFromParts(String[] cells, int[] partIdx, String source, int line) {
        int[] v = {0, 1, 1, 0};
        for (int p = 0; p < 4; p++) {
            if (partIdx[p] < 0) {
                continue;
            }
            String cell = cells[partIdx[p]];
            try {
                v[p] = Integer.parseInt(cell);
            } catch (NumberFormatException e) {
                throw new SeriesFormatException(source, line, timeParts.get(p), "cannot parse time part '" + cell
                        + "'; expected an integer");
            }
        }
        try {
            return LocalDateTime.of(v[0], v[1], v[2], v[3], 0);
        } catch (DateTimeException e) {
            throw new SeriesFormatException(source, line, String.join("/", timeParts.stream()
                    .filter(s -> s != null).toList()), "cannot build a time from year=" + v[0] + " month=" + v[1]
                    + " day=" + v[2] + " hour=" + v[3] + ": " + e.getMessage());
        }
    }

    private static double[] pick(double[] col, int[] keep) {
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = col[keep[i]];
        }
        return out;
    }
}
