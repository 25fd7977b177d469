package dev.rnn4j.series;

import static dev.rnn4j.series.SeriesTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a generated sine with trend and noise, written as a CSV file: read, split, transform
 * (differencing + scaling fitted on train), covariates, windows, and back. Also the recipe for aligning rows
 * when differencing shortens the series.
 */
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void generatedSeriesRoundTripsThroughEveryStep() throws IOException {
        double[] generated = SyntheticSeries.sineWithTrend(240, 12, 100, 0.5, 10, 1.0, 42);
        StringBuilder csv = new StringBuilder("\"Month\",\"Value\"\r\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < generated.length; t++) {
            csv.append('"').append(start.plusMonths(t).toString(), 0, 7).append("\",").append(generated[t]);
            if (t + 1 < generated.length) {
                csv.append("\r\n");
            }
        }
        SeriesFrame frame = new SeriesCsvReader().timeColumn("Month").valueColumns("Value")
                .read(write(dir, "generated.csv", csv.toString()));
        double[] y = frame.values("Value");
        assertArrayEquals(generated, y, 1e-9);

        int lag = 12;
        ChronologicalSplit split = ChronologicalSplit.ofSizes(y.length, 24, 24);
        SeriesOrigin origin = frame.origin("Value");
        TargetTransform transform = TargetTransform.fit(split.train(y), origin.range(0, split.trainEnd()), false,
                lag, ScalerKind.STANDARD);
        double[] z = transform.transform(y, origin); // z[i] belongs to row i + lag

        // covariates for rows [lag, T): the transformed target and the calendar month
        FeatureMatrix calendar = CalendarFeatures.compute(frame.times(), CalendarFeatures.Encoding.CYCLIC,
                CalendarFeatures.fieldsFor(SeriesTimes.inferStep(frame.times()))).rows(lag, y.length);
        FeatureMatrix features = FeatureMatrix.builder(z.length).add("value", z).add(calendar).build();
        assertEquals(List.of("value", "month_sin", "month_cos"), features.names());

        WindowSpec spec = new WindowSpec(24, 12, 1);
        SeriesOrigin zOrigin = origin.range(lag, y.length);
        // split boundaries shift by the lag in the transformed index space
        Windows train = SlidingWindows.create(features, z, spec, 0, split.trainEnd() - lag, zOrigin);
        Windows test = SlidingWindows.create(features, z, spec, split.validationEnd() - lag, z.length, zOrigin);
        assertEquals(split.trainEnd() - lag - 24 - 12 + 1, train.count());
        assertEquals(24 * 3, train.lookback() * train.featureCount());
        assertEquals(24 - 12 + 1, test.count());
        assertTrue(Arrays.stream(train.targetStarts()).allMatch(t -> t + lag + 12 <= split.trainEnd()));

        // every test window's targets map back to the true values of its rows
        for (int n = 0; n < test.count(); n++) {
            int row = test.targetStarts()[n] + lag; // first target row in the original series
            double[] scaled = new double[12];
            for (int h = 0; h < 12; h++) {
                scaled[h] = test.targets()[n * 12 + h];
            }
            double[] back = transform.inverseForecast(scaled, Arrays.copyOf(y, row));
            assertArrayEquals(Arrays.copyOfRange(y, row, row + 12), back, 1e-3); // float targets
        }

        // on this seasonal series, seasonal naive beats naive over the test part
        ForecastEvaluation.Result seasonal = ForecastEvaluation.holdOut(y, 24, new SeasonalNaiveForecaster(12), 12);
        ForecastEvaluation.Result naive = ForecastEvaluation.holdOut(y, 24, new NaiveForecaster(), 12);
        assertTrue(seasonal.aggregate().rmse() < naive.aggregate().rmse());
    }

    @Test
    void syntheticSeriesIsReproducibleAndHasTheRequestedShape() {
        double[] a = SyntheticSeries.sineWithTrend(48, 12, 5, 1, 2, 0, 1);
        assertEquals(5, a[0], 1e-12);
        assertEquals(5 + 3 + 2, a[3], 1e-12); // sin(pi/2) = 1
        assertArrayEquals(SyntheticSeries.sineWithTrend(48, 12, 5, 1, 2, 0.3, 7),
                SyntheticSeries.sineWithTrend(48, 12, 5, 1, 2, 0.3, 7));
        double[] noisy = SyntheticSeries.sineWithTrend(10_000, 12, 0, 0, 0, 2, 3);
        double mean = Arrays.stream(noisy).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(noisy).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertEquals(0, mean, 0.1);
        assertEquals(2, sd, 0.1);
    }
}
