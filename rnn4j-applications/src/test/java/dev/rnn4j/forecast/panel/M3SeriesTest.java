package dev.rnn4j.forecast.panel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dates of M3 observations from the start year and period of m3-info.csv. */
class M3SeriesTest {

    private static double at(int year, int month) {
        return LocalDate.of(year, month, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    private static M3Series series(String frequency, int year, int period) {
        return new M3Series("N", frequency, "MICRO", new double[] {1, 2}, new double[] {3}, 1, year, period);
    }

    @Test
    void observationsAreDatedFromTheStart() {
        assertEquals(at(1975, 1), series("yearly", 1975, 1).epochSecond(0));
        assertEquals(at(1980, 1), series("yearly", 1975, 3).epochSecond(5));
        assertEquals(at(1984, 4), series("quarterly", 1984, 2).epochSecond(0));
        assertEquals(at(1985, 1), series("quarterly", 1984, 2).epochSecond(3));
        // the workbook's quarter 9 of 1984 is the first quarter of 1986
        assertEquals(at(1986, 1), series("quarterly", 1984, 9).epochSecond(0));
        assertEquals(at(1991, 2), series("monthly", 1990, 1).epochSecond(13));
        M3Series other = series("other", 0, 0);
        assertFalse(other.hasDates());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.epochSecond(0));
        assertTrue(e.getMessage().contains("no dates"), e.getMessage());
        assertFalse(series("monthly", 0, 0).hasDates());
        assertFalse(new M3Series("N", "monthly", "MICRO", new double[] {1}, new double[] {2}, 12).hasDates());
    }

    @Test
    void theSampleCarriesTheStartOfEachSeries() throws Exception {
        Path folder = Path.of(M3SeriesTest.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
        List<M3Series> series = M3Data.load(folder, M3Data.FREQUENCIES);
        M3Series n1876 = series.stream().filter(s -> s.id().equals("N1876")).findFirst().orElseThrow();
        assertEquals(1982, n1876.startYear());
        assertEquals(1, n1876.startPeriod());
        assertEquals(at(1982, 1), n1876.epochSecond(0));
        assertTrue(series.stream().filter(s -> s.frequency().equals("other")).noneMatch(M3Series::hasDates));
    }
}
