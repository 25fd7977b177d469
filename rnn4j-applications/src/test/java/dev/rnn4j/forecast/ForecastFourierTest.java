package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.AnnualFourier;
import dev.rnn4j.series.FeatureMatrix;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The annual Fourier regression step of the target ({@code --fourier K}) on a generated daily series. */
class ForecastFourierTest {
    @TempDir
    Path dir;

    private static final ForecastData DATA = new ForecastData("Temp", "Date", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);
    private static final int ROWS = 3 * 365;
    private static final int TEST = 60;
    private static final int VALIDATION = 90;

    /** Three years of daily values: an annual cycle plus AR(1) noise. */
    static Path dailyCsv(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("Date,Temp\n");
        Random random = new Random(11);
        LocalDate start = LocalDate.of(1981, 1, 1);
        double noise = 0;
        for (int t = 0; t < ROWS; t++) {
            LocalDate d = start.plusDays(t);
            double w = 2 * Math.PI * (d.getDayOfYear() - 1) / 365.25;
            noise = 0.7 * noise + random.nextGaussian();
            csv.append(d).append(',').append(11 + 4 * Math.cos(w) - 1.5 * Math.sin(w) + noise).append('\n');
        }
        Path file = dir.resolve("daily.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static ForecastOptions options(Integer fourier, Boolean log) {
        return new ForecastOptions(1, 8, null, log, false, true, ForecastOptions.Strategy.DIRECT, CellType.LSTM, 6, 1,
                0.1, true, 1, VALIDATION, 3, 3, 64, 1e-2, 60, 5, false, fourier);
    }

    @Test
    void theCycleIsFittedOnTheTrainingRowsAndTheNetworksSeeTheScaledResidual() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel model = ForecastModel.train(frame, DATA, options(2, null), TEST,
                ForecastModel.TrainingRun.silent());
        int trainEnd = ROWS - TEST - VALIDATION;
        double[] y = frame.values("Temp");
        AnnualFourier expected = AnnualFourier.fit(Arrays.copyOf(y, trainEnd),
                Arrays.copyOf(frame.times(), trainEnd), 2);
        assertEquals(2, model.fourier().pairs());
        assertArrayEquals(expected.coefficients(), model.fourier().coefficients(), 0);
        assertEquals(11, model.fourier().coefficients()[0], 0.5);
        assertEquals(4, model.fourier().coefficients()[2], 0.5);
        assertEquals(2, model.trainingInfo().path("fourier_pairs").asInt());
        assertTrue(model.describe().contains("minus 2 annual Fourier pair(s)"), model.describe());

        double[] cycle = expected.values(frame.times());
        double[] residual = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            residual[i] = y[i] - cycle[i];
        }
        // the scaler is fitted on the training rows' residual (mean about 0 there), not on the level
        double[] scaled = model.transform().transform(residual);
        double mean = Arrays.stream(scaled, 0, trainEnd).average().orElseThrow();
        assertEquals(0, mean, 1e-9);
        FeatureMatrix features = model.features(frame, 0);
        for (int i = 0; i < ROWS; i += 97) {
            assertEquals((float) scaled[i], features.values()[i * features.features()], 1e-6f);
        }
    }

    @Test
    void theInverseAddsTheCycleBackExactly() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel model = ForecastModel.train(frame, DATA, options(1, null), TEST,
                ForecastModel.TrainingRun.silent());
        double[] modelled = model.modelledTarget(frame);
        double[] scaled = model.transform().transform(modelled);
        double[] y = frame.values("Temp");
        for (int origin : new int[] {100, 700, ROWS - 1}) {
            double[] back = model.toOriginal(new double[] {scaled[origin]}, frame, Arrays.copyOf(modelled, origin));
            assertEquals(y[origin], back[0], 1e-9);
        }
        // past the end the cycle continues at the next day's time
        double[] next = model.toOriginal(new double[] {0}, frame, Arrays.copyOf(modelled, ROWS));
        LocalDate after = LocalDate.of(1981, 1, 1).plusDays(ROWS);
        double level = model.transform().inverseForecast(new double[] {0}, modelled)[0];
        double cycle = model.fourier().values(new java.time.LocalDateTime[] {after.atStartOfDay()})[0];
        assertEquals(level + cycle, next[0], 1e-9);
        assertArrayEquals(model.forecast(frame, new int[] {ROWS})[0], model.forecastAfter(List.of(frame))[0], 1e-9);
    }

    @Test
    void saveAndLoadReproduceTheForecasts() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel model = ForecastModel.train(frame, DATA, options(2, null), TEST,
                ForecastModel.TrainingRun.silent());
        Path folder = dir.resolve("model");
        model.save(folder);
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        JsonNode fourier = config.path("target_transform").path("annual_fourier");
        assertEquals(2, fourier.path("pairs").asInt());
        assertEquals(5, fourier.path("coefficients").size());
        assertEquals(model.fourier().coefficients()[3], fourier.path("coefficients").get(3).asDouble(), 0);
        ForecastModel loaded = ForecastModel.load(folder);
        assertArrayEquals(model.fourier().coefficients(), loaded.fourier().coefficients(), 0);
        int[] origins = {ROWS - TEST, ROWS - 10, ROWS};
        double[][] a = model.forecast(frame, origins);
        double[][] b = loaded.forecast(frame, origins);
        for (int i = 0; i < origins.length; i++) {
            assertArrayEquals(a[i], b[i], 0);
        }
        assertEquals(model.describe(), loaded.describe());
        ForecastModel.Band band = loaded.forecastBand(frame, ROWS, 50, 0.9, 3);
        assertTrue(band.lower()[0] <= band.mean()[0] && band.mean()[0] <= band.upper()[0]);
        // the cycle is added to every sample: the band sits around the level of the series, not around 0
        assertTrue(Math.abs(band.mean()[0] - a[2][0]) < 2, band.mean()[0] + " vs " + a[2][0]);
    }

    @Test
    void aCorruptedRegressionInTheSavedConfigIsAnErrorNamingTheFileAndTheEntry() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel model = ForecastModel.train(frame, DATA, options(2, null), TEST,
                ForecastModel.TrainingRun.silent());
        Path folder = dir.resolve("model");
        model.save(folder);
        Path configFile = folder.resolve("config.json");
        String saved = Files.readString(configFile);
        ObjectMapper json = new ObjectMapper();
        String[][] corruptions = {
            {"pairs", "3"},                  // 5 coefficients for 3 pairs
            {"period_days", "365.0"},        // another period than the one the coefficients were fitted for
            {"coefficients", "[1, 2, \"x\", 4, 5]"},
        };
        for (String[] corruption : corruptions) {
            com.fasterxml.jackson.databind.node.ObjectNode config =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(saved);
            ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("target_transform").path("annual_fourier"))
                    .set(corruption[0], json.readTree(corruption[1]));
            Files.writeString(configFile, json.writeValueAsString(config));
            ForecastModel.ModelFolderException e = assertThrows(ForecastModel.ModelFolderException.class,
                    () -> ForecastModel.load(folder), corruption[0]);
            assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains(
                    corruption[0].equals("pairs") ? "coefficients" : corruption[0].equals("period_days")
                            ? "period_days" : "annual_fourier"), e.getMessage());
        }
    }

    @Test
    void onByDefaultForADailySeriesOverTwoYearsWithThePairsChosenByBic() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel auto = ForecastModel.train(frame, DATA, options(null, null), TEST,
                ForecastModel.TrainingRun.silent());
        int trainEnd = ROWS - TEST - VALIDATION;
        double[] y = Arrays.copyOf(frame.values("Temp"), trainEnd);
        java.time.LocalDateTime[] times = Arrays.copyOf(frame.times(), trainEnd);
        int pairs = AnnualFourier.choosePairs(y, times, ForecastDefaults.MAX_FOURIER_PAIRS);
        assertEquals(pairs, auto.fourier().pairs());
        assertArrayEquals(AnnualFourier.fit(y, times, pairs).coefficients(), auto.fourier().coefficients(), 0);
        ForecastModel two = ForecastModel.train(frame, DATA, options(pairs, null), TEST,
                ForecastModel.TrainingRun.silent());
        assertArrayEquals(auto.forecast(frame, new int[] {ROWS - 5})[0], two.forecast(frame, new int[] {ROWS - 5})[0],
                0);
        // under two years of training rows, or logged: none
        SeriesFrame year = frame.rows(0, 600);
        assertNull(ForecastModel.train(year, DATA, options(null, null), TEST, ForecastModel.TrainingRun.silent())
                .fourier());
        assertNull(ForecastModel.train(frame, DATA, options(null, true), TEST, ForecastModel.TrainingRun.silent())
                .fourier());
    }

    @Test
    void offOnRequestAndNotCombinedWithLog() throws IOException {
        SeriesFrame frame = DATA.read(dailyCsv(dir));
        ForecastModel off = ForecastModel.train(frame, DATA, options(0, null), TEST,
                ForecastModel.TrainingRun.silent());
        assertNull(off.fourier());
        assertTrue(off.trainingInfo().path("fourier_pairs").isMissingNode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecastModel.train(frame,
                DATA, options(2, true), TEST, ForecastModel.TrainingRun.silent()));
        assertTrue(e.getMessage().contains("--log"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options(-1, null));
    }
}
