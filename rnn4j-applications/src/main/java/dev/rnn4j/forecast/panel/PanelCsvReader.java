package dev.rnn4j.forecast.panel;

import dev.rnn4j.series.SeriesFormatException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a panel in long format: a CSV file with a header row and one row per (series id, time), holding the
 * target value and optional numeric covariates. Rows of different series may be interleaved.
 *
 * <p>Times are numbers ({@code 1}, {@code 1975.5}) or ISO dates ({@code 1975-01}, {@code 1975-01-31},
 * {@code 1975-01-31T06:00}); the first data row fixes which, and a time of another kind is an error. Dates
 * become ordered keys: months since year 0, days since 1970-01-01, or seconds since 1970-01-01T00:00 (UTC).
 *
 * <p>Policy on bad input, each reported as a {@link SeriesFormatException} that names the file, the line and the
 * column: a missing id, time, target or covariate column; an empty or non-numeric target or covariate cell
 * (panels have no missing values); a time that cannot be parsed; a time equal to the previous time of the same
 * series (duplicate) or earlier than it (unsorted rows). A series with fewer rows than {@code minLength}
 * (usually lookback + horizon) is not an error: it is skipped and its id listed in {@link Panel#skippedIds()}.
 * Line numbers assume no cell spans several lines.
 */
public final class PanelCsvReader {

    private final String idColumn;
    private final String timeColumn;
    private final String targetColumn;
    private final List<String> covariateColumns;
    private final int minLength;

    /**
     * @param idColumn         the series id column
     * @param timeColumn       the time column
     * @param targetColumn     the numeric value column
     * @param covariateColumns other numeric columns to read (may be empty)
     * @param minLength        series with fewer rows are skipped; at least 1
     */
    public PanelCsvReader(String idColumn, String timeColumn, String targetColumn, List<String> covariateColumns,
                          int minLength) {
        this.idColumn = Objects.requireNonNull(idColumn, "idColumn");
        this.timeColumn = Objects.requireNonNull(timeColumn, "timeColumn");
        this.targetColumn = Objects.requireNonNull(targetColumn, "targetColumn");
        this.covariateColumns = List.copyOf(Objects.requireNonNull(covariateColumns, "covariateColumns"));
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength: expected at least 1, got " + minLength);
        }
        this.minLength = minLength;
    }

    /** Reads {@code file}; messages name it by its file name. */
    public Panel read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString());
        }
    }

    /** Reads CSV text from {@code reader}; {@code source} names it in messages. */
    public Panel read(Reader reader, String source) throws IOException {
        Map<String, SeriesBuilder> byId = new LinkedHashMap<>();
        TimeKind kind = null;
        int[] columns = null;
        String[] header = null;
        try (CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber();
                if (header == null) {
                    header = new String[record.size()];
                    for (int i = 0; i < header.length; i++) {
                        header[i] = record.get(i).strip();
                    }
                    columns = columnIndices(header, source, line);
                    continue;
                }
                if (record.size() != header.length) {
                    throw new SeriesFormatException(source, line, null, "expected " + header.length
                            + " fields as in the header " + Arrays.toString(header) + ", found " + record.size());
                }
                String id = record.get(columns[0]).strip();
                if (id.isEmpty()) {
                    throw new SeriesFormatException(source, line, idColumn,
                            "expected a series id, found an empty cell");
                }
                String timeText = record.get(columns[1]).strip();
                if (kind == null) {
                    kind = TimeKind.of(timeText);
                    if (kind == null) {
                        throw new SeriesFormatException(source, line, timeColumn, "expected a number or an ISO date "
                                + "(1975-01, 1975-01-31, 1975-01-31T06:00), found '" + timeText + "'");
                    }
                }
                double time = kind.parse(timeText, source, line, timeColumn);
                double value = number(record.get(columns[2]), source, line, targetColumn);
                double[] covariates = new double[covariateColumns.size()];
                for (int c = 0; c < covariates.length; c++) {
                    covariates[c] = number(record.get(columns[3 + c]), source, line, covariateColumns.get(c));
                }
                SeriesBuilder series = byId.computeIfAbsent(id, k -> new SeriesBuilder(k, line));
                series.add(time, timeText, value, covariates, line, source, timeColumn);
            }
        } catch (UncheckedIOException e) {
            throw SeriesFormatException.malformedCsv(source, e);
        }
        if (header == null) {
            throw new SeriesFormatException(source, 0, null, "the file is empty; expected a header row");
        }
        List<PanelSeries> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (SeriesBuilder builder : byId.values()) {
            if (builder.times.size() < minLength) {
                skipped.add(builder.id);
            } else {
                kept.add(builder.build());
            }
        }
        return new Panel(kept, covariateColumns, skipped, kind == null ? TimeKind.NUMBER : kind);
    }

    private int[] columnIndices(String[] header, String source, int line) {
        List<String> wanted = new ArrayList<>(List.of(idColumn, timeColumn, targetColumn));
        wanted.addAll(covariateColumns);
        String[] roles = new String[wanted.size()];
        Arrays.fill(roles, "covariate");
        roles[0] = "series id";
        roles[1] = "time";
        roles[2] = "target";
        int[] indices = new int[wanted.size()];
        List<String> names = Arrays.asList(header);
        for (int i = 0; i < indices.length; i++) {
            indices[i] = names.indexOf(wanted.get(i));
            if (indices[i] < 0) {
                throw new SeriesFormatException(source, line, wanted.get(i), "the " + roles[i]
                        + " column is missing; the header has " + names);
            }
        }
        return indices;
    }

    private static double number(String cell, String source, int line, String column) {
        String text = cell.strip();
        if (text.isEmpty()) {
            throw new SeriesFormatException(source, line, column, "expected a number, found an empty cell "
                    + "(panels have no missing values)");
        }
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the location
        }
        throw new SeriesFormatException(source, line, column, "expected a finite number, found '" + text + "'");
    }

    /**
     * The kinds of time cell, fixed by the first data row, and the keys they become: {@link #NUMBER} the number,
     * {@link #MONTH} months since year 0, {@link #DAY} days since 1970-01-01, {@link #DATE_TIME} seconds since
     * 1970-01-01T00:00 (UTC).
     */
    public enum TimeKind {
        /** Plain numbers ({@code 1}, {@code 1975.5}). */
        NUMBER,
        /** Year and month ({@code 1975-01}). */
        MONTH,
        /** Dates ({@code 1975-01-31}). */
        DAY,
        /** Date and time ({@code 1975-01-31T06:00}). */
        DATE_TIME;

        /**
         * The time of a key as seconds since 1970-01-01T00:00 UTC (the first day of a month), or NaN for a
         * {@link #NUMBER}, which has no calendar.
         */
        public double epochSecond(double key) {
            return switch (this) {
                case NUMBER -> Double.NaN;
                case MONTH -> {
                    long months = Math.round(key);
                    yield YearMonth.of((int) Math.floorDiv(months, 12), (int) Math.floorMod(months, 12) + 1).atDay(1)
                            .atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                }
                case DAY -> key * 86_400;
                case DATE_TIME -> key;
            };
        }

        static TimeKind of(String text) {
            for (TimeKind kind : values()) {
                if (!Double.isNaN(kind.tryParse(text))) {
                    return kind;
                }
            }
            return null;
        }

        double parse(String text, String source, int line, String column) {
            double key = tryParse(text);
            if (Double.isNaN(key)) {
                throw new SeriesFormatException(source, line, column, "expected a time of the same kind as the "
                        + "first row (" + name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "), found '"
                        + text + "'");
            }
            return key;
        }

        private double tryParse(String text) {
            try {
                return switch (this) {
                    case NUMBER -> {
                        double v = Double.parseDouble(text);
                        yield Double.isFinite(v) ? v : Double.NaN;
                    }
                    case MONTH -> {
                        YearMonth ym = YearMonth.parse(text);
                        yield ym.getYear() * 12.0 + ym.getMonthValue() - 1;
                    }
                    case DAY -> LocalDate.parse(text).toEpochDay();
                    case DATE_TIME -> LocalDateTime.parse(text).toEpochSecond(ZoneOffset.UTC);
                };
            } catch (NumberFormatException | DateTimeParseException e) {
                return Double.NaN;
            }
        }
    }

    /** Rows of one series as they arrive; checks that times increase. */
    private static final class SeriesBuilder {
        final String id;
        final int firstLine;
        final List<Double> times = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        final List<double[]> covariates = new ArrayList<>();
        String lastTimeText;
        int lastLine;

        SeriesBuilder(String id, int firstLine) {
            this.id = id;
            this.firstLine = firstLine;
        }

        void add(double time, String timeText, double value, double[] covariateRow, int line, String source,
                 String timeColumn) {
            if (!times.isEmpty()) {
                double last = times.get(times.size() - 1);
                if (time == last) {
                    throw new SeriesFormatException(source, line, timeColumn, "duplicate time '" + timeText
                            + "' in series '" + id + "' (also on line " + lastLine + ")");
                }
                if (time < last) {
                    throw new SeriesFormatException(source, line, timeColumn, "unsorted rows: time '" + timeText
                            + "' of series '" + id + "' comes after '" + lastTimeText + "' on line " + lastLine
                            + "; expected increasing times within a series");
                }
            }
            times.add(time);
            values.add(value);
            covariates.add(covariateRow);
            lastTimeText = timeText;
            lastLine = line;
        }

        PanelSeries build() {
            return new PanelSeries(id, times.stream().mapToDouble(Double::doubleValue).toArray(),
                    values.stream().mapToDouble(Double::doubleValue).toArray(),
                    covariates.toArray(new double[0][]), firstLine);
        }
    }
}
