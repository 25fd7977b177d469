package dev.rnn4j.forecast;

import static dev.rnn4j.forecast.NetworkAssertions.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble of K networks: its members are the single networks of their member seeds, the model forecasts their
 * mean, it survives saving and loading (also through the predictor), and a short series scores its candidates with
 * at most {@link ForecastDefaults#SCORING_ENSEMBLE} networks before refitting the chosen one with all K.
 */
class ForecastEnsembleTest {
    @TempDir
    Path dir;

    private static final ForecastData DATA = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    // lookback and transform fixed, so there is one candidate and no choice; K networks from `seed`
    private static ForecastOptions fixed(Integer ensemble, long seed) {
        return new ForecastOptions(3, 12, null, false, false, null, ForecastOptions.Strategy.DIRECT, CellType.LSTM,
                8, 1, 0.1, true, ensemble, 12, 4, 4, 16, 1e-2, 600, seed);
    }

    @Test
    void memberSeedsAreTheSeedThenSeedTimesAThousandPlusK() {
        assertEquals(7, ForecastTrainer.memberSeed(7, 0));
        assertEquals(7001, ForecastTrainer.memberSeed(7, 1));
        assertEquals(7019, ForecastTrainer.memberSeed(7, 19));
        // neighbouring seeds share no member
        assertFalse(ForecastTrainer.memberSeed(8, 0) == ForecastTrainer.memberSeed(7, 1));
    }

    @Test
    void eachMemberIsTheSingleNetworkOfItsSeedAndTheModelForecastsTheirMean() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 5));
        ForecastModel three = ForecastModel.train(frame, DATA, fixed(3, 4), 12, ForecastModel.TrainingRun.silent());
        ForecastModel one = ForecastModel.train(frame, DATA, fixed(1, 4), 12, ForecastModel.TrainingRun.silent());
        ForecastModel second = ForecastModel.train(frame, DATA, fixed(1, 4001), 12,
                ForecastModel.TrainingRun.silent());
        assertEquals(3, three.ensembleSize());
        assertEquals(1, one.ensembleSize());
        // K = 1 is the single network of the seed, and the first member of every larger ensemble
        assertSameWeights(one.members().get(0), three.members().get(0));
        assertSameWeights(second.members().get(0), three.members().get(1));

        int[] origins = {100, 105, 108};
        double[][] mean = three.forecast(frame, origins);
        double[][] sum = new double[origins.length][3];
        for (int k = 0; k < 3; k++) {
            ForecastModel member = new ForecastModel(DATA, three.strategy(), three.cell(), three.hidden(),
                    three.layers(), three.dropout(), three.season(), three.lookback(), three.horizon(),
                    three.anchored(), three.fourier(), three.transform(), three.featureScalers(), three.encoders(),
                    three.calendarFields(), three.stepMonths(), three.stepSeconds(), three.featureNames(),
                    List.of(three.members().get(k)), null);
            double[][] f = member.forecast(frame, origins);
            for (int i = 0; i < origins.length; i++) {
                for (int s = 0; s < 3; s++) {
                    sum[i][s] += f[i][s] / 3;
                }
            }
        }
        // no log, no differencing: the mean in the transformed space is the mean in the original scale
        for (int i = 0; i < origins.length; i++) {
            assertArrayEquals(sum[i], mean[i], 1e-4 * Arrays.stream(sum[i]).map(Math::abs).max().orElse(1));
        }
        assertArrayEquals(one.forecast(frame, origins)[0],
                ForecastModel.train(frame, DATA, fixed(1, 4), 12, ForecastModel.TrainingRun.silent())
                        .forecast(frame, origins)[0], 0);
    }

    @Test
    void aSavedEnsembleForecastsTheSameAfterLoadingAlsoThroughThePredictor() throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 120, 6));
        ForecastModel model = ForecastModel.train(frame, DATA, fixed(4, 9), 12, ForecastModel.TrainingRun.silent());
        Path folder = dir.resolve("ensemble");
        model.save(folder);
        ForecastModel loaded = ForecastModel.load(folder);
        assertEquals(4, loaded.ensembleSize());
        for (int k = 0; k < 4; k++) {
            assertSameWeights(model.members().get(k), loaded.members().get(k));
        }
        int[] origins = {100, 108, 120};
        double[][] a = model.forecast(frame, origins);
        double[][] b = loaded.forecast(frame, origins);
        for (int i = 0; i < origins.length; i++) {
            assertArrayEquals(a[i], b[i], 0);
        }
        ForecastPredictor predictor = ForecastPredictor.load(folder);
        assertEquals(4, predictor.describe().settings().get("ensemble"));
        assertArrayEquals(a[2], predictor.predict(ForecastRequest.of(frame, DATA)).values(), 1e-9);
    }

    @Test
    void aShortSeriesScoresItsCandidatesWithAtMostFiveNetworksAndRefitsTheChoiceWithAllOfThem()
            throws IOException {
        SeriesFrame frame = DATA.read(ForecastModelTest.sineCsv(dir, 132, 7));
        for (int k : new int[] {3, 7}) {
            // lookback 12 given, transform left open: two candidates (seasonal differencing or anchored)
            ForecastOptions o = new ForecastOptions(12, 12, null, null, null, null, ForecastOptions.Strategy.DIRECT,
                    CellType.LSTM, 8, 1, 0.1, true, k, null, 3, 2, 16, 1e-2, 600, 2);
            ForecastModel model = ForecastModel.train(frame, DATA, o, 12, ForecastModel.TrainingRun.silent());
            JsonNode selection = model.trainingInfo().path("selection");
            assertEquals(2, selection.path("candidates").size(), selection.toString());
            assertEquals(Math.min(k, ForecastDefaults.SCORING_ENSEMBLE),
                    selection.path("networks_per_candidate").asInt(), selection.toString());
            assertEquals(k, model.ensembleSize());
            assertEquals(k, model.trainingInfo().path("members").size());
        }
    }
}
