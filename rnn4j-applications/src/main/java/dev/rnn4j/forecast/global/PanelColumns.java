package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.panel.Panel;
import dev.rnn4j.forecast.panel.PanelCsvReader;
import dev.rnn4j.forecast.panel.PanelSeries;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a long-format panel file that a global forecaster reads: series id, time, target, numeric
 * covariates, and optionally a group column (a text label that must be the same on every row of a series).
 *
 * @param id         the series id column
 * @param time       the time column (numbers or ISO dates, see {@link PanelCsvReader})
 * @param target     the numeric value column
 * @param covariates numeric covariate columns (may be empty)
 * @param group      the group column, or null
 */
public record PanelColumns(String id, String time, String target, List<String> covariates, String group) {

    /** Validates that the id, time and target columns are named and no column is used twice. */
    public PanelColumns {
        if (id == null || id.isBlank() || time == null || time.isBlank() || target == null || target.isBlank()) {
            throw new IllegalArgumentException("columns: expected the id, time and target column names, got " + id
                    + ", " + time + ", " + target);
        }
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        List<String> all = new ArrayList<>(List.of(id, time, target));
        all.addAll(covariates);
        if (group != null) {
            all.add(group);
        }
        if (all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("columns: a column is used twice in " + all);
        }
    }

    /**
     * The series of a file and the ids of those skipped as shorter than the minimum length.
     *
     * @param series     the series kept, in the order of their first row
     * @param skippedIds the series with fewer rows than the minimum
     * @param times      per series kept its time keys (T), in the same order; empty when not read from a file
     * @param timeKind   what the time keys are
     */
    public record Loaded(List<GlobalSeries> series, List<String> skippedIds, List<double[]> times,
                         PanelCsvReader.TimeKind timeKind) {
        public Loaded {
            series = List.copyOf(series);
            skippedIds = List.copyOf(skippedIds);
            times = times == null ? List.of() : List.copyOf(times);
            timeKind = timeKind == null ? PanelCsvReader.TimeKind.NUMBER : timeKind;
        }

        /** Series without their times. */
        public Loaded(List<GlobalSeries> series, List<String> skippedIds) {
            this(series, skippedIds, List.of(), PanelCsvReader.TimeKind.NUMBER);
        }
    }

    /**
     * Reads a panel file with {@link PanelCsvReader} (its policy on bad input applies: errors name the file, line
     * and column; series with fewer than {@code minLength} rows are skipped and listed), then the group column:
     * a missing group column, or two different groups within one series, is an error naming the line.
     */
    public Loaded read(Path file, int minLength) throws IOException {
        Panel panel = new PanelCsvReader(id, time, target, covariates, minLength).read(file);
        Map<String, String> groups = group == null ? Map.of() : readGroups(file);
        List<GlobalSeries> series = new ArrayList<>(panel.series().size());
        List<double[]> times = new ArrayList<>(panel.series().size());
        for (PanelSeries s : panel.series()) {
            series.add(GlobalSeries.of(s, group == null ? null : groups.get(s.id())));
            times.add(s.times());
        }
        return new Loaded(series, panel.skippedIds(), times, panel.timeKind());
    }

    private Map<String, String> readGroups(Path file) throws IOException {
        String source = file.getFileName().toString();
        Map<String, String> byId = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
            int idIndex = -1;
            int groupIndex = -1;
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber();
                if (idIndex < 0) {
                    List<String> header = new ArrayList<>();
                    record.forEach(cell -> header.add(cell.strip()));
                    idIndex = header.indexOf(id);
                    groupIndex = header.indexOf(group);
                    if (groupIndex < 0) {
                        throw new SeriesFormatException(source, line, group, "the group column is missing; the "
                                + "header has " + header);
                    }
                    continue;
                }
                String seriesId = record.get(idIndex).strip();
                String g = record.get(groupIndex).strip();
                String before = byId.putIfAbsent(seriesId, g);
                if (before == null) {
                    lineOf.put(seriesId, line);
                } else if (!before.equals(g)) {
                    throw new SeriesFormatException(source, line, group, "series '" + seriesId + "' has the group '"
                            + g + "' here but '" + before + "' on line " + lineOf.get(seriesId)
                            + "; expected one group per series");
                }
            }
        } catch (UncheckedIOException e) {
            throw SeriesFormatException.malformedCsv(source, e);
        }
        return byId;
    }
}
