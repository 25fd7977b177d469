package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.ForecastEvaluation;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.series.Windows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forecaster on a generated sine with trend and noise, small enough to train in seconds. */
class ForecastModelTest {
    @TempDir
    Path dir;

    /** A monthly CSV of a sine (period 12) with trend and noise; returns its path. */
    static Path sineCsv(Path dir, int length, long seed) throws IOException {
        double[] y = SyntheticSeries.sineWithTrend(length, 12, 50, 0.2, 10, 0.5, seed);
        StringBuilder csv = new StringBuilder("Month,Value,Other\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < length; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append(',')
                    .append(Math.cos(t * 0.3)).append('\n');
        }
        Path file = dir.resolve("sine.csv");
        Files.writeString(file, csv);
        return file;
    }

    static ForecastOptions small(int horizon, ForecastOptions.Strategy strategy, CellType cell) {
        return new ForecastOptions(horizon, 12, null, false, false, null, strategy, cell, 16, 1, 0.1, true, 1, 24, 60, 15,
                16, 1e-2, 60, 7);
    }

    private static final ForecastData DATA = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    @Test
    void learnsASineWithTrendFarBetterThanNaive() throws IOException {
        SeriesFrame frame = DATA.read(sineCsv(dir, 240, 3));
        ForecastModel model = ForecastModel.train(frame, DATA, small(6, ForecastOptions.Strategy.DIRECT,
                CellType.LSTM), 24, ForecastModel.TrainingRun.silent());
        List<ForecastEvaluation.Result> r = ForecastBacktest.run(model, frame, 240 - 24, 6);
        double modelRmse = r.get(0).aggregate().rmse();
        double naiveRmse = r.get(1).aggregate().rmse();
        assertEquals("naive", r.get(1).forecaster());
        assertEquals(4, r.get(0).origins().size());
        assertTrue(modelRmse < 0.4 * naiveRmse, () -> "model RMSE " + modelRmse + " vs naive " + naiveRmse);
        assertEquals(12, model.season()); // inferred from the monthly step
        assertEquals(List.of("Value", "month_sin", "month_cos"), model.featureNames());
    }

    @Test
    void recursiveGruWithAutomaticTransformAlsoLearns() throws IOException {
        SeriesFrame frame = DATA.read(sineCsv(dir, 180, 5));
        // automatic transform on a short monthly series: log (positive), then seasonal differencing or anchoring
        // chosen on validation, the short-series ensemble
        ForecastOptions o = new ForecastOptions(6, 12, null, null, null, null, ForecastOptions.Strategy.RECURSIVE,
                CellType.GRU, 16, 1, 0.1, true, null, 12, 40, 10, 16, 1e-2, 60, 3);
        ForecastModel model = ForecastModel.train(frame, DATA, o, 12, ForecastModel.TrainingRun.silent());
        assertTrue(model.transform().log());
        assertEquals(model.anchored() ? 0 : 12, model.transform().differencingLag());
        assertEquals(2, model.trainingInfo().path("selection").path("candidates").size());
        assertEquals(ForecastDefaults.SHORT_ENSEMBLE, model.ensembleSize());
        List<ForecastEvaluation.Result> r = ForecastBacktest.run(model, frame, 180 - 12, 6);
        assertTrue(r.get(0).aggregate().rmse() < 0.5 * r.get(1).aggregate().rmse(),
                () -> "model " + r.get(0).aggregate() + " vs naive " + r.get(1).aggregate());
        // forecasting past the end works recursively (calendar features of the future rows from the step)
        double[] future = model.forecast(frame, new int[] {frame.rowCount()})[0];
        assertEquals(6, future.length);
        assertTrue(java.util.Arrays.stream(future).allMatch(Double::isFinite));
    }

    @Test
    void differencedAndAnchoredPredictsTheChangeOfTheSeasonalDifference() throws IOException {
        SeriesFrame frame = DATA.read(sineCsv(dir, 120, 11));
        ForecastOptions o = new ForecastOptions(12, 12, null, true, true, true, ForecastOptions.Strategy.DIRECT,
                CellType.LSTM, 8, 1, 0.1, true, 1, 12, 2, 2, 16, 1e-2, 60, 5);
        ForecastModel model = ForecastModel.train(frame, DATA, o, 12, ForecastModel.TrainingRun.silent());
        assertTrue(model.anchored());
        assertTrue(model.transform().log());
        assertEquals(12, model.transform().differencingLag());
        double[] y = frame.values("Value");

        // training windows: each target is the transformed (logged, differenced, scaled) value minus the window's
        // last input value, which is the transformed value of the row before the origin
        double[] z = model.transform().transform(y); // z[i] belongs to row i + 12
        Windows w = ForecastTrainer.windows(model, frame, 0, 108);
        assertTrue(w.count() > 0);
        for (int n = 0; n < w.count(); n++) {
            int t = w.targetStarts()[n]; // the first target's index in z (row t + 12 of the frame)
            float last = w.inputs()[n * w.lookback() * w.featureCount() + (w.lookback() - 1) * w.featureCount()];
            assertEquals(z[t - 1], last, 1e-5);
            for (int s = 0; s < 12; s++) {
                assertEquals(z[t + s] - z[t - 1], w.targets()[n * 12 + s], 1e-5);
            }
        }

        // a network that outputs 0 carries the last seasonal difference forward: for H <= m,
        // ln y^[o + s] = ln y[o + s - 12] + (ln y[o - 1] - ln y[o - 13])
        ForecastNetwork net = model.members().get(0);
        java.util.Arrays.fill(net.head().weight().f(), 0f);
        java.util.Arrays.fill(net.head().bias().f(), 0f);
        int origin = 108;
        double[] forecast = model.forecast(frame, new int[] {origin})[0];
        for (int s = 0; s < 12; s++) {
            double expected = y[origin + s - 12] * y[origin - 1] / y[origin - 13];
            assertEquals(expected, forecast[s], 1e-5 * expected, "step " + s);
        }
    }

