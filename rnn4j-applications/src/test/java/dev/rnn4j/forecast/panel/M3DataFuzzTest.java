package dev.rnn4j.forecast.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.series.SeriesFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Fuzz target of the M3 data folder ({@link M3Data#load(Path, List)}, {@code rnn4j forecast m3 --data}): any
 * folder either loads, every yearly series of {@code m3-info.csv} with its {@code n_train} training and {@code h}
 * test values, all finite, or raises a {@link SeriesFormatException} whose message starts with the file it
 * concerns. Any other exception or error, or a hang, is a finding.
 *
 * <p>An input's NUL bytes split it into {@code m3-info.csv}, {@code m3-yearly-train.csv} and
 * {@code m3-yearly-test.csv}, written into a folder that is loaded for the frequency {@code yearly}; a file the
 * input does not reach is written empty (bytes after a third NUL go to the test file too). Under
 * {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/forecast/panel/M3DataFuzzTestInputs/loadsOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class M3DataFuzzTest {

    private static final List<String> FILES = List.of("m3-info.csv", "m3-yearly-train.csv", "m3-yearly-test.csv");

    /** The folder whose three files are rewritten for every input. */
    private static final Path FOLDER = newFolder();

    private static Path newFolder() {
        try {
            Path folder = Files.createTempDirectory("m3-data-fuzz");
            folder.toFile().deleteOnExit();
            for (String name : FILES) {
                folder.resolve(name).toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        int from = 0;
        for (int part = 0; part < FILES.size(); part++) {
            int to = from;
            while (to < input.length && (input[to] != 0 || part == FILES.size() - 1)) {
                to++;
            }
            Files.write(FOLDER.resolve(FILES.get(part)), Arrays.copyOfRange(input, Math.min(from, input.length),
                    Math.min(to, input.length)));
            from = to + 1;
        }
        List<M3Series> loaded;
        try {
            loaded = M3Data.load(FOLDER, List.of("yearly"));
        } catch (SeriesFormatException e) {
            String message = e.getMessage();
            assertTrue(message != null && FILES.stream().anyMatch(message::startsWith),
                    "a SeriesFormatException that does not start with the file's name: " + message);
            return;
        }
        List<CSVRecord> yearly = yearlyRows(Files.readString(FOLDER.resolve(FILES.get(0)), StandardCharsets.UTF_8));
        assertEquals(yearly.size(), loaded.size(), "one series per yearly row of m3-info.csv");
        for (int i = 0; i < loaded.size(); i++) {
            M3Series series = loaded.get(i);
            CSVRecord row = yearly.get(i);
            assertEquals(row.get("series_id").strip(), series.id());
            assertEquals("yearly", series.frequency());
            assertEquals(Integer.parseInt(row.get("n_train").strip()), series.train().length, series.id());
            assertEquals(Integer.parseInt(row.get("h").strip()), series.test().length, series.id());
            assertEquals(Integer.parseInt(row.get("m").strip()), series.period(), series.id());
            assertTrue(Arrays.stream(series.train()).allMatch(Double::isFinite), series.id() + ": a value not finite");
            assertTrue(Arrays.stream(series.test()).allMatch(Double::isFinite), series.id() + ": a value not finite");
        }
    }

    /** The rows of {@code m3-info.csv} (already read by the loader) whose frequency is yearly, in file order. */
    private static List<CSVRecord> yearlyRows(String info) throws IOException {
        List<CSVRecord> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(info))) {
            for (CSVRecord record : parser) {
                if (record.get("frequency").strip().equals("yearly")) {
                    rows.add(record);
                }
            }
        }
        return rows;
    }
}
