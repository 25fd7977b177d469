package dev.rnn4j.series;

import static dev.rnn4j.series.SeriesTestFiles.assertMentions;
import static dev.rnn4j.series.SeriesTestFiles.resource;
import static dev.rnn4j.series.SeriesTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvReaderTest {
    @TempDir
    Path dir;

    // ---- real files ----

    @Test
    void readsAirlinePassengersWithCrlfQuotedHeaderAndNoFinalNewline() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("Month").valueColumns("Passengers")
                .read(resource("airline-passengers.csv"));
        assertEquals(144, f.rowCount());
        assertTrue(f.hasTimes());
        assertEquals(LocalDateTime.of(1949, 1, 1, 0, 0), f.times()[0]);
        assertEquals(LocalDateTime.of(1960, 12, 1, 0, 0), f.times()[143]);
        assertEquals("1960-12", f.timeLabels()[143]);
        double[] v = f.values("Passengers");
        assertEquals(112, v[0]);
        assertEquals(432, v[143]); // the unterminated last line is read
        assertEquals(2, f.lines()[0]);
        assertEquals(145, f.lines()[143]);
        assertEquals(1, SeriesTimes.inferStep(f.times()).months());
    }

    @Test
    void readsDailyTemperaturesWithMissingCalendarDays() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("Date").valueColumns("Temp")
                .read(resource("daily-min-temperatures.csv"));
        assertEquals(3650, f.rowCount());
        assertEquals(20.7, f.values("Temp")[0]);
        assertEquals(13.0, f.values("Temp")[3649]);
        assertEquals(Duration.ofDays(1), SeriesTimes.inferStep(f.times()).duration());
        List<LocalDateTime> times = Arrays.asList(f.times());
        assertFalse(times.contains(LocalDateTime.of(1984, 12, 31, 0, 0)));
        assertTrue(times.contains(LocalDateTime.of(1984, 2, 29, 0, 0)));
    }

    @Test
    void readsCarSales() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("Month").valueColumns("Sales")
                .read(resource("monthly-car-sales.csv"));
        assertEquals(108, f.rowCount());
        assertEquals(6550, f.values("Sales")[0]);
        assertEquals(14577, f.values("Sales")[107]);
    }

    @Test
    void keepsShampooPeriodLabelsAsOpaqueText() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("Month").valueColumns("Sales")
                .read(resource("monthly-shampoo-sales.csv"));
        assertEquals(36, f.rowCount());
        assertTrue(f.hasTimeLabels());
        assertFalse(f.hasTimes());
        assertEquals("1-01", f.timeLabels()[0]);
        assertEquals("3-12", f.timeLabels()[35]);
        assertEquals(646.9, f.values("Sales")[35]);
        assertThrows(IllegalStateException.class, f::times);
    }

    @Test
    void shampooLabelsAreAnErrorWhenTimesAreRequired() {
        Path file = resource("monthly-shampoo-sales.csv");
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> new SeriesCsvReader()
                .timeColumn("Month").requireTimes(true).valueColumns("Sales").read(file));
        assertMentions(e, "monthly-shampoo-sales.csv", "line 2", "column 'Month'", "'1-01'");
        assertEquals(2, e.line());
        assertEquals("Month", e.column());
    }

    @Test
    void readsBeijingWithTimePartsNaAndCategoricalColumn() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeParts("year", "month", "day", "hour")
                .valueColumns("pm2.5", "DEWP", "TEMP", "PRES", "Iws", "Is", "Ir")
                .categoricalColumns("cbwd").missingValues(MissingValuePolicy.INTERPOLATE)
                .read(resource("pollution-first-2000-hours.csv"));
        // the first 24 hours have no pm2.5 at all and are dropped
        assertEquals(2000 - 24, f.rowCount());
        assertEquals(LocalDateTime.of(2010, 1, 2, 0, 0), f.times()[0]);
        assertEquals(26, f.lines()[0]);
        assertEquals(Duration.ofHours(1), SeriesTimes.inferStep(f.times()).duration());
        assertEquals("year/month/day/hour", f.timeColumn());
        assertEquals(List.of("pm2.5", "DEWP", "TEMP", "PRES", "Iws", "Is", "Ir"), f.valueColumns());
        assertEquals("SE", f.categories("cbwd")[0]);
        double[] pm = f.values("pm2.5");
        for (double v : pm) {
            assertFalse(Double.isNaN(v));
        }
        assertEquals(129, pm[0]);
        // data rows 545..611 (0-based) are NA between 22 (row 544) and 88 (row 612): linear in the row index
        int row = 545 - 24;
        assertEquals(547, f.lines()[row]);
        assertEquals(22, pm[row - 1]);
        assertEquals(22 + 66.0 / 68, pm[row], 1e-9);
        assertEquals(22 + 66.0 * 34 / 68, pm[row + 33], 1e-9);
        assertEquals(88, pm[612 - 24]);
    }

    @Test
    void beijingDropPolicyRemovesEveryNaRow() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeParts("year", "month", "day", "hour").valueColumns("pm2.5")
                .missingValues(MissingValuePolicy.DROP).read(resource("pollution-first-2000-hours.csv"));
        assertEquals(2000 - 95, f.rowCount());
    }

    // ---- format details on small files ----

    @Test
    void handlesCrlfMissingFinalNewlineQuotedHeadersAndBlankLines() throws IOException {
        Path file = write(dir, "q.csv", "\uFEFF\"Time Stamp\" , \"Value A\",\"B\"\r\n\"2020-01-01 00:00:00\",1.5,x\r\n"
                + "\r\n\"2020-01-01 01:00:00\",-2e1,y");
        SeriesFrame f = new SeriesCsvReader().timeColumn("Time Stamp").valueColumns("Value A")
                .categoricalColumns("B").read(file);
        assertArrayEquals(new double[] {1.5, -20}, f.values("Value A"));
        assertArrayEquals(new int[] {2, 4}, f.lines());
        assertArrayEquals(new String[] {"x", "y"}, f.categories("B"));
        assertEquals(LocalDateTime.of(2020, 1, 1, 1, 0), f.times()[1]);
    }

    @Test
    void worksWithoutTimeColumnAndFromReader() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("y", "x")
                .read(new StringReader("x,y\n1,10\n2,20\n"), "inline");
        assertFalse(f.hasTimeLabels());
        assertArrayEquals(new double[] {10, 20}, f.values("y"));
        assertArrayEquals(new double[] {1, 2}, f.values("x"));
        assertEquals(List.of("y", "x"), f.valueColumns());
    }

    private static final String GAPS = "t,v,c\n1,1,a\n2,NA,\n3,3,b\n4,,NA\n5,na,c\n6,6,\n7,NaN,d\n";

    @Test
    void forwardFillCarriesLastValue() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("v").categoricalColumns("c")
                .missingValues(MissingValuePolicy.FORWARD_FILL).read(write(dir, "g.csv", GAPS));
        assertArrayEquals(new double[] {1, 1, 3, 3, 3, 6, 6}, f.values("v"));
        assertArrayEquals(new String[] {"a", "a", "b", "b", "c", "c", "d"}, f.categories("c"));
    }

    @Test
    void interpolateFillsInteriorGapsLinearlyAndHoldsTheTail() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("v").missingValues(MissingValuePolicy.INTERPOLATE)
                .read(write(dir, "g.csv", GAPS));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 6}, f.values("v"), 1e-12);
    }

    @Test
    void dropRemovesRowsWithAnyMissingSelectedColumn() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("v").categoricalColumns("c")
                .missingValues(MissingValuePolicy.DROP).read(write(dir, "g.csv", GAPS));
        assertArrayEquals(new double[] {1, 3}, f.values("v"));
        assertArrayEquals(new int[] {2, 4}, f.lines());
        SeriesFrame onlyV = new SeriesCsvReader().valueColumns("v").missingValues(MissingValuePolicy.DROP)
                .read(write(dir, "g.csv", GAPS));
        assertArrayEquals(new double[] {1, 3, 6}, onlyV.values("v"));
        assertArrayEquals(new int[] {2, 4, 7}, onlyV.lines());
    }

    @Test
    void leadingMissingRowsAreTrimmedByFillPolicies() throws IOException {
        Path file = write(dir, "lead.csv", "a,b\nNA,1\n2,NA\n3,4\n");
        SeriesFrame ffill = new SeriesCsvReader().valueColumns("a", "b")
                .missingValues(MissingValuePolicy.FORWARD_FILL).read(file);
        assertArrayEquals(new double[] {2, 3}, ffill.values("a"));
        assertArrayEquals(new double[] {1, 4}, ffill.values("b"));
        assertArrayEquals(new int[] {3, 4}, ffill.lines());
        SeriesFrame interp = new SeriesCsvReader().valueColumns("a", "b")
                .missingValues(MissingValuePolicy.INTERPOLATE).read(file);
        assertArrayEquals(new double[] {2, 3}, interp.values("a"));
        assertArrayEquals(new double[] {2.5, 4}, interp.values("b"));
        assertArrayEquals(new int[] {3, 4}, interp.lines());
    }

    // ---- bad input: each names file, line and column ----

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = write(dir, "bad-number.csv", "Month,Value\r\n2000-01,1\r\n2000-02,abc\r\n2000-03,3");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Month").valueColumns("Value").read(file));
        assertMentions(e, "bad-number.csv", "line 3", "column 'Value'", "'abc'");
        assertEquals(3, e.line());
    }

    @Test
    void javaOnlyNumberSyntaxIsRejected() throws IOException {
        Path file = write(dir, "hex.csv", "v\n1\n0x1p3\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("v").read(file));
        assertMentions(e, "hex.csv", "line 3", "column 'v'");
    }

    @Test
    void unknownColumnListsTheAvailableOnes() throws IOException {
        Path file = write(dir, "cols.csv", "\"Month\",\"Passengers\"\n\"1949-01\",112");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Month").valueColumns("Pasengers").read(file));
        assertMentions(e, "cols.csv", "line 1", "column 'Pasengers'", "[Month, Passengers]");
    }

    @Test
    void unknownTimeColumnIsReported() throws IOException {
        Path file = write(dir, "cols.csv", "Month,Passengers\n1949-01,112");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Date").valueColumns("Passengers").read(file));
        assertMentions(e, "cols.csv", "line 1", "column 'Date'", "[Month, Passengers]");
    }

    @Test
    void allMissingColumnIsReportedWithItsLines() throws IOException {
        Path file = write(dir, "empty-col.csv", "t,a,b\n2000-01,1,NA\n2000-02,2,\n2000-03,3,NA");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("t").valueColumns("a", "b").read(file));
        assertMentions(e, "empty-col.csv", "lines 2-4", "column 'b'", "all 3 values are missing");
    }

    @Test
    void unparseableTimeIsReportedWhenTimesAreRequired() throws IOException {
        Path file = write(dir, "bad-time.csv", "Date,v\n2000-01-30,1\n2000-01-31,2\n2000-02-30,3\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> new SeriesCsvReader()
                .timeColumn("Date").requireTimes(true).valueColumns("v").read(file));
        assertMentions(e, "bad-time.csv", "line 4", "column 'Date'", "'2000-02-30'");
    }

    @Test
    void unparseableTimeAfterDatesIsReportedEvenWhenTimesAreOptional() throws IOException {
        Path file = write(dir, "bad-day.csv", "\"Date\",\"Temp\"\r\n\"1981-01-01\",20.7\r\n\"1981-01-0x\",17.9");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Date").valueColumns("Temp").read(file));
        assertMentions(e, "bad-day.csv", "line 3", "column 'Date'", "'1981-01-0x'", "'1981-01-01' is a date");
    }

    @Test
    void unorderedTimesAreReported() throws IOException {
        Path file = write(dir, "order.csv", "Date,v\r\n2000-01-01,1\r\n2000-01-03,2\r\n2000-01-02,3");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Date").valueColumns("v").read(file));
        assertMentions(e, "order.csv", "line 4", "column 'Date'", "2000-01-02", "is before", "line 3");
    }

    @Test
    void repeatedTimesAreReported() throws IOException {
        Path file = write(dir, "dup.csv", "Date,v\n2000-01,1\n2000-01,2\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().timeColumn("Date").valueColumns("v").read(file));
        assertMentions(e, "dup.csv", "line 3", "column 'Date'", "repeats");
    }

    @Test
    void unorderedTimePartsAreReported() throws IOException {
        Path file = write(dir, "parts.csv", "year,month,day,hour,v\n2010,1,1,0,1\n2010,1,1,2,1\n2010,1,1,1,1");
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> new SeriesCsvReader()
                .timeParts("year", "month", "day", "hour").valueColumns("v").read(file));
        assertMentions(e, "parts.csv", "line 4", "column 'year/month/day/hour'");
    }

    @Test
    void badTimePartIsReported() throws IOException {
        Path file = write(dir, "parts.csv", "year,month,day,hour,v\n2010,1,1,0,1\n2010,1,x,1,1");
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> new SeriesCsvReader()
                .timeParts("year", "month", "day", "hour").valueColumns("v").read(file));
        assertMentions(e, "parts.csv", "line 3", "column 'day'", "'x'");
    }

    @Test
    void wrongFieldCountIsReported() throws IOException {
        Path file = write(dir, "ragged.csv", "a,b\n1,2\n3\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("a").read(file));
        assertMentions(e, "ragged.csv", "line 3", "expected 2 fields", "found 1");
    }

    @Test
    void emptyFileAndHeaderOnlyFileAreReported() throws IOException {
        Path empty = write(dir, "empty.csv", "");
        assertMentions(assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("a").read(empty)), "empty.csv", "header");
        Path headerOnly = write(dir, "header.csv", "a,b\r\n");
        assertMentions(assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("a").read(headerOnly)), "header.csv", "line 1",
                "no data rows");
    }

    @Test
    void malformedQuotingIsAFormatError() throws IOException {
        Path open = write(dir, "open-quote.csv", "a,b\n1,\"2\n3,4");
        assertMentions(assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("a").read(open)), "open-quote.csv", "line 2",
                "malformed CSV");
        Path junk = write(dir, "junk.csv", "a,b\n0,1\n1,\"2\"x\n");
        assertMentions(assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("a").read(junk)), "junk.csv", "line 3", "malformed CSV");
    }

    @Test
    void duplicateHeaderNameIsReported() throws IOException {
        Path file = write(dir, "dup-header.csv", "t,v,v\n1,2,3");
        assertMentions(assertThrows(SeriesFormatException.class,
                () -> new SeriesCsvReader().valueColumns("v").read(file)), "dup-header.csv", "line 1", "column 'v'",
                "duplicate");
    }

    @Test
    void noValueColumnChosenIsAnArgumentError() throws IOException {
        Path file = write(dir, "a.csv", "a\n1");
        assertThrows(IllegalArgumentException.class, () -> new SeriesCsvReader().read(file));
    }

    @Test
    void readHeaderListsColumns() throws IOException {
        assertEquals(List.of("Month", "Passengers"), SeriesCsvReader.readHeader(resource("airline-passengers.csv")));
    }
}
