package dev.rnn4j.forecast;

import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesCsvReader;
import dev.rnn4j.series.SeriesFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which columns of a CSV file a forecaster reads: the target, an optional time column (or year/month/day/hour
 * part columns), numeric covariate columns, categorical covariate columns, and the missing-value policy.
 *
 * @param target      the numeric column to forecast
 * @param timeColumn  the time label column, or null
 * @param timeParts   null, or 2 to 4 column names for year, month[, day[, hour]]
 * @param features    other numeric columns used as inputs (may be empty)
 * @param categorical text columns one-hot encoded as inputs (may be empty)
 * @param missing     what to do with missing cells
 */
public record ForecastData(String target, String timeColumn, List<String> timeParts, List<String> features,
                           List<String> categorical, MissingValuePolicy missing) {

    /** Validates the choice: a target, at most one way of giving times, no column used twice. */
    public ForecastData {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target: expected a column name, got " + target);
        }
        if (timeColumn != null && timeParts != null) {
            throw new IllegalArgumentException("time: give either a time column or time parts, not both (got "
                    + timeColumn + " and " + timeParts + ")");
        }
        if (timeParts != null && (timeParts.size() < 2 || timeParts.size() > 4)) {
            throw new IllegalArgumentException("time parts: expected 2 to 4 columns (year, month[, day[, hour]]), got "
                    + timeParts);
        }
        features = features == null ? List.of() : List.copyOf(features);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        timeParts = timeParts == null ? null : List.copyOf(timeParts);
        missing = missing == null ? MissingValuePolicy.FORWARD_FILL : missing;
        List<String> seen = new ArrayList<>();
        seen.add(target);
        for (String c : concat(features, categorical)) {
            if (seen.contains(c)) {
                throw new IllegalArgumentException("columns: '" + c + "' is used twice (target " + target
                        + ", features " + features + ", categorical " + categorical + ")");
            }
            seen.add(c);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Reads the chosen columns of a CSV file; errors name the file, line and column. */
    public SeriesFrame read(Path csv) throws IOException {
        if (csv == null) {
            throw new IllegalArgumentException("csv: expected a file, got null");
        }
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString(), null, Files.isDirectory(csv) ? "is a folder, not a CSV file"
                    : "CSV file not found");
        }
        SeriesCsvReader reader = new SeriesCsvReader().valueColumns(concat(List.of(target), features))
                .categoricalColumns(categorical).missingValues(missing);
        if (timeColumn != null) {
            reader.timeColumn(timeColumn);
        } else if (timeParts != null) {
            reader.timeParts(timeParts.get(0), timeParts.get(1), timeParts.size() > 2 ? timeParts.get(2) : null,
                    timeParts.size() > 3 ? timeParts.get(3) : null);
        }
        return reader.read(csv);
    }

    /** Parses a missing-value policy name: {@code drop}, {@code forward-fill} or {@code interpolate}. */
    public static MissingValuePolicy parseMissing(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "drop" -> MissingValuePolicy.DROP;
            case "forward-fill", "ffill" -> MissingValuePolicy.FORWARD_FILL;
            case "interpolate" -> MissingValuePolicy.INTERPOLATE;
            default -> throw new IllegalArgumentException("missing-value policy: expected drop, forward-fill or"
                    + " interpolate, got '" + name + "'");
        };
    }
}
