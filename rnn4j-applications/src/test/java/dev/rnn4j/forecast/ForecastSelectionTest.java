package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.forecast.ForecastSelection.Candidate;
import dev.rnn4j.forecast.ForecastSelection.Plan;
import dev.rnn4j.forecast.ForecastSelection.Score;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SyntheticSeries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic choice of lookback and transform: its candidates, and that it never reads the test part. */
class ForecastSelectionTest {
    @TempDir
    Path dir;

    private static final ForecastData DATA = new ForecastData("Value", "Day", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    // a CSV of `rows` rows from 2000-01-01, one month (or one day) apart; returns the frame
    private SeriesFrame frame(String name, int rows, boolean daily, IntToDoubleFunction value) throws IOException {
        StringBuilder csv = new StringBuilder("Day,Value\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < rows; t++) {
            csv.append(daily ? start.plusDays(t) : start.plusMonths(t)).append(',').append(value.applyAsDouble(t))
                    .append('\n');
        }
        Path file = dir.resolve(name + ".csv");
        Files.writeString(file, csv);
        return DATA.read(file);
    }

    private static ForecastOptions options(int horizon, Integer lookback, Boolean log, Boolean diff, Boolean anchor) {
        return new ForecastOptions(horizon, lookback, null, log, diff, anchor, ForecastOptions.Strategy.DIRECT,
                CellType.LSTM, 8, 1, 0.1, true, 1, null, 3, 2, 16, 1e-2, 600, 4);
    }

    @Test
    void shortMonthlySeriesTryThreeLookbacksAndTwoTransforms() throws IOException {
        SeriesFrame known = frame("monthly", 132, false, t -> 100 + t + 10 * Math.sin(t * Math.PI / 6));
        Plan plan = ForecastSelection.plan(known, DATA, options(12, null, null, null, null));
        assertTrue(plan.isShort());
        assertEquals(12, plan.season());
        assertEquals(ForecastSelection.SHORT_FOLDS, plan.folds());
        assertEquals(List.of(new Candidate(12, true, true, false), new Candidate(12, true, false, true),
                new Candidate(24, true, true, false), new Candidate(24, true, false, true),
                new Candidate(36, true, true, false), new Candidate(36, true, false, true)), plan.candidates());
    }

    @Test
    void theUsersChoicesNarrowTheCandidates() throws IOException {
        SeriesFrame known = frame("monthly", 132, false, t -> 100 + t + 10 * Math.sin(t * Math.PI / 6));
        assertEquals(List.of(new Candidate(24, true, true, false), new Candidate(24, true, false, true)),
                ForecastSelection.plan(known, DATA, options(12, 24, null, null, null)).candidates());
        // --no-log --diff: differenced, so not anchored (the rule of the single-configuration defaults)
        assertEquals(List.of(new Candidate(12, false, true, false), new Candidate(24, false, true, false),
                new Candidate(36, false, true, false)),
                ForecastSelection.plan(known, DATA, options(12, null, false, true, null)).candidates());
        assertEquals(List.of(new Candidate(12, false, false, true)),
                ForecastSelection.plan(known, DATA, options(12, 12, false, false, null)).candidates());
    }

    @Test
    void nonPositiveSeriesAreNotLoggedAndTooLongLookbacksAreLeftOut() throws IOException {
        // 100 rows: the fold ending 24 rows early has too few windows for lookback 24 or 36 after differencing
        SeriesFrame known = frame("signed", 100, false, t -> Math.sin(t * Math.PI / 6) + 0.01 * t);
        List<Candidate> candidates = ForecastSelection.plan(known, DATA, options(12, null, null, null, null))
                .candidates();
        assertTrue(candidates.stream().noneMatch(Candidate::log), candidates.toString());
        assertEquals(List.of(new Candidate(12, false, true, false), new Candidate(12, false, false, true),
                new Candidate(24, false, false, true)), candidates);
    }

    @Test
    void longDailySeriesTryHalfAndOneDefaultLookbackAnchored() throws IOException {
        SeriesFrame known = frame("daily", 1100, true, t -> 10 + 5 * Math.sin(t * 2 * Math.PI / 365));
        ForecastOptions automatic = new ForecastOptions(1, null, null, null, null, null,
                ForecastOptions.Strategy.DIRECT, CellType.LSTM, 8, 1, 0.1, true, null, null, 3, 2, 16, 1e-2, 600, 4);
        Plan plan = ForecastSelection.plan(known, DATA, automatic);
        assertFalse(plan.isShort());
        assertEquals(365, plan.season());
        assertEquals(1, plan.folds());
        assertEquals(3, plan.ensemble()); // fewer than 10,000 training rows
        assertEquals(110, plan.block());  // the validation tail, 10 % of the rows
        assertEquals(List.of(new Candidate(24, false, false, true), new Candidate(48, false, false, true)),
                plan.candidates());
    }

    @Test
    void foldsScoreTheValidationTailRoundedDownToWholeHorizons() {
        assertEquals(12, ForecastSelection.block(13, 12)); // airline: 13 validation rows, H 12
        assertEquals(12, ForecastSelection.block(12, 12));
        assertEquals(12, ForecastSelection.block(5, 12));  // at least one horizon
        assertEquals(21, ForecastSelection.block(21, 1));  // one step ahead: the whole tail
        assertEquals(20, ForecastSelection.block(21, 4));
    }

    @Test
    void withOneTransformTheLowestFiniteErrorWins() {
        Candidate a = new Candidate(12, true, true, false);
        Candidate b = new Candidate(24, true, true, false);
        Candidate c = new Candidate(36, true, true, false);
        assertEquals(1, ForecastSelection.best(List.of(new Score(a, 3.0, 12), new Score(b, 2.0, 12),
                new Score(c, Double.NaN, 0))));
        assertEquals(0, ForecastSelection.best(List.of(new Score(a, Double.NaN, 0), new Score(b, Double.NaN, 0))));
    }

    private static Score score(Candidate c, double... foldRmse) {
        double squares = 0;
        for (double r : foldRmse) {
            squares += r * r;
        }
        return new Score(c, Math.sqrt(squares / foldRmse.length), 12 * foldRmse.length, foldRmse);
    }

    @Test
    void eachFoldCountsByItsRatiosSoOneHardFoldCannotDecideAlone() {
        Candidate diff = new Candidate(12, true, true, false);
        Candidate anchored = new Candidate(12, true, false, true);
        // the pooled RMSE favours anchoring (22.7 against 30.0) because of the first fold alone; differencing is
        // better in the two others by more: geometric means 14.4 against 21.0
        Score a = score(diff, 50.8, 7.0, 8.4);
        Score b = score(anchored, 29.9, 15.1, 20.6);
        assertTrue(b.rmse() < a.rmse());
        assertEquals(0, ForecastSelection.best(List.of(a, b)));
        assertEquals(Math.log(50.8 * 7.0 * 8.4) / 3, ForecastSelection.logError(a), 1e-12);
        assertEquals(Math.log(4.0), ForecastSelection.logError(new Score(diff, 4.0, 12)), 1e-12); // one fold
        assertTrue(Double.isNaN(ForecastSelection.logError(score(diff, 3.0, Double.NaN))));
        // a perfect fold counts as the smallest normal double, not as an error
        assertEquals(1, ForecastSelection.best(List.of(score(diff, 1.0, 1.0), score(anchored, 0.0, 5.0))));
    }

    @Test
    void theTransformIsChosenOnAllItsLookbacksThenTheLookbackWithinIt() {
        Candidate diff12 = new Candidate(12, true, true, false);
        Candidate anchored12 = new Candidate(12, true, false, true);
        Candidate diff24 = new Candidate(24, true, true, false);
        Candidate anchored24 = new Candidate(24, true, false, true);
        Candidate diff36 = new Candidate(36, true, true, false);
        Candidate anchored36 = new Candidate(36, true, false, true);
        // the lowest single error is anchored lookback 12, but differencing is better over all lookbacks
        // (mean ln RMSE 3.36 against 3.38), so differencing with its best lookback (36) wins
        List<Score> scores = List.of(score(diff12, 29.43), score(anchored12, 26.22), score(diff24, 29.04),
                score(anchored24, 28.12), score(diff36, 28.25), score(anchored36, 33.91));
        assertEquals(4, ForecastSelection.best(scores));
        // without the anchored lookback-36 outlier, anchoring is better over its lookbacks and its best one wins
        assertEquals(1, ForecastSelection.best(scores.subList(0, 5)));
        // a candidate that could not be scored does not count for its transform
        assertEquals(1, ForecastSelection.best(List.of(score(diff12, 10.0), score(anchored12, 9.0),
                score(diff24, 11.0), new Score(anchored24, Double.NaN, 0))));
    }

    @Test
    void theChoiceNeverReadsTheTestPartAndIsSavedWithTheModel() throws IOException {
        double[] y = SyntheticSeries.sineWithTrend(144, 12, 50, 0.2, 10, 0.5, 3);
        SeriesFrame frame = frame("sine", 144, false, t -> y[t]);
        // the same rows with the 12 test values tripled
        SeriesFrame changed = frame("sine-changed", 144, false, t -> t >= 132 ? 3 * y[t] : y[t]);
        ForecastOptions o = options(12, null, null, null, null);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ForecastModel model = ForecastModel.train(frame, DATA, o, 12, new ForecastModel.TrainingRun(null, false,
                new PrintStream(printed, true, StandardCharsets.UTF_8), true));
        ForecastModel other = ForecastModel.train(changed, DATA, o, 12, ForecastModel.TrainingRun.silent());

        JsonNode selection = model.trainingInfo().path("selection");
        assertEquals(6, selection.path("candidates").size(), selection.toString());
        assertEquals(selection, other.trainingInfo().path("selection"));
        assertEquals(12, model.testSize());
        assertArrayEquals(model.forecast(frame, new int[] {132})[0], other.forecast(frame, new int[] {132})[0]);
        assertNotEquals(frame.values("Value")[140], changed.values("Value")[140]);

        // the chosen candidate is the one best() picks from the saved scores, and it is the model's configuration
        JsonNode chosen = selection.path("chosen");
        List<Score> saved = new ArrayList<>();
        for (JsonNode c : selection.path("candidates")) {
            assertEquals(36, c.path("points").asInt()); // three folds of 12 rows
            assertEquals(3, c.path("fold_rmse").size());
            double[] folds = new double[3];
            double squares = 0;
            for (int f = 0; f < 3; f++) {
                folds[f] = c.path("fold_rmse").get(f).asDouble();
                squares += folds[f] * folds[f];
            }
            assertEquals(Math.sqrt(squares / 3), c.path("validation_rmse").asDouble(), 1e-9); // equal folds pool
            saved.add(new Score(new Candidate(c.path("lookback").asInt(), c.path("log").asBoolean(),
                    c.path("diff").asBoolean(), c.path("anchored").asBoolean()), c.path("validation_rmse").asDouble(),
                    c.path("points").asInt(), folds));
        }
        Candidate best = saved.get(ForecastSelection.best(saved)).candidate();
        assertEquals(best.lookback(), chosen.path("lookback").asInt());
        assertEquals(best.anchored(), chosen.path("anchored").asBoolean());
        assertEquals(best.diff(), chosen.path("diff").asBoolean());
        assertEquals(chosen.path("lookback").asInt(), model.lookback());
        assertEquals(chosen.path("anchored").asBoolean(), model.anchored());
        assertEquals(chosen.path("diff").asBoolean() ? 12 : 0, model.transform().differencingLag());
        String log = printed.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("candidate 6 of 6") && log.contains("chosen on validation: lookback "), log);

        // saved in config.json: a loaded model has the chosen configuration and forecasts the same
        model.save(dir.resolve("model"));
        ForecastModel loaded = ForecastModel.load(dir.resolve("model"));
        assertEquals(selection, loaded.trainingInfo().path("selection"));
        assertEquals(model.lookback(), loaded.lookback());
        assertArrayEquals(model.forecast(frame, new int[] {132})[0], loaded.forecast(frame, new int[] {132})[0],
                1e-9);
    }
}
