package dev.rnn4j.forecast.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.series.SeriesFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target of the panel CSV reader ({@link PanelCsvReader#read(java.io.Reader, String)}): any text either
 * reads as a panel whose series are each at least the minimum length, or raises a {@link SeriesFormatException}
 * with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>The first byte of an input picks the minimum series length (1 to 4) and whether a covariate column
 * {@code temp} is read; the rest is the CSV text (columns {@code id,time,value}), decoded as UTF-8. Under
 * {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/forecast/panel/PanelCsvReaderFuzzTestInputs/readsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class PanelCsvReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int minLength = 1 + Math.floorMod(input[0], 4);
        boolean covariate = (input[0] & 4) != 0;
        PanelCsvReader reader = new PanelCsvReader("id", "time", "value", covariate ? List.of("temp") : List.of(),
                minLength);
        String text = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        Panel panel;
        try {
            panel = reader.read(new StringReader(text), "fuzz.csv");
        } catch (SeriesFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a SeriesFormatException without a message");
            return;
        }
        for (PanelSeries series : panel.series()) {
            assertTrue(series.length() >= minLength, "a series shorter than the minimum was kept");
            assertEquals(covariate ? 1 : 0, panel.covariateNames().size());
        }
    }
}
