package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target of the series CSV reader ({@link SeriesCsvReader#read(java.io.Reader, String)}): any
 * text either reads as a frame with at least one row, or raises a {@link SeriesFormatException}
 * with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>The first byte of an input picks one of three reader configurations (a time column and
 * one value column; year/month/day/hour time parts with a value and a categorical column; two
 * value columns interpolated over gaps); the rest is the CSV text, decoded as UTF-8. Under
 * {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/series/SeriesCsvReaderFuzzTestInputs/readsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class SeriesCsvReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        SeriesCsvReader reader = switch (Math.floorMod(input[0], 3)) {
            case 0 -> new SeriesCsvReader().timeColumn("date").valueColumns("value");
            case 1 -> new SeriesCsvReader().timeParts("year", "month", "day", "hour").valueColumns("pm")
                    .categoricalColumns("wind");
            default -> new SeriesCsvReader().valueColumns("a", "b").missingValues(MissingValuePolicy.INTERPOLATE);
        };
        String text = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        SeriesFrame frame;
        try {
            frame = reader.read(new StringReader(text), "fuzz.csv");
        } catch (SeriesFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a SeriesFormatException without a message");
            return;
        }
        assertTrue(frame.rowCount() > 0, "a frame read without error has rows");
    }
}
