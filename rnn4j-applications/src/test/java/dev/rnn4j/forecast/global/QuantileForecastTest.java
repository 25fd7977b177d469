package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A global forecaster with a quantile head: training, sorting, the median as the point, saving, intervals. */
class QuantileForecastTest {

    @TempDir
    Path dir;

    private static final List<Double> LEVELS = GlobalForecastOptions.INTERVAL_QUANTILES;

    /**
     * Series whose values are a level (10 + 7 s) times 1 + U(−0.25, 0.25) noise, independent per step: nothing is
     * predictable but the level, and the 10 % and 90 % quantiles of y / level are 0.8 and 1.2.
     */
    static List<GlobalSeries> noisyLevels(int count, int n, long seed) {
        Rng rng = new Rng(seed);
        List<GlobalSeries> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                y[t] = (10 + 7 * s) * (1 + 0.5 * (rng.nextDouble() - 0.5));
            }
            out.add(GlobalSeries.of("s" + s, null, y));
        }
        return out;
    }

    private static GlobalForecastOptions options(int horizon, int epochs, double dropout) {
        return new GlobalForecastOptions(horizon, 12, 1, Normalisation.MEAN_LEVEL, false, CellType.LSTM, 16, 1,
                dropout, false, 20, 32, epochs, 50, 1e-2, 120, 5).withQuantiles(LEVELS);
    }

    @Test
    void quantilesAreSortedAndTheMedianIsThePointForecastAfterSavingAndLoading() throws Exception {
        List<GlobalSeries> panel = noisyLevels(6, 40, 1);
        GlobalForecastModel model = GlobalForecastModel.train(panel, List.of(), options(3, 2, 0.1),
                ForecastModel.TrainingRun.silent()).withColumns(new PanelColumns("id", "t", "y", List.of(), null));
        assertEquals(LEVELS, model.quantiles());
        assertEquals(3 * 5, model.network().outputs());
        int[] ends = panel.stream().mapToInt(GlobalSeries::length).toArray();
        double[][][] q = model.forecastQuantiles(panel, ends);
        double[][] point = model.forecast(panel, ends);
        for (int i = 0; i < panel.size(); i++) {
            for (int k = 0; k < 3; k++) {
                for (int j = 1; j < LEVELS.size(); j++) {
                    assertTrue(q[i][k][j - 1] <= q[i][k][j], Arrays.toString(q[i][k]));
                }
                assertEquals(q[i][k][2], point[i][k], 0);
            }
        }
        assertTrue(model.trainingInfo().get("loss").asText().startsWith("pinball at [0.025, 0.1, 0.5, 0.9, 0.975]"));

        model.save(dir.resolve("m"));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(dir.resolve("m/config.json").toFile());
        assertEquals(5, config.get("model").get("quantiles").size());
        GlobalForecastModel loaded = GlobalForecastModel.load(dir.resolve("m"));
        assertEquals(LEVELS, loaded.quantiles());
        double[][][] again = loaded.forecastQuantiles(panel, ends);
        for (int i = 0; i < panel.size(); i++) {
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(q[i][k], again[i][k], 0);
            }
        }
    }

    @Test
    void crossingOutputsAreSortedPerStep() throws Exception {
        GlobalForecastModel model = GlobalForecastModel.train(noisyLevels(2, 30, 2), List.of(),
                options(2, 1, 0).withWindows(12, Normalisation.MEAN_LEVEL, true), ForecastModel.TrainingRun.silent());
        // a head that ignores its input: per step the levels' outputs in decreasing order, so all of them cross
        float[] bias = {0.4f, 0.2f, 0f, -0.2f, -0.4f, 0.3f, 0.1f, 0f, -0.1f, -0.3f};   // (H, Q) = (2, 5)
        Map<String, Tensor> state = model.network().stateDict();
        state.put("head.weight", Tensor.zeros(state.get("head.weight").shape()));
        state.put("head.bias", Tensor.of(bias, 10));
        model.network().loadStateDict(state, true);
        GlobalSeries flat = GlobalSeries.of("flat", null, new double[] {5, 5, 5, 5});
        double[][] q = model.forecastQuantiles(List.of(flat), new int[] {4})[0];
        // log scaling with s = 5: the values are 5 exp(z), sorted
        assertArrayEquals(new double[] {5 * Math.exp(-0.4), 5 * Math.exp(-0.2), 5, 5 * Math.exp(0.2),
                5 * Math.exp(0.4)}, q[0], 1e-5);
        assertArrayEquals(new double[] {5 * Math.exp(-0.3), 5 * Math.exp(-0.1), 5, 5 * Math.exp(0.1),
                5 * Math.exp(0.3)}, q[1], 1e-5);
        assertArrayEquals(new double[] {5, 5}, model.forecast(List.of(flat))[0], 1e-5);
    }

    @Test
    void theIntervalsOfATrainedModelCoverNearTheirNominalShareOfNoise() throws Exception {
        List<GlobalSeries> panel = noisyLevels(8, 160, 3);
        int h = 4;
        int test = 40;
        List<GlobalSeries> training = panel.stream().map(s -> s.head(s.length() - test)).toList();
        GlobalForecastModel model = GlobalForecastModel.train(training, List.of(), options(h, 25, 0.1),
                ForecastModel.TrainingRun.silent());
        List<IntervalEvaluation.Row> rows = IntervalEvaluation.table(IntervalEvaluation.backtest(model, panel, test,
                20, 1));
        IntervalEvaluation.Row quantiles = rows.get(0);
        assertEquals(IntervalEvaluation.QUANTILES, quantiles.method());
        assertEquals(IntervalEvaluation.ALL, quantiles.group());
        assertEquals(8 * 10, quantiles.forecasts());
        assertEquals(8 * test, quantiles.points());
        String table = IntervalEvaluation.markdown(rows);
        // 320 points of uniform noise: the sampling error of a coverage is about 2 points
        assertTrue(quantiles.coverage80() > 0.7 && quantiles.coverage80() < 0.9, table);
        assertTrue(quantiles.coverage95() > 0.88 && quantiles.coverage95() <= 1, table);
        IntervalEvaluation.Row mc = rows.get(1);
        assertEquals(IntervalEvaluation.MC_DROPOUT, mc.method());
        // dropout on the last state alone barely moves a forecast of noise: the band covers far less
        assertTrue(mc.coverage95() < quantiles.coverage95(), table);
        assertTrue(Double.isFinite(quantiles.msis95()) && quantiles.msis95() > 0, table);
    }

    @Test
    void monteCarloBandsNestAndRepeatWithTheirSeed() throws Exception {
        List<GlobalSeries> panel = noisyLevels(3, 40, 4);
        GlobalForecastModel model = GlobalForecastModel.train(panel, List.of(), options(3, 1, 0.3),
                ForecastModel.TrainingRun.silent());
        int[] ends = {40, 40, 30};
        GlobalMonteCarloDropout.Bands a = GlobalMonteCarloDropout.bands(model, panel, ends, 50,
                new double[] {0.8, 0.95}, 9);
        GlobalMonteCarloDropout.Bands b = GlobalMonteCarloDropout.bands(model, panel, ends, 50,
                new double[] {0.8, 0.95}, 9);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                assertTrue(a.lower()[i][1][k] <= a.lower()[i][0][k] && a.lower()[i][0][k] < a.upper()[i][0][k]
                        && a.upper()[i][0][k] <= a.upper()[i][1][k], "band " + i + " step " + k);
            }
            assertArrayEquals(a.lower()[i][1], b.lower()[i][1], 0);
        }
        GlobalMonteCarloDropout.Bands other = GlobalMonteCarloDropout.bands(model, panel, ends, 50,
                new double[] {0.8}, 10);
        assertNotEquals(a.lower()[0][0][0], other.lower()[0][0][0]);
        // the model itself still forecasts deterministically
        assertArrayEquals(model.forecast(panel)[0], model.forecast(panel)[0], 0);

        GlobalForecastModel noDropout = GlobalForecastModel.train(panel, List.of(), options(3, 1, 0),
                ForecastModel.TrainingRun.silent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlobalMonteCarloDropout.bands(noDropout, panel, ends, 50, new double[] {0.8}, 1));
        assertTrue(e.getMessage().contains("trained without dropout"), e.getMessage());
    }

    @Test
    void quantileLevelsAreCheckedNamingTheOption() {
        GlobalForecastOptions base = options(3, 1, 0);
        IllegalArgumentException noMedian = assertThrows(IllegalArgumentException.class,
                () -> base.withQuantiles(List.of(0.1, 0.9)));
        assertEquals("quantiles: expected levels that include 0.5 (the median is the point forecast), got [0.1, 0.9]",
                noMedian.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withQuantiles(List.of(0.5, 0.1)));
        assertThrows(IllegalArgumentException.class, () -> base.withQuantiles(List.of(0.0, 0.5)));
        assertEquals(List.of(), base.withQuantiles(null).quantiles());
    }

    @Test
    void aPointModelHasNoQuantilesAndAFolderWithoutTheFieldLoadsAsOne() throws Exception {
        List<GlobalSeries> panel = noisyLevels(2, 30, 5);
        GlobalForecastModel point = GlobalForecastModel.train(panel, List.of(), options(3, 1, 0).withQuantiles(
                List.of()), ForecastModel.TrainingRun.silent());
        assertThrows(IllegalArgumentException.class, () -> point.forecastQuantiles(panel, new int[] {30, 30}));
        assertEquals(3, point.network().outputs());
        assertTrue(!IntervalEvaluation.hasIntervalQuantiles(point));
        point.save(dir.resolve("p"));
        Path config = dir.resolve("p/config.json");
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(config.toFile());
        ((ObjectNode) json.get("model")).remove("quantiles");
        Files.writeString(config, json.toString());
        assertArrayEquals(point.forecast(panel)[1], GlobalForecastModel.load(dir.resolve("p")).forecast(panel)[1], 0);
    }
}
