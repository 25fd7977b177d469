package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.series.SeriesFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-dependent defaults: season from the time step, lookback, short series. */
class ForecastDefaultsTest {
    @TempDir
    Path dir;

    private SeriesFrame frame(int rows, IntFunction<String> time) throws IOException {
        StringBuilder csv = new StringBuilder("t,v\n");
        for (int i = 0; i < rows; i++) {
            csv.append(time.apply(i)).append(',').append(i % 5).append('\n');
        }
        Path file = dir.resolve("f" + rows + time.apply(0).length() + ".csv");
        Files.writeString(file, csv);
        return new ForecastData("v", "t", null, List.of(), List.of(), null).read(file);
    }

    @Test
    void seasonFollowsTheTimeStep() throws IOException {
        LocalDateTime start = LocalDateTime.of(2000, 1, 1, 0, 0);
        assertEquals(12, ForecastDefaults.season(frame(30, i -> start.plusMonths(i).toString().substring(0, 7))));
        assertEquals(4, ForecastDefaults.season(frame(30, i -> start.plusMonths(3L * i).toString().substring(0, 7))));
        assertEquals(365, ForecastDefaults.season(frame(800, i -> start.plusDays(i).toString().substring(0, 10))));
        assertEquals(7, ForecastDefaults.season(frame(100, i -> start.plusDays(i).toString().substring(0, 10))));
        assertEquals(24, ForecastDefaults.season(frame(50, i -> start.plusHours(i).toString().replace('T', ' '))));
        assertEquals(1, ForecastDefaults.season(frame(30, i -> "1-" + (10 + i)))); // opaque labels: no season
    }

    @Test
    void lookbackAndShortSeries() {
        assertEquals(12, ForecastDefaults.lookback(1));
        assertEquals(12, ForecastDefaults.lookback(12));
        assertEquals(24, ForecastDefaults.lookback(24));
        assertEquals(48, ForecastDefaults.lookback(365));
        assertTrue(ForecastDefaults.isShort(119, 12));   // airline passengers' training part
        assertFalse(ForecastDefaults.isShort(240, 12));
        assertFalse(ForecastDefaults.isShort(100, 1));   // no season
        assertFalse(ForecastDefaults.isShort(2956, 365)); // daily temperatures: season too long to difference
    }

    @Test
    void ensembleOfTwentyForShortSeriesThreeForCheapLongOnesElseOne() {
        assertEquals(20, ForecastDefaults.ensemble(119, 12));     // airline passengers
        assertEquals(20, ForecastDefaults.ensemble(84, 12));      // monthly car sales
        assertEquals(3, ForecastDefaults.ensemble(2956, 365));    // daily temperatures
        assertEquals(3, ForecastDefaults.ensemble(9_999, 24));
        assertEquals(1, ForecastDefaults.ensemble(10_000, 24));
        assertEquals(1, ForecastDefaults.ensemble(31_536, 24));   // hourly pm2.5
    }

    @Test
    void annualFourierOnlyForDailySeriesWithTwoYearsOfTrainingRowsInLevels() {
        assertTrue(ForecastDefaults.annualFourier(365, 2956, false, 0));    // daily temperatures
        assertTrue(ForecastDefaults.annualFourier(365, 730, false, 0));
        assertFalse(ForecastDefaults.annualFourier(365, 729, false, 0));
        assertFalse(ForecastDefaults.annualFourier(365, 2956, true, 0));    // logged
        assertFalse(ForecastDefaults.annualFourier(365, 2956, false, 365)); // differenced
        assertFalse(ForecastDefaults.annualFourier(12, 119, true, 12));     // airline passengers
        assertFalse(ForecastDefaults.annualFourier(12, 84, false, 0));      // monthly car sales, anchored
        assertFalse(ForecastDefaults.annualFourier(24, 31_536, false, 0));  // hourly pm2.5
        assertFalse(ForecastDefaults.annualFourier(7, 700, false, 0));      // daily, under two years
    }
}
