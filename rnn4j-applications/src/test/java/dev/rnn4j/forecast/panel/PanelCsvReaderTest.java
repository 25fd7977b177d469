package dev.rnn4j.forecast.panel;

import dev.rnn4j.series.SeriesFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PanelCsvReaderTest {

    private static Panel read(String csv, List<String> covariates, int minLength) throws IOException {
        return new PanelCsvReader("id", "t", "y", covariates, minLength).read(new StringReader(csv), "panel.csv");
    }

    private static SeriesFormatException failure(String csv) {
        return assertThrows(SeriesFormatException.class, () -> read(csv, List.of("x"), 1));
    }

    @Test
    void readsInterleavedSeriesWithCovariates() throws IOException {
        Panel panel = read("id,t,y,x\na,1,10,0.5\nb,1,20,1\na,2,11,0.25\nb,2,21,2\nb,3,22,3\n", List.of("x"), 1);
        assertEquals(2, panel.series().size());
        PanelSeries a = panel.series().get(0);
        assertEquals("a", a.id());
        assertArrayEquals(new double[] {1, 2}, a.times());
        assertArrayEquals(new double[] {10, 11}, a.values());
        assertArrayEquals(new double[] {0.25}, a.covariates()[1]);
        assertEquals(2, a.firstLine());
        assertArrayEquals(new double[] {20, 21, 22}, panel.series().get(1).values());
        assertEquals(0, panel.skippedCount());
    }

    @Test
    void isoMonthsAndDaysOrderChronologically() throws IOException {
        Panel months = read("id,t,y\na,1999-11,1\na,1999-12,2\na,2000-01,3\n", List.of(), 1);
        double[] t = months.series().get(0).times();
        assertEquals(1, t[1] - t[0]);
        assertEquals(1, t[2] - t[1]);
        Panel days = read("id,t,y\na,2000-02-28,1\na,2000-02-29,2\na,2000-03-01,3\n", List.of(), 1);
        assertArrayEquals(new double[] {0, 1, 2},
                java.util.Arrays.stream(days.series().get(0).times()).map(v -> v - 11015).toArray());
    }

    @Test
    void aQuoteThatNeverClosesIsMalformedCsvAtItsLine() {
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> read("id,t,y\na,1,1\na,2,\"3\n", List.of(), 1));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("panel.csv, line 3: malformed CSV: "), e.getMessage());
    }

    @Test
    void seriesShorterThanTheMinimumAreSkippedAndCounted() throws IOException {
        Panel panel = read("id,t,y\nlong,1,1\nlong,2,2\nlong,3,3\nshort,1,5\nshort,2,6\ntiny,1,7\n", List.of(), 3);
        assertEquals(1, panel.series().size());
        assertEquals("long", panel.series().get(0).id());
        assertEquals(2, panel.skippedCount());
        assertEquals(List.of("short", "tiny"), panel.skippedIds());
    }

    @Test
    void duplicateTimeWithinASeriesNamesBothLines() {
        SeriesFormatException e = failure("id,t,y,x\na,1,10,0\nb,1,20,0\na,1,11,0\n");
        assertEquals(4, e.line());
        assertEquals("t", e.column());
        assertTrue(e.getMessage().startsWith("panel.csv, line 4, column 't': duplicate time '1' in series 'a'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("also on line 2"), e.getMessage());
    }

    @Test
    void unsortedRowsAreReportedWithTheEarlierLine() {
        SeriesFormatException e = failure("id,t,y,x\na,1,10,0\na,3,11,0\na,2,12,0\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("unsorted rows: time '2' of series 'a' comes after '3' on line 3"),
                e.getMessage());
    }

    @Test
    void sameTimeInDifferentSeriesIsFine() throws IOException {
        assertEquals(2, read("id,t,y\na,1,1\nb,1,2\n", List.of(), 1).series().size());
    }

    @Test
    void nonNumericValueNamesFileLineAndColumn() {
        SeriesFormatException e = failure("id,t,y,x\na,1,10,0\na,2,ten,0\n");
        assertEquals("panel.csv, line 3, column 'y': expected a finite number, found 'ten'", e.getMessage());
        SeriesFormatException covariate = failure("id,t,y,x\na,1,10,0\na,2,11,\n");
        assertEquals(3, covariate.line());
        assertEquals("x", covariate.column());
        assertTrue(covariate.getMessage().contains("empty cell"), covariate.getMessage());
    }

    @Test
    void missingIdColumnListsTheHeader() {
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> read("series,t,y\na,1,10\n", List.of(), 1));
        assertEquals(1, e.line());
        assertEquals("panel.csv, line 1, column 'id': the series id column is missing; the header has [series, t, y]",
                e.getMessage());
    }

    @Test
    void unparseableTimeAndMixedTimeKindsAreErrors() {
        SeriesFormatException bad = failure("id,t,y,x\na,soon,1,0\n");
        assertEquals(2, bad.line());
        assertTrue(bad.getMessage().contains("expected a number or an ISO date"), bad.getMessage());
        SeriesFormatException mixed = failure("id,t,y,x\na,1,1,0\na,2000-01,2,0\n");
        assertEquals(3, mixed.line());
        assertTrue(mixed.getMessage().contains("same kind as the first row (number)"), mixed.getMessage());
    }

    @Test
    void wrongFieldCountAndEmptyFileAreErrors() {
        assertEquals(3, failure("id,t,y,x\na,1,1,0\na,2,2\n").line());
        SeriesFormatException empty = assertThrows(SeriesFormatException.class, () -> read("", List.of(), 1));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PanelCsvReader("id", "t", "y", List.of(), 0));
    }

    @Test
    void theTimeKindGivesTheDatesOfTheKeys() throws IOException {
        PanelCsvReader reader = new PanelCsvReader("id", "t", "y", List.of(), 1);
        Panel months = reader.read(new StringReader("id,t,y\na,1990-03,1\na,1990-04,2\n"), "m.csv");
        assertEquals(PanelCsvReader.TimeKind.MONTH, months.timeKind());
        assertEquals(java.time.LocalDate.of(1990, 4, 1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC),
                months.timeKind().epochSecond(months.series().get(0).times()[1]), 0);
        Panel days = reader.read(new StringReader("id,t,y\na,1969-12-31,1\n"), "d.csv");
        assertEquals(PanelCsvReader.TimeKind.DAY, days.timeKind());
        assertEquals(-86_400, days.timeKind().epochSecond(days.series().get(0).times()[0]), 0);
        Panel numbers = reader.read(new StringReader("id,t,y\na,7,1\n"), "n.csv");
        assertEquals(PanelCsvReader.TimeKind.NUMBER, numbers.timeKind());
        assertTrue(Double.isNaN(numbers.timeKind().epochSecond(7)));
    }
}
