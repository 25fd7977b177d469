package dev.rnn4j.series;

import static dev.rnn4j.series.SeriesTestFiles.assertMentions;
import static dev.rnn4j.series.SeriesTestFiles.resource;
import static dev.rnn4j.series.SeriesTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsAndCovariatesTest {
    @TempDir
    Path dir;

    private static double[] ramp(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    @Test
    void univariateWindowsHaveTheDocumentedLayout() {
        Windows w = SlidingWindows.univariate(ramp(10), new WindowSpec(3, 2, 1), SeriesOrigin.unnamed("ramp", 10));
        assertEquals(6, w.count());
        assertEquals(1, w.featureCount());
        assertArrayEquals(new float[] {0, 1, 2}, Arrays.copyOfRange(w.inputs(), 0, 3));
        assertArrayEquals(new float[] {3, 4}, Arrays.copyOfRange(w.targets(), 0, 2));
        assertArrayEquals(new float[] {5, 6, 7}, Arrays.copyOfRange(w.inputs(), 15, 18));
        assertArrayEquals(new float[] {8, 9}, Arrays.copyOfRange(w.targets(), 10, 12));
        assertArrayEquals(new int[] {3, 4, 5, 6, 7, 8}, w.targetStarts());
    }

    @Test
    void strideIsAnchoredAtTheEnd() {
        Windows w = SlidingWindows.univariate(ramp(10), new WindowSpec(3, 2, 2), SeriesOrigin.unnamed("ramp", 10));
        assertArrayEquals(new int[] {4, 6, 8}, w.targetStarts());
        assertArrayEquals(new float[] {1, 2, 3}, Arrays.copyOfRange(w.inputs(), 0, 3));
        assertArrayEquals(new float[] {8, 9}, Arrays.copyOfRange(w.targets(), 4, 6));
    }

    @Test
    void multivariateInputsAreRowMajorPerStep() {
        double[] a = ramp(6);
        double[] b = Arrays.stream(a).map(v -> 100 + v).toArray();
        FeatureMatrix x = FeatureMatrix.builder(6).add("a", a).add("b", b).build();
        assertEquals(List.of("a", "b"), x.names());
        Windows w = SlidingWindows.create(x, a, new WindowSpec(2, 1, 1), SeriesOrigin.unnamed("ab", 6));
        assertEquals(4, w.count());
        // window 1: rows 1, 2 -> (a1, b1, a2, b2); target a3
        assertArrayEquals(new float[] {1, 101, 2, 102}, Arrays.copyOfRange(w.inputs(), 4, 8));
        assertEquals(3f, w.targets()[1]);
        assertArrayEquals(new float[] {4, 104, 5, 105}, SlidingWindows.inputAt(x, 2, 6));
    }

    @Test
    void targetRangeKeepsTargetsInsideASplitPart() {
        double[] y = ramp(20);
        ChronologicalSplit split = ChronologicalSplit.ofSizes(20, 4, 4);
        WindowSpec spec = new WindowSpec(5, 2, 1);
        SeriesOrigin o = SeriesOrigin.unnamed("y", 20);
        Windows train = SlidingWindows.create(FeatureMatrix.of("y", y), y, spec, 0, split.trainEnd(), o);
        Windows test = SlidingWindows.create(FeatureMatrix.of("y", y), y, spec, split.validationEnd(), 20, o);
        assertArrayEquals(new int[] {5, 6, 7, 8, 9, 10}, train.targetStarts());
        assertArrayEquals(new int[] {16, 17, 18}, test.targetStarts());
        assertArrayEquals(new float[] {11, 12, 13, 14, 15}, Arrays.copyOfRange(test.inputs(), 0, 5));
    }

    @Test
    void fewerRowsThanLookbackPlusHorizonNamesFileLinesAndColumn() throws IOException {
        StringBuilder csv = new StringBuilder("Month,Sales\r\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(String.format("2000-%02d,%d\r\n", i, i * 10));
        }
        SeriesFrame f = new SeriesCsvReader().timeColumn("Month").valueColumns("Sales")
                .read(write(dir, "short.csv", csv.toString()));
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SlidingWindows.univariate(
                f.values("Sales"), new WindowSpec(8, 3, 1), f.origin("Sales")));
        assertMentions(e, "short.csv", "lines 2-11", "column 'Sales'", "fewer rows than lookback + horizon",
                "10 rows", "8 + 3 = 11");
    }

    @Test
    void targetRangeShorterThanHorizonIsReported() {
        double[] y = ramp(20);
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SlidingWindows.create(
                FeatureMatrix.of("y", y), y, new WindowSpec(3, 5, 1), 17, 20, SeriesOrigin.unnamed("gen", 20)));
        assertMentions(e, "gen", "fewer than the horizon 5");
    }

    @Test
    void badWindowArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSpec(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WindowSpec(1, 1, 0));
        double[] y = ramp(5);
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.create(FeatureMatrix.of("y", y),
                ramp(4), new WindowSpec(1, 1, 1), SeriesOrigin.unnamed("y", 5)));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.inputAt(FeatureMatrix.of("y", y), 3, 6));
    }

    @Test
    void cyclicCalendarFeatures() {
        LocalDateTime[] t = {LocalDateTime.of(2024, 1, 1, 0, 0), LocalDateTime.of(2024, 4, 3, 6, 0),
            LocalDateTime.of(2024, 12, 29, 18, 0)};
        FeatureMatrix m = CalendarFeatures.compute(t, CalendarFeatures.Encoding.CYCLIC,
                List.of(CalendarFeatures.Field.MONTH_OF_YEAR, CalendarFeatures.Field.DAY_OF_WEEK,
                        CalendarFeatures.Field.HOUR_OF_DAY));
        assertEquals(List.of("month_sin", "month_cos", "day_of_week_sin", "day_of_week_cos", "hour_sin", "hour_cos"),
                m.names());
        float[] v = m.values();
        // January, Monday, midnight: angle 0
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, Arrays.copyOfRange(v, 0, 6), 1e-7f);
        // April (p=3 of 12): angle pi/2; Wednesday (p=2 of 7); 06:00 (p=6 of 24): angle pi/2
        assertEquals(1f, v[6], 1e-7f);
        assertEquals(0f, v[7], 1e-7f);
        assertEquals((float) Math.sin(2 * Math.PI * 2 / 7), v[8], 1e-7f);
        assertEquals(1f, v[10], 1e-7f);
        // December (p=11) is next to January: cos(2 pi 11/12) close to 1
        assertEquals((float) Math.cos(2 * Math.PI * 11 / 12), v[13], 1e-7f);
    }

    @Test
    void oneHotCalendarFeatures() {
        LocalDateTime[] t = {LocalDateTime.of(2024, 1, 1, 0, 0), LocalDateTime.of(2024, 1, 7, 23, 0)};
        FeatureMatrix m = CalendarFeatures.compute(t, CalendarFeatures.Encoding.ONE_HOT,
                List.of(CalendarFeatures.Field.DAY_OF_WEEK, CalendarFeatures.Field.HOUR_OF_DAY));
        assertEquals(31, m.features());
        assertEquals("day_of_week=1", m.names().get(0));
        assertEquals("hour=23", m.names().get(30));
        assertEquals(1f, m.values()[0]); // Monday
        assertEquals(1f, m.values()[7]); // hour 0
        assertEquals(1f, m.values()[31 + 6]); // Sunday
        assertEquals(1f, m.values()[31 + 30]); // hour 23
        assertEquals(4f, sum(m.values()));
    }

    @Test
    void calendarFieldsFollowTheStep() throws IOException {
        SeriesFrame air = new SeriesCsvReader().timeColumn("Month").valueColumns("Passengers")
                .read(resource("airline-passengers.csv"));
        assertEquals(List.of(CalendarFeatures.Field.MONTH_OF_YEAR),
                CalendarFeatures.fieldsFor(SeriesTimes.inferStep(air.times())));
        SeriesFrame temp = new SeriesCsvReader().timeColumn("Date").valueColumns("Temp")
                .read(resource("daily-min-temperatures.csv"));
        assertEquals(List.of(CalendarFeatures.Field.DAY_OF_WEEK, CalendarFeatures.Field.DAY_OF_YEAR),
                CalendarFeatures.fieldsFor(SeriesTimes.inferStep(temp.times())));
        SeriesTimes.TimeStep month = SeriesTimes.inferStep(air.times());
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(1961, 1, 1, 0, 0), LocalDateTime.of(1961, 2, 1, 0, 0)},
                month.following(air.times()[143], 2));
    }

    @Test
    void oneHotCategoriesFromTrainingPartAndUnseenAsZeros() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeParts("year", "month", "day", "hour").valueColumns("pm2.5")
                .categoricalColumns("cbwd").read(resource("pollution-first-2000-hours.csv"));
        String[] cbwd = f.categories("cbwd");
        OneHotEncoder enc = OneHotEncoder.fit("cbwd", Arrays.copyOf(cbwd, 1000));
        assertEquals(List.of("NE", "NW", "SE", "cv"), enc.categories());
        FeatureMatrix m = enc.encode(new String[] {"cv", "NE", "XX"});
        assertEquals(List.of("cbwd=NE", "cbwd=NW", "cbwd=SE", "cbwd=cv"), m.names());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, m.values());
        FeatureMatrix all = enc.encode(cbwd);
        assertEquals(f.rowCount(), (int) sum(all.values()));
    }

    @Test
    void featureMatrixCombinesColumnsBlocksAndSlices() {
        FeatureMatrix cal = CalendarFeatures.compute(new LocalDateTime[] {LocalDateTime.of(2000, 1, 1, 0, 0),
            LocalDateTime.of(2000, 7, 1, 0, 0)}, CalendarFeatures.Encoding.CYCLIC,
                List.of(CalendarFeatures.Field.MONTH_OF_YEAR));
        FeatureMatrix m = FeatureMatrix.builder(2).add("y", new double[] {10, 20}).add(cal).build();
        assertEquals(3, m.features());
        assertArrayEquals(new float[] {10, 0, 1, 20, (float) Math.sin(Math.PI), -1}, m.values(), 1e-7f);
        assertArrayEquals(new double[] {20}, m.rows(1, 2).column(0));
        assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.builder(2).add("z", new double[3]));
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
