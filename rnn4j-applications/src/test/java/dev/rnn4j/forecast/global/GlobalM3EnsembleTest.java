package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Series;
import dev.rnn4j.recurrent.CellType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ensembles, refits, interval recalibration and the validation cut, on the M3 sample of the test resources. */
class GlobalM3EnsembleTest {

    private static List<M3Series> monthly() throws Exception {
        Path folder = Path.of(GlobalM3EnsembleTest.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
        return M3Data.load(folder, List.of("monthly"));
    }

    private static GlobalForecastOptions tiny(M3Series example, long seed) {
        return GlobalM3.defaults(example).withNetwork(CellType.LSTM, 8, 1, 0)
                .withTraining(4, 8, 3, 3, 1e-3, 60, seed)
                .withQuantiles(GlobalForecastOptions.INTERVAL_QUANTILES);
    }

    private static List<ForecastModel.TrainingRun> silent(int count) {
        return Collections.nCopies(count, ForecastModel.TrainingRun.silent());
    }

    @Test
    void oneMemberGivesTheSingleModelsForecasts() throws Exception {
        List<M3Series> series = monthly();
        GlobalForecastOptions options = tiny(series.get(0), 7);
        List<M3Evaluation.SeriesScore> single = GlobalM3.score(series, options, ForecastModel.TrainingRun.silent());
        GlobalM3.Result ensemble = GlobalM3Ensemble.run(series, List.of(options), silent(1), 0, 1, false, false,
                false, null);
        for (int i = 0; i < series.size(); i++) {
            assertArrayEquals(single.get(i).forecast(), ensemble.scores().get(i).forecast(), 0);
        }
    }

    @Test
    void thePointForecastIsTheMembersMedian() throws Exception {
        List<M3Series> series = monthly();
        List<GlobalForecastOptions> members = List.of(tiny(series.get(0), 7), tiny(series.get(0), 8),
                tiny(series.get(0), 9));
        double[][][] alone = new double[3][][];
        for (int m = 0; m < 3; m++) {
            List<M3Evaluation.SeriesScore> scores = GlobalM3.score(series, members.get(m),
                    ForecastModel.TrainingRun.silent());
            alone[m] = scores.stream().map(M3Evaluation.SeriesScore::forecast).toArray(double[][]::new);
        }
        GlobalM3.Result ensemble = GlobalM3Ensemble.run(series, members, silent(3), 0, 1, false, false, false, null);
        for (int i = 0; i < series.size(); i++) {
            double[] f = ensemble.scores().get(i).forecast();
            for (int step = 0; step < f.length; step++) {
                double[] column = {alone[0][i][step], alone[1][i][step], alone[2][i][step]};
                Arrays.sort(column);
                assertEquals(column[1], f[step], 0, "series " + i + " step " + step);
            }
        }
    }

    @Test
    void aRefitTrainsOnTheValidationTargetsButNeverOnTheTestParts() throws Exception {
        List<M3Series> series = monthly();
        GlobalForecastOptions options = tiny(series.get(0), 7);
        GlobalM3.Result stopped = GlobalM3Ensemble.run(series, List.of(options), silent(1), 0, 1, false, false,
                false, null);
        GlobalM3.Result refit = GlobalM3Ensemble.run(series, List.of(options), silent(1), 0, 1, false, true, false,
                null);
        List<M3Series> otherTests = series.stream().map(s -> new M3Series(s.id(), s.frequency(), s.category(),
                s.train(), Arrays.stream(s.test()).map(v -> 10 * v + 1).toArray(), s.period())).toList();
        GlobalM3.Result refitOther = GlobalM3Ensemble.run(otherTests, List.of(options), silent(1), 0, 1, false,
                true, false, null);
        boolean differs = false;
        for (int i = 0; i < series.size(); i++) {
            double[] f = refit.scores().get(i).forecast();
            differs |= !Arrays.equals(f, stopped.scores().get(i).forecast());
            assertArrayEquals(f, refitOther.scores().get(i).forecast(), 0);
        }
        assertTrue(differs, "the refit network should forecast differently from the early-stopped one");
    }

    @Test
    void theRefitWindowsReachTheEndOfTheTrainingPart() {
        assertArrayEquals(new int[] {10, 32}, GlobalForecastTrainer.refitOrigins(50, 18, 10));
        assertArrayEquals(new int[] {10, 14}, GlobalForecastTrainer.trainingOrigins(50, 18, 10));
        assertEquals(null, GlobalForecastTrainer.refitOrigins(18, 18, 10));
        assertThrows(IllegalArgumentException.class, () -> GlobalForecastTrainer.refit(List.of(), List.of(),
                tiny(new M3Series("a", "monthly", "MICRO", new double[40], new double[18], 12), 1),
                ForecastModel.TrainingRun.silent(), 0));
    }

    @Test
    void theCalibrationFactorPutsTheNominalShareInside() {
        // one series, a median of 10 with edges 9 and 11 at every step, and actual values 10 + d for d = -5..5 / 2
        List<Double> levels = GlobalForecastOptions.INTERVAL_QUANTILES;
        int h = 10;
        double[] y = new double[1 + h];
        y[0] = 10;
        double[][][] q = new double[1][h][];
        for (int step = 0; step < h; step++) {
            y[1 + step] = 10 + (step % 2 == 0 ? 1 : -1) * 0.5 * (step + 1);   // needs 0.5, 1, 1.5, ..., 5
            q[0][step] = new double[] {8, 9, 10, 11, 12};
        }
        List<GlobalSeries> series = List.of(GlobalSeries.of("s", null, y));
        int[] origins = {1};
        // 80 %: the 8th smallest need of 0.5..5 in steps of 0.5 is 4 (edges 1 from the median)
        assertEquals(4.0, GlobalM3Ensemble.calibrationFactor(q, series, origins, levels, 0.80), 1e-12);
        // 95 %: the 10th of 10 is 5 / 2 (edges 2 from the median)
        assertEquals(2.5, GlobalM3Ensemble.calibrationFactor(q, series, origins, levels, 0.95), 1e-12);
    }

    @Test
    void theValidationCutForecastsTheLastValuesOfTheTrainingParts() throws Exception {
        List<M3Series> series = monthly();
        List<M3Series> cut = M3Data.validationCut(series);
        for (int i = 0; i < series.size(); i++) {
            M3Series s = series.get(i);
            M3Series c = cut.get(i);
            int n = s.train().length;
            assertArrayEquals(Arrays.copyOf(s.train(), n - 18), c.train(), 0);
            assertArrayEquals(Arrays.copyOfRange(s.train(), n - 18, n), c.test(), 0);
            assertEquals(s.id(), c.id());
        }
        M3Series tooShort = new M3Series("N1", "yearly", "MICRO", new double[6], new double[6], 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> M3Data.validationCut(List.of(tooShort)));
        assertTrue(e.getMessage().contains("'N1'") && e.getMessage().contains("h = 6"), e.getMessage());
    }

    @Test
    void seasonalSeriesAreDividedByTheirIndicesAndNonSeasonalOnesLeftAlone() {
        double[] seasonal = new double[60];
        double[] flat = new double[60];
        for (int t = 0; t < 60; t++) {
            seasonal[t] = 100 * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12));
            flat[t] = 100 + (t % 2);
        }
        double[] indices = GlobalM3Ensemble.seasonalIndices(seasonal, 12);
        assertEquals(12, indices.length);
        for (int i = 0; i < 12; i++) {
            assertEquals(1 + 0.2 * Math.sin(2 * Math.PI * i / 12), indices[i], 0.01, "index " + i);
        }
        assertEquals(null, GlobalM3Ensemble.seasonalIndices(flat, 12));
        assertEquals(null, GlobalM3Ensemble.seasonalIndices(seasonal, 1));
        assertEquals(null, GlobalM3Ensemble.seasonalIndices(java.util.Arrays.copyOf(seasonal, 30), 12));
    }

    @Test
    void deseasonalisedTrainingNeverReadsTheTestParts() throws Exception {
        List<M3Series> series = monthly();
        GlobalForecastOptions options = tiny(series.get(0), 7);
        List<M3Series> otherTests = series.stream().map(s -> new M3Series(s.id(), s.frequency(), s.category(),
                s.train(), Arrays.stream(s.test()).map(v -> 10 * v + 1).toArray(), s.period())).toList();
        GlobalM3.Result a = GlobalM3Ensemble.run(series, List.of(options), silent(1), 0, 1, true, true, true, null);
        GlobalM3.Result b = GlobalM3Ensemble.run(otherTests, List.of(options), silent(1), 0, 1, true, true, true,
                null);
        for (int i = 0; i < series.size(); i++) {
            assertArrayEquals(a.scores().get(i).forecast(), b.scores().get(i).forecast(), 0);
            assertArrayEquals(a.intervals().get(i).get(0).upper()[1], b.intervals().get(i).get(0).upper()[1], 0);
        }
    }
}
