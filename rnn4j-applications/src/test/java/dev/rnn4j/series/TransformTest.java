package dev.rnn4j.series;

import static dev.rnn4j.series.SeriesTestFiles.assertMentions;
import static dev.rnn4j.series.SeriesTestFiles.resource;
import static dev.rnn4j.series.SeriesTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformTest {
    @TempDir
    Path dir;

    @Test
    void standardScalerUsesPopulationStd() {
        Scaler s = ScalerKind.STANDARD.fit(new double[] {1, 2, 3, 4});
        Scaler.Standard st = (Scaler.Standard) s;
        assertEquals(2.5, st.mean(), 1e-15);
        assertEquals(Math.sqrt(1.25), st.std(), 1e-15);
        assertEquals((4 - 2.5) / Math.sqrt(1.25), s.transform(4), 1e-15);
        assertEquals(7.0, s.inverse(s.transform(7.0)), 1e-12);
    }

    @Test
    void minMaxScalerMapsTrainingRangeToUnitInterval() {
        Scaler s = ScalerKind.MIN_MAX.fit(new double[] {5, 1, 3});
        assertArrayEquals(new double[] {1, 0, 0.5, 1.5}, s.transform(new double[] {5, 1, 3, 7}), 1e-15);
        assertArrayEquals(new double[] {5, 1, 3, 7}, s.inverse(s.transform(new double[] {5, 1, 3, 7})), 1e-12);
        assertEquals(3.0, ScalerKind.NONE.fit(new double[] {1, 1}).transform(3.0));
    }

    @Test
    void scalerIsFittedOnTheTrainingPartOnly() {
        double[] series = new double[100];
        for (int i = 0; i < series.length; i++) {
            series[i] = i; // the test part is far larger than the training part
        }
        ChronologicalSplit split = ChronologicalSplit.ofSizes(100, 10, 10);
        Scaler.MinMax s = (Scaler.MinMax) ScalerKind.MIN_MAX.fit(split.train(series));
        assertEquals(0, s.min());
        assertEquals(79, s.max());
        assertEquals(99.0 / 79, s.transform(99), 1e-15);
    }

    @Test
    void constantSeriesIsAClearErrorNamingFileLinesAndColumn() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("t").valueColumns("level", "ok")
                .read(write(dir, "flat.csv", "t,level,ok\n2000-01,5,1\n2000-02,5,2\n2000-03,5,3\n2000-04,5,4"));
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> ScalerKind.STANDARD.fit(f.values("level"), f.origin("level")));
        assertMentions(e, "flat.csv", "lines 2-5", "column 'level'", "constant", "divide by zero");
        SeriesFormatException m = assertThrows(SeriesFormatException.class,
                () -> ScalerKind.MIN_MAX.fit(f.values("level"), f.origin("level")));
        assertMentions(m, "flat.csv", "lines 2-5", "column 'level'", "constant");
    }

    @Test
    void seriesConstantAfterDifferencingIsAClearError() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("trend")
                .read(write(dir, "line.csv", "trend\n1\n2\n3\n4\n5"));
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> TargetTransform.fit(
                f.values("trend"), f.origin("trend"), false, 1, ScalerKind.STANDARD));
        assertMentions(e, "line.csv", "lines 2-6", "column 'trend'", "constant after differencing with lag 1");
    }

    @Test
    void logOfNonPositiveValueNamesItsLine() throws IOException {
        SeriesFrame f = new SeriesCsvReader().valueColumns("v").read(write(dir, "neg.csv", "v\n3\n1\n0\n2"));
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> TargetTransform.fit(f.values("v"), f.origin("v"), true, 0, ScalerKind.NONE));
        assertMentions(e, "neg.csv", "line 4", "column 'v'", "cannot be logged");
        // an offset makes it valid
        TargetTransform t = TargetTransform.fit(f.values("v"), f.origin("v"), true, 1.0, 0, ScalerKind.NONE);
        assertEquals(Math.log(4), t.transform(f.values("v"))[0], 1e-15);
    }

    @Test
    void differencingAndItsInverse() {
        double[] x = {1, 4, 9, 16, 25, 36};
        assertArrayEquals(new double[] {3, 5, 7, 9, 11}, TargetTransform.difference(x, 1));
        assertArrayEquals(new double[] {8, 12, 16, 20}, TargetTransform.difference(x, 2));
        // continue 25, 36 with seasonal differences 24, 28, 32: 49, 64, 81
        assertArrayEquals(new double[] {49, 64, 81},
                TargetTransform.undifference(new double[] {24, 28, 32}, new double[] {25, 36}, 2));
        assertThrows(IllegalArgumentException.class, () -> TargetTransform.difference(x, 6));
        assertThrows(IllegalArgumentException.class,
                () -> TargetTransform.undifference(new double[] {1}, new double[] {1}, 2));
    }

    @Test
    void logSeasonalDifferenceAndScalingInvertExactlyOnAirline() throws IOException {
        double[] y = SeriesTestFiles.airline();
        SeriesOrigin origin = SeriesOrigin.unnamed("airline", y.length);
        ChronologicalSplit split = ChronologicalSplit.ofSizes(y.length, 0, 12);
        for (int lag : new int[] {0, 1, 12}) {
            for (ScalerKind kind : ScalerKind.values()) {
                TargetTransform t = TargetTransform.fit(split.train(y), origin.range(0, split.trainEnd()), true, lag,
                        kind);
                double[] z = t.transform(y, origin);
                assertEquals(y.length - lag, z.length);
                // the transformed truth of the test months, mapped back, is the truth again
                double[] zTest = Arrays.copyOfRange(z, split.validationEnd() - lag, z.length);
                double[] back = t.inverseForecast(zTest, Arrays.copyOf(y, split.validationEnd()));
                assertArrayEquals(split.test(y), back, 1e-9, "lag " + lag + " " + kind);
            }
        }
    }

    @Test
    void scaledTrainingPartHasZeroMeanUnitStd() throws IOException {
        double[] y = SeriesTestFiles.airline();
        TargetTransform t = TargetTransform.fit(Arrays.copyOf(y, 120), SeriesOrigin.unnamed("airline", 120), false, 12,
                ScalerKind.STANDARD);
        double[] z = t.transform(Arrays.copyOf(y, 120));
        assertEquals(108, z.length);
        assertEquals(0, Arrays.stream(z).average().orElseThrow(), 1e-12);
        assertEquals(1, Math.sqrt(Arrays.stream(z).map(v -> v * v).average().orElseThrow()), 1e-12);
    }

    @Test
    void inverseNeedsEnoughHistory() {
        TargetTransform t = TargetTransform.fit(new double[] {1, 2, 4, 8, 9}, SeriesOrigin.unnamed("x", 5), false, 2,
                ScalerKind.NONE);
        assertThrows(IllegalArgumentException.class, () -> t.inverseForecast(new double[] {1}, new double[] {3}));
        assertArrayEquals(new double[] {9, 10, 9, 10}, t.inverseForecast(new double[] {1, 1, 0, 0},
                new double[] {0, 8, 9}));
    }

    @Test
    void realFileValuesFlowThroughWithOrigin() throws IOException {
        SeriesFrame f = new SeriesCsvReader().timeColumn("Month").valueColumns("Sales")
                .read(resource("monthly-car-sales.csv"));
        TargetTransform t = TargetTransform.fit(Arrays.copyOf(f.values("Sales"), 96), f.origin("Sales").range(0, 96),
                false, 0, ScalerKind.MIN_MAX);
        double[] z = t.transform(f.values("Sales"), f.origin("Sales"));
        assertEquals(108, z.length);
        assertEquals(f.values("Sales")[107], t.inverseForecast(new double[] {z[107]}, new double[0])[0], 1e-9);
    }
}
