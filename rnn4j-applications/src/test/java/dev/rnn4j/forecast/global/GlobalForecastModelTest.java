package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.recurrent.CellType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A global forecaster on a synthetic panel whose answer is known, saved and loaded, and its bad inputs. */
class GlobalForecastModelTest {

    @TempDir
    Path dir;

    /**
     * Series s of length n: level (20 + 15 s) times a yearly sine (period 12, phase 0.7 s, amplitude 30 %) plus a
     * linear trend of 0.4 %, 0.8 % or 1.2 % of the level per step, so seasonal naive is off by 12 steps of trend.
     */
    static List<GlobalSeries> sinePanel(int count, int n) {
        List<GlobalSeries> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double level = 20 + 15 * s;
            double slope = level * 0.004 * (1 + s % 3);
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                y[t] = level * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12 + 0.7 * s)) + slope * t;
            }
            out.add(GlobalSeries.of("s" + s, s % 2 == 0 ? "even" : "odd", y));
        }
        return out;
    }

    static GlobalForecastOptions small(int horizon, int maxEpochs) {
        return new GlobalForecastOptions(horizon, 24, 12, Normalisation.MEAN_LEVEL, null, CellType.LSTM, 24, 1, 0,
                true, 30, 32, maxEpochs, 15, 5e-3, 120, 3);
    }

    private static List<GlobalSeries> heads(List<GlobalSeries> series, int test) {
        return series.stream().map(s -> s.head(s.length() - test)).toList();
    }

    @Test
    void trainingWindowsEndBeforeTheValidationTargets() {
        assertArrayEquals(new int[] {5, 14}, GlobalForecastTrainer.trainingOrigins(20, 3, 5));
        assertEquals(17, GlobalForecastTrainer.validationOrigin(20, 3));
        // the last training target, origin 14 + H - 1 = 16, is the step before the first validation target 17
        assertArrayEquals(new int[] {4, 4}, GlobalForecastTrainer.trainingOrigins(10, 3, 8));
        assertArrayEquals(new int[] {1, 1}, GlobalForecastTrainer.trainingOrigins(7, 3, 8));
        assertNull(GlobalForecastTrainer.trainingOrigins(6, 3, 8));
        assertEquals(-1, GlobalForecastTrainer.validationOrigin(3, 3));
    }

    @Test
    void beatsSeasonalNaiveOnTrendingSinesOfDifferentLevels() throws Exception {
        List<GlobalSeries> panel = sinePanel(12, 84);
        int h = 6;
        GlobalForecastModel model = GlobalForecastModel.train(heads(panel, h), List.of(), small(h, 20),
                ForecastModel.TrainingRun.silent());
        List<PanelBacktest.Row> rows = PanelBacktest.run(model, panel, h);
        PanelBacktest.Row global = rows.stream().filter(r -> r.method().equals("global") && r.group().equals("all"))
                .findFirst().orElseThrow();
        PanelBacktest.Row snaive = rows.stream().filter(r -> r.method().equals("snaive") && r.group().equals("all"))
                .findFirst().orElseThrow();
        assertEquals(12, global.series());
        assertEquals(72, global.points());
        assertTrue(global.smape() < 0.5 * snaive.smape(), PanelBacktest.markdown(rows));
        assertTrue(global.mase() < 0.5, PanelBacktest.markdown(rows));
        // one row per method and group
        assertEquals(9, rows.size(), PanelBacktest.markdown(rows));
    }

    @Test
    void aSavedModelLoadsBehindThePredictorInterfaceWithTheSameForecasts() throws Exception {
        List<GlobalSeries> panel = sinePanel(4, 40);
        GlobalForecastModel model = GlobalForecastModel.train(panel, List.of(), small(4, 2),
                ForecastModel.TrainingRun.silent()).withColumns(new PanelColumns("id", "t", "y", List.of(), "g"));
        Path folder = dir.resolve("model");
        model.save(folder);
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertEquals("global-forecast", config.get("task").asText());
        assertEquals("g", config.get("columns").get("group").asText());
        assertEquals(List.of("even", "odd"), List.of(config.get("windows").get("groups").get(0).asText(),
                config.get("windows").get("groups").get(1).asText()));
        assertTrue(Files.size(folder.resolve("weights.safetensors")) > 0);

        Predictor<?, ?> loaded = Predictors.load(folder);
        GlobalForecastPredictor predictor = assertInstanceOf(GlobalForecastPredictor.class, loaded);
        assertEquals("global-forecast", predictor.describe().task());
        double[][] expected = model.forecast(panel);
        List<Forecast> batch = predictor.predictBatch(panel);
        for (int i = 0; i < panel.size(); i++) {
            assertArrayEquals(expected[i], batch.get(i).values(), 0);
            assertArrayEquals(expected[i], predictor.predict(panel.get(i)).values(), 1e-5 * Math.abs(expected[i][0]));
        }
        assertEquals(model.describe(), predictor.model().describe());
        assertEquals(new PanelColumns("id", "t", "y", List.of(), "g"), predictor.model().columns());
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() throws Exception {
        GlobalForecastModel model = GlobalForecastModel.train(sinePanel(4, 40), List.of(), small(4, 1),
                ForecastModel.TrainingRun.silent());
        // histories of different lengths, some shorter than the lookback (padded)
        List<GlobalSeries> histories = new ArrayList<>();
        for (GlobalSeries s : sinePanel(24, 60)) {
            histories.add(s.head(5 + 2 * histories.size()));
        }
        GlobalForecastPredictor predictor = new GlobalForecastPredictor(model);
        ConcurrencyCheck.assertSameAsSequential(predictor, histories, Objects::equals);
        ConcurrencyCheck.of(predictor, histories, Objects::equals).batchSize(24).rounds(2).run().assertNoDifference();
        assertEquals(List.of(), predictor.predictBatch(List.of()));
    }

    @Test
    void seriesTooShortForAnyTrainingWindowAreAnErrorThatSaysWhatIsNeeded() {
        List<GlobalSeries> tiny = List.of(GlobalSeries.of("a", null, new double[] {1, 2, 3, 4, 5, 6}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlobalForecastModel.train(tiny,
                List.of(), small(3, 1), ForecastModel.TrainingRun.silent()));
        assertTrue(e.getMessage().contains("at least 2H + 1 = 7 values") && e.getMessage().contains("longest has 6"),
                e.getMessage());
    }

    @Test
    void forecastsRefuseSeriesWithOtherCovariatesNamingThem() throws Exception {
        GlobalForecastModel model = GlobalForecastModel.train(sinePanel(2, 30), List.of(), small(3, 1),
                ForecastModel.TrainingRun.silent());
        GlobalSeries withCovariate = new GlobalSeries("c", null, new double[] {1, 2}, new double[][] {{1}, {2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forecast(List.of(withCovariate)));
        assertTrue(e.getMessage().startsWith("series 'c': expected 0 covariates"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.forecast(sinePanel(2, 30), new int[] {3}));
    }

    @Test
    void aDriftAnchoredModelKeepsItsAnchorWhenSavedAndLoaded() throws Exception {
        List<GlobalSeries> panel = sinePanel(4, 40);
        GlobalForecastModel model = GlobalForecastModel.train(panel, List.of(), small(4, 2).withDrift(true),
                ForecastModel.TrainingRun.silent());
        assertTrue(model.features().drift());
        assertTrue(model.describe().contains("drift anchor"), model.describe());
        Path folder = dir.resolve("drift");
        model.save(folder);
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertTrue(config.get("windows").get("drift").asBoolean());
        GlobalForecastModel loaded = GlobalForecastModel.load(folder);
        assertTrue(loaded.features().drift());
        double[][] expected = model.forecast(panel);
        double[][] again = loaded.forecast(panel);
        for (int i = 0; i < panel.size(); i++) {
            assertArrayEquals(expected[i], again[i], 0);
        }
        GlobalForecastModel plain = GlobalForecastModel.train(panel, List.of(), small(4, 2),
                ForecastModel.TrainingRun.silent());
        assertFalse(java.util.Arrays.equals(expected[0], plain.forecast(panel)[0]));
    }

    /**
     * The fuzz seeds {@code GlobalModelFolderFuzzTestInputs/loadsOrFailsClearly/huge-layers} (which built layer after
     * layer for minutes) and {@code horizon-times-quantiles-overflows} (whose horizon times 3 levels overflowed
     * int to the 2 outputs of the weights, so it loaded), and an LSTM {@code weight_hh} of about 2^31 floats.
     */
    @Test
    void aConfigTooLargeForItsWeightsIsRefusedBeforeTheNetworkIsBuilt() throws Exception {
        Path folder = dir.resolve("tiny");
        GlobalModelFolderFuzzTest.tinyModel().save(folder);
        Path config = folder.resolve("config.json");
        String valid = Files.readString(config);
        String[][] claims = {
                {"\"layers\" : 1,", "\"layers\" : 2000000000,", "layers 2000000000"},
                {"\"hidden\" : 4,", "\"hidden\" : 23170,", "hidden 23170"},
                {"\"quantiles\" : [ ],", "\"quantiles\" : [ 0.1, 0.5, 0.9 ],", "and 4294967298 outputs"},
        };
        for (String[] claim : claims) {
            String edited = valid.replace(claim[0], claim[1]);
            if (claim[2].contains("outputs")) {
                edited = edited.replace("\"horizon\" : 2,", "\"horizon\" : 1431655766,");
            }
            assertFalse(edited.equals(valid), claim[1]);
            Files.writeString(config, edited);
            ForecastModel.ModelFolderException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(ForecastModel.ModelFolderException.class, () -> GlobalForecastModel.load(folder)));
            assertTrue(e.getMessage().contains("config.json: inconsistent model: weights.safetensors holds")
                    && e.getMessage().contains(claim[2]), e.getMessage());
        }
    }
}