    @Test
    void saveLoadRoundTripAndMonteCarloBand() throws IOException {
        ForecastData data = new ForecastData("Value", "Month", null, List.of("Other"), List.of(),
                MissingValuePolicy.FORWARD_FILL);
        SeriesFrame frame = data.read(sineCsv(dir, 150, 9));
        ForecastOptions o = new ForecastOptions(3, 12, null, false, false, null, ForecastOptions.Strategy.DIRECT,
                CellType.LSTM, 8, 2, 0.3, true, 2, 12, 3, 3, 16, 1e-2, 60, 1);
        ForecastModel model = ForecastModel.train(frame, data, o, 12, ForecastModel.TrainingRun.silent());
        Path folder = dir.resolve("model");
        model.save(folder);
        Set<String> names = SafeTensors.read(folder.resolve("weights.safetensors")).tensors().keySet();
        assertTrue(names.contains("members.0.rnn.weight_ih_l0"), names::toString);
        assertTrue(names.contains("members.1.rnn.weight_hh_l1"), names::toString);
        assertTrue(names.contains("members.1.head.bias"), names::toString);
        ForecastModel loaded = ForecastModel.load(folder);
        int[] origins = {100, 120, 150};
        double[][] a = model.forecast(frame, origins);
        double[][] b = loaded.forecast(frame, origins);
        for (int i = 0; i < origins.length; i++) {
            assertArrayEquals(a[i], b[i], 1e-9);
        }
        assertEquals(model.describe(), loaded.describe());
        ForecastModel.Band band = loaded.forecastBand(frame, 150, 200, 0.9, 4);
        for (int h = 0; h < 3; h++) {
            assertTrue(band.lower()[h] < band.upper()[h], "dropout on: samples differ");
            assertTrue(band.lower()[h] <= band.mean()[h] && band.mean()[h] <= band.upper()[h]);
        }
        // same seed, same band
        assertArrayEquals(band.lower(), loaded.forecastBand(frame, 150, 200, 0.9, 4).lower(), 0);
    }

    @Test
    void aConfigTooLargeForItsWeightsIsRefusedBeforeTheNetworksAreBuilt() throws IOException {
        ForecastData data = new ForecastData("Value", "Month", null, List.of("Other"), List.of(),
                MissingValuePolicy.FORWARD_FILL);
        SeriesFrame frame = data.read(sineCsv(dir, 100, 9));
        ForecastOptions o = new ForecastOptions(3, 12, null, false, false, null, ForecastOptions.Strategy.DIRECT,
                CellType.LSTM, 4, 1, 0.0, true, 1, 12, 3, 3, 16, 1e-2, 2, 1);
        Path folder = dir.resolve("model");
        ForecastModel.train(frame, data, o, 12, ForecastModel.TrainingRun.silent()).save(folder);
        Path config = folder.resolve("config.json");
        // an LSTM weight_hh_l0 of (4 * 23170, 23170) is about 2^31 floats, 8 GiB, claimed by a file of kilobytes
        Files.writeString(config, Files.readString(config).replaceFirst("\"hidden\" : \\d+", "\"hidden\" : 23170"));
        IOException e = assertThrows(IOException.class, () -> ForecastModel.load(folder));
        assertTrue(e.getMessage().contains("inconsistent model: weights.safetensors holds")
                && e.getMessage().contains("hidden 23170"), e.getMessage());
        // the fuzz seed layers-two-billion: twice the layers overflowed int, so the bound was negative and the
        // loader built layer after layer until the heap ran out
        Files.writeString(config, Files.readString(config).replaceFirst("\"hidden\" : \\d+", "\"hidden\" : 4")
                .replaceFirst("\"layers\" : \\d+", "\"layers\" : 2000000000"));
        IOException layers = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> ForecastModel.load(folder)));
        assertTrue(layers.getMessage().contains("inconsistent model: weights.safetensors holds")
                && layers.getMessage().contains("layers 2000000000"), layers.getMessage());
    }

    @Test
    void aFolderFromAnotherTaskIsAClearError() throws IOException {
        Path other = Files.createDirectories(dir.resolve("classifier"));
        Files.writeString(other.resolve("config.json"), "{\"task\": \"classify\", \"format\": 1}");
        IOException e = assertThrows(IOException.class, () -> ForecastModel.load(other));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("'classify'"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> ForecastModel.load(empty));
        assertTrue(none.getMessage().contains("no config.json"), none.getMessage());
    }

    /** The fuzz seed {@code ForecastModelFolderFuzzTestInputs/loadsOrFailsClearly/not-utf8}. */
    @Test
    void aConfigThatIsNotUtf8IsAClearError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("not-utf8"));
        Files.write(folder.resolve("config.json"), new byte[] {'{', '"', 't', (byte) 0xff, '"', '}'});
        IOException e = assertThrows(IOException.class, () -> ForecastModel.load(folder));
        assertInstanceOf(ForecastModel.ModelFolderException.class, e);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not UTF-8 text"),
                e.getMessage());
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1, ForecastModel.quantile(sorted, 0), 0);
        assertEquals(2.5, ForecastModel.quantile(sorted, 0.5), 1e-12);
        assertEquals(3.85, ForecastModel.quantile(sorted, 0.95), 1e-12);
    }
}
