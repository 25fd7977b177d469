package dev.rnn4j.forecast.panel;

import dev.rnn4j.series.SeriesFormatException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the M3 competition data (Makridakis &amp; Hibon 2000) from a folder holding {@code m3-info.csv} and, per
 * frequency F in {yearly, quarterly, monthly, other}, {@code m3-F-train.csv} and {@code m3-F-test.csv}.
 *
 * <p>{@code m3-info.csv} has the columns {@code series_id, frequency, category, n_train, h, m} and optionally
 * {@code start_year, start_period} (the dates of {@link M3Series#epochSecond}; others are ignored); the train and test files are long-format panels with the columns {@code series_id, t, value}. Every
 * series listed for a frequency must have exactly {@code n_train} training and {@code h} test values, or the load
 * fails naming the file and series.
 */
public final class M3Data {

    /** The four frequencies in the order the M3 paper lists them. */
    public static final List<String> FREQUENCIES = List.of("yearly", "quarterly", "monthly", "other");

    private M3Data() {
    }

    /**
     * Loads the series of the given frequencies, in the order of {@code m3-info.csv}.
     *
     * @param folder      the data folder
     * @param frequencies a subset of {@link #FREQUENCIES}
     * @throws IllegalArgumentException if a frequency is not one of {@link #FREQUENCIES} or the folder has no
     *                                  {@code m3-info.csv}
     * @throws SeriesFormatException    (an {@link IllegalArgumentException}) whose message starts with the name of
     *                                  the file at fault, for a file that is not UTF-8 CSV, a missing column, a
     *                                  count in {@code m3-info.csv} that is not a whole number of at most 9 digits,
     *                                  a bad value, or a series without exactly {@code n_train} and {@code h} values
     * @throws IOException              if a file cannot be read (a missing train or test file among them)
     */
    public static List<M3Series> load(Path folder, List<String> frequencies) throws IOException {
        for (String f : frequencies) {
            if (!FREQUENCIES.contains(f)) {
                throw new IllegalArgumentException("frequencies: expected some of " + FREQUENCIES + ", got '" + f
                        + "'");
            }
        }
        Path infoFile = folder.resolve("m3-info.csv");
        if (!Files.isRegularFile(infoFile)) {
            throw new IllegalArgumentException("folder: expected the M3 files (m3-info.csv, m3-monthly-train.csv, ...) "
                    + "in " + folder + ", but m3-info.csv is not there");
        }
        List<M3Series> out = new ArrayList<>();
        List<String[]> info = readInfo(infoFile);
        for (String frequency : frequencies) {
            Map<String, PanelSeries> train = byId(folder.resolve("m3-" + frequency + "-train.csv"));
            Map<String, PanelSeries> test = byId(folder.resolve("m3-" + frequency + "-test.csv"));
            for (String[] row : info) {
                if (!row[1].equals(frequency)) {
                    continue;
                }
                String id = row[0];
                int nTrain = Integer.parseInt(row[3]);
                int h = Integer.parseInt(row[4]);
                int m = Integer.parseInt(row[5]);
                double[] x = values(train, id, nTrain, "m3-" + frequency + "-train.csv");
                double[] y = values(test, id, h, "m3-" + frequency + "-test.csv");
                out.add(new M3Series(id, frequency, row[2], x, y, m, Integer.parseInt(row[6]),
                        Integer.parseInt(row[7])));
            }
        }
        return out;
    }

    /**
     * The validation cut of the competition split, for choosing settings without the test parts: each series'
     * training part loses its last h values, which become the part to forecast (the same h), and the test part is
     * dropped. Settings chosen on the cut's scores have never seen a test value.
     *
     * @throws IllegalArgumentException naming a series whose training part has no more than h values
     */
    public static List<M3Series> validationCut(List<M3Series> series) {
        List<M3Series> out = new ArrayList<>(series.size());
        for (M3Series s : series) {
            int h = s.horizon();
            int n = s.train().length;
            if (n <= h) {
                throw new IllegalArgumentException("series '" + s.id() + "': its training part has " + n
                        + " values, too few to cut off a validation part of h = " + h);
            }
            out.add(new M3Series(s.id(), s.frequency(), s.category(), Arrays.copyOf(s.train(), n - h),
                    Arrays.copyOfRange(s.train(), n - h, n), s.period(), s.startYear(), s.startPeriod()));
        }
        return out;
    }

    /**
     * The rows of {@code m3-info.csv}, each as the {@code wanted} columns in order.
     *
     * @throws SeriesFormatException naming the file (and line and column where there is one) for a file that is
     *                               not UTF-8 or not CSV, a header without a required column or with a blank or
     *                               repeated name, a row with fewer fields than the header, or a count that is
     *                               not a whole number of at most 9 digits (so no count reaches a billion)
     */
    private static List<String[]> readInfo(Path file) throws IOException {
        String name = file.getFileName().toString();
        String[] wanted = {"series_id", "frequency", "category", "n_train", "h", "m", "start_year", "start_period"};
        int required = 6;   // the start columns are optional: 0 (unknown) when absent
        List<String[]> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = parseWithHeader(reader, name)) {
            for (int i = 0; i < required; i++) {
                if (!parser.getHeaderMap().containsKey(wanted[i])) {
                    throw new SeriesFormatException(name, 1, wanted[i],
                            "column missing; the header has " + parser.getHeaderNames());
                }
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1;
                String[] row = new String[wanted.length];
                for (int i = 0; i < wanted.length; i++) {
                    boolean present = i < required || parser.getHeaderMap().containsKey(wanted[i]);
                    if (present && !record.isSet(wanted[i])) {
                        throw new SeriesFormatException(name, line, wanted[i], "expected "
                                + parser.getHeaderNames().size() + " fields as in the header, found " + record.size());
                    }
                    row[i] = present ? record.get(wanted[i]).strip() : "0";
                }
                for (int i = 3; i < wanted.length; i++) {
                    if (!row[i].matches("\\d{1,9}")) {
                        throw new SeriesFormatException(name, line, wanted[i], "expected a whole number, found '"
                                + row[i] + "'");
                    }
                }
                rows.add(row);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof CharacterCodingException
                    ? notUtf8(name, (CharacterCodingException) e.getCause())
                    : SeriesFormatException.malformedCsv(name, e);
        } catch (CharacterCodingException e) {
            throw notUtf8(name, e);
        }
        return rows;
    }

    /**
     * Reads the header row: commons-csv refuses a blank or repeated name, or a quote that never closes, with an
     * exception that names no file.
     */
    private static CSVParser parseWithHeader(Reader reader, String name) throws IOException {
        try {
            return CSVFormat.DEFAULT.builder().setHeader().build().parse(reader);
        } catch (IllegalArgumentException e) {
            throw new SeriesFormatException(name, 1, null, "bad header: " + e.getMessage());
        } catch (CSVException e) {
            throw SeriesFormatException.malformedCsv(name, new UncheckedIOException(e));
        }
    }

    private static SeriesFormatException notUtf8(String name, CharacterCodingException e) {
        return new SeriesFormatException(name, 0, null, "not UTF-8 text (" + e + ")");
    }

    private static Map<String, PanelSeries> byId(Path file) throws IOException {
        Panel panel = new PanelCsvReader("series_id", "t", "value", List.of(), 1).read(file);
        Map<String, PanelSeries> map = new HashMap<>();
        for (PanelSeries s : panel.series()) {
            map.put(s.id(), s);
        }
        return map;
    }

    private static double[] values(Map<String, PanelSeries> panel, String id, int expected, String file) {
        PanelSeries s = panel.get(id);
        if (s == null) {
            throw new SeriesFormatException(file, 0, null, "series '" + id + "' of m3-info.csv has no rows");
        }
        if (s.length() != expected) {
            throw new SeriesFormatException(file, s.firstLine(), null, "series '" + id + "': expected " + expected
                    + " values as m3-info.csv says, found " + s.length());
        }
        return s.values();
    }
}
