package dev.rnn4j.forecast;

import static dev.rnn4j.forecast.NetworkAssertions.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.Windows;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refit on the validation tail ({@link ForecastRefit}): each network is trained again from its member seed on
 * every window before the test part for its best epoch count, the training facts record it, and the saved model
 * forecasts what the trained one does.
 */
class ForecastRefitTest {
    @TempDir
    Path dir;

    private static final ForecastData DATA = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);
    private static final int TEST = 12;

    // one candidate (lookback and transform fixed), K networks, 24 validation rows, up to 30 epochs, patience 5
    private static ForecastOptions fixed(int ensemble, Integer validation, Boolean refit) {
        return new ForecastOptions(3, 12, null, false, false, null, ForecastOptions.Strategy.DIRECT, CellType.LSTM,
                8, 1, 0.1, true, ensemble, validation, 30, 5, 16, 1e-2, 600, 5, refit);
    }

    private static boolean sameWeights(ForecastNetwork a, ForecastNetwork b) {
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().toFloatArray(), b.stateDict().get(e.getKey()).toFloatArray())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void refitRecordsEpochsAndTrainsEachMemberFromItsSeedOnEveryWindowBeforeTheTestPart() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 3));
        ForecastModel stopped = ForecastModel.train(frame, DATA, fixed(2, 24, false), TEST,
                ForecastModel.TrainingRun.silent());
        ForecastModel refitted = ForecastModel.train(frame, DATA, fixed(2, 24, true), TEST,
                ForecastModel.TrainingRun.silent());
        JsonNode info = refitted.trainingInfo();
        assertFalse(stopped.trainingInfo().path("refit").asBoolean(true));
        assertTrue(info.path("refit").asBoolean(false), info::toString);

        SeriesFrame known = frame.rows(0, frame.rowCount() - TEST);
        Windows all = ForecastTrainer.windows(refitted, known, 0, known.rowCount());
        // rows 0..107 before the test part, lookback 12, horizon 3: first targets 12 .. 105
        assertEquals(94, all.count());
        assertEquals(all.count(), info.path("refit_windows").asInt());
        int trainWindows = info.path("train_windows").asInt();
        assertEquals(70, trainWindows);
        int validWindows = info.path("validation_windows").asInt();
        // more than training and validation windows together: the windows straddling the boundary count too
        assertEquals(trainWindows + validWindows + 2, all.count());
        // the last window's targets are the last rows before the test part, 105..107 (standard scaling, anchored:
        // relative to row 104, the window's last input)
        assertTrue(refitted.anchored());
        double[] z = refitted.transform().transform(known.values("Value"), known.origin("Value"));
        int n = known.rowCount();
        assertEquals(z[n - 1] - z[n - 4], all.targets()[all.targets().length - 1], 1e-5);

        for (int k = 0; k < 2; k++) {
            JsonNode member = info.path("members").get(k);
            int best = member.path("best_epoch").asInt();
            assertTrue(best >= 1, member::toString);
            // 70 training windows, 94 in all, batch 16: 5 and 6 steps per epoch
            int epochs = ForecastRefit.epochs(best, 70, 94, 16);
            assertEquals(Math.max(1, Math.round(best * 5 / 6.0)), epochs);
            assertEquals(epochs, member.path("refit_epochs").asInt(), member::toString);
            assertEquals(epochs, member.path("refit_epochs_completed").asInt(), member::toString);
            assertEquals("completed " + epochs + " epochs", member.path("refit_stopped_by").asText(),
                    member::toString);
            // the early-stopped networks are the same; the refit's are those of a plain fit on all windows
            assertEquals(stopped.trainingInfo().path("members").get(k).path("best_epoch").asInt(), best);
            long seed = ForecastTrainer.memberSeed(5, k);
            Rng rng = new Rng(seed);
            ForecastNetwork expected = new ForecastNetwork(CellType.LSTM, refitted.members().get(k).features(), 8, 1,
                    0.1, 3, rng);
            ForecastTrainer.fit(expected, k, all, null, fixed(2, 24, true), epochs, 600, rng,
                    ForecastModel.TrainingRun.silent(), "refit-");
            expected.eval();
            assertSameWeights(expected, refitted.members().get(k));
            assertFalse(sameWeights(stopped.members().get(k), refitted.members().get(k)));
        }
        // the refit changes the forecast; the preprocessing is the early-stopped model's
        int[] origins = {known.rowCount()};
        assertFalse(java.util.Arrays.equals(stopped.forecast(frame, origins)[0], refitted.forecast(frame, origins)[0]));
        assertEquals(stopped.transform().toString(), refitted.transform().toString());
    }

    @Test
    void aSavedRefitForecastsTheSameAfterLoadingAndThroughThePredictor() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 4));
        ForecastModel model = ForecastModel.train(frame, DATA, fixed(2, 24, true), TEST,
                ForecastModel.TrainingRun.silent());
        Path folder = dir.resolve("refit");
        model.save(folder);
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertTrue(config.path("training").path("refit").asBoolean(false), config::toString);
        assertEquals(2, config.path("training").path("members").size());
        for (JsonNode member : config.path("training").path("members")) {
            assertTrue(member.path("refit_epochs").asInt() >= 1, member::toString);
        }
        ForecastModel loaded = ForecastModel.load(folder);
        int[] origins = {96, 105, 108};
        double[][] a = model.forecast(frame, origins);
        double[][] b = loaded.forecast(frame, origins);
        for (int i = 0; i < origins.length; i++) {
            assertArrayEquals(a[i], b[i], 0);
        }
        assertArrayEquals(model.forecast(frame, new int[] {120})[0],
                ForecastPredictor.load(folder).predict(ForecastRequest.of(frame, DATA)).values(), 1e-9);
    }

    @Test
    void withoutValidationRowsThereIsNothingToRefitOn() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 5));
        ForecastModel model = ForecastModel.train(frame, DATA, fixed(1, 0, true), TEST,
                ForecastModel.TrainingRun.silent());
        JsonNode info = model.trainingInfo();
        assertFalse(info.path("refit").asBoolean(true), info::toString);
        assertTrue(info.path("refit_skipped").asText().contains("no validation windows"), info::toString);
        assertTrue(info.path("members").get(0).path("refit_epochs").isMissingNode());
    }

    @Test
    void theDefaultFollowsForecastDefaults() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 6));
        ForecastModel model = ForecastModel.train(frame, DATA, fixed(1, 24, null), TEST,
                ForecastModel.TrainingRun.silent());
        // 108 rows before the test part, 84 training rows: a short monthly series
        assertEquals(ForecastDefaults.refit(84), model.trainingInfo().path("refit").asBoolean());
        assertTrue(ForecastDefaults.refit(84));
        assertFalse(ForecastDefaults.refit(ForecastDefaults.CHEAP_ENSEMBLE_ROWS));
    }

    @Test
    void theRefitKeepsTheEarlyStoppedRunsOptimiserSteps() {
        // airline, lookback 12: 84 and 97 windows, batch 32: 3 and 4 steps per epoch
        assertEquals(15, ForecastRefit.epochs(20, 84, 97, 32));
        // the same steps per epoch: E unchanged
        assertEquals(20, ForecastRefit.epochs(20, 73, 85, 32));
        // one mini-batch per epoch before, two after: half, rounded, at least one
        assertEquals(15, ForecastRefit.epochs(30, 25, 37, 32));
        assertEquals(1, ForecastRefit.epochs(1, 25, 37, 32));
        // daily temperatures: 82 and 91 steps
        assertEquals(14, ForecastRefit.epochs(15, 2604, 2896, 32));
    }
}
