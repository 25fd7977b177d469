package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster as a {@link Predictor}: the same numbers as {@link ForecastModel#forecast}, a batch of
 * histories, its description, its input checks, loading through {@link Predictors}, and concurrent calls.
 */
class ForecastPredictorTest {
    @TempDir
    static Path dir;

    // direct LSTM with a numeric covariate and calendar features, 2 networks, wide enough (hidden 64) that a
    // batch of 32 windows takes the kernels' parallel paths
    private static final ForecastData WITH_COVARIATE = new ForecastData("Value", "Month", null, List.of("Other"),
            List.of(), MissingValuePolicy.FORWARD_FILL);
    // recursive GRU on the target alone: log + seasonal differencing, calendar features of the future rows
    private static final ForecastData TARGET_ONLY = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    private static SeriesFrame frame;
    private static ForecastModel direct;
    private static ForecastModel recursive;

    @BeforeAll
    static void train() throws IOException {
        Path csv = ForecastModelTest.sineCsv(dir, 150, 9);
        frame = WITH_COVARIATE.read(csv);
        direct = ForecastModel.train(frame, WITH_COVARIATE, new ForecastOptions(4, 12, null, false, false, null,
                ForecastOptions.Strategy.DIRECT, CellType.LSTM, 64, 1, 0.2, true, 2, 12, 2, 2, 16, 1e-2, 60, 3),
                12, ForecastModel.TrainingRun.silent());
        recursive = ForecastModel.train(TARGET_ONLY.read(csv), TARGET_ONLY, new ForecastOptions(3, 12, null, true,
                true, null, ForecastOptions.Strategy.RECURSIVE, CellType.GRU, 8, 1, 0.1, true, 2, 12, 2, 2, 16,
                1e-2, 60, 4), 12, ForecastModel.TrainingRun.silent());
    }

    /** Requests of the histories ending at rows {@code first, first + 1, ..., first + count - 1}. */
    private static List<ForecastRequest> histories(ForecastData data, int first, int count) {
        List<ForecastRequest> out = new ArrayList<>();
        for (int end = first; end < first + count; end++) {
            out.add(ForecastRequest.of(frame.rows(0, end), data));
        }
        return out;
    }

    @Test
    void predictGivesTheModelsForecastFromTheEndOfTheHistory() {
        for (ForecastModel model : List.of(direct, recursive)) {
            ForecastPredictor predictor = new ForecastPredictor(model);
            for (int end : new int[] {model.firstOrigin(), 100, 150}) {
                SeriesFrame history = frame.rows(0, end);
                Forecast f = predictor.predict(ForecastRequest.of(history, model.data()));
                assertArrayEquals(model.forecast(history, new int[] {end})[0], f.values(), 0);
                assertEquals(model.horizon(), f.times().size());
                LocalDateTime last = history.times()[end - 1];
                assertEquals(last.plusMonths(1), f.times().get(0));
                assertEquals(last.plusMonths(model.horizon()), f.times().get(model.horizon() - 1));
            }
        }
        // within the file, the direct model's windows are those of the whole frame
        SeriesFrame history = frame.rows(0, 120);
        assertArrayEquals(direct.forecast(frame, new int[] {120})[0],
                new ForecastPredictor(direct).predict(ForecastRequest.of(history, WITH_COVARIATE)).values(), 0);
    }

    @Test
    void aBatchOfHistoriesGivesEachHistorysForecast() {
        for (ForecastModel model : List.of(direct, recursive)) {
            ForecastPredictor predictor = new ForecastPredictor(model);
            List<ForecastRequest> requests = histories(model.data(), model.firstOrigin(), 40);
            List<Forecast> batch = predictor.predictBatch(requests);
            assertEquals(40, batch.size());
            for (int i = 0; i < requests.size(); i++) {
                Forecast one = predictor.predict(requests.get(i));
                assertEquals(one.times(), batch.get(i).times());
                double[] expected = one.values();
                double[] actual = batch.get(i).values();
                for (int h = 0; h < expected.length; h++) {
                    // another batch size may sum in another order in the kernels: float rounding only
                    assertEquals(expected[h], actual[h], 1e-5 * Math.max(1, Math.abs(expected[h])),
                            "history " + i + ", step " + h);
                }
            }
            assertEquals(List.of(), predictor.predictBatch(List.of()));
        }
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() {
        ConcurrencyCheck.assertSameAsSequential(new ForecastPredictor(direct),
                histories(WITH_COVARIATE, 12, 64), Objects::equals);
        // batches of 32 windows: the parallel GEMM paths, shared by the calling threads
        ConcurrencyCheck.of(new ForecastPredictor(direct), histories(WITH_COVARIATE, 60, 64), Objects::equals)
                .batchSize(32).rounds(2).run().assertNoDifference();
        ConcurrencyCheck.assertSameAsSequential(new ForecastPredictor(recursive),
                histories(TARGET_ONLY, recursive.firstOrigin(), 48), Objects::equals);
    }

    @Test
    void monteCarloBandsFromSeveralThreadsAreTheSequentialOnes() {
        // each band runs dropout on private copies of the networks with random numbers from its own seed
        Predictor<Integer, ForecastModel.Band> bands = new Predictor<>() {
            @Override
            public ModelInfo describe() {
                return new ForecastPredictor(direct).describe();
            }

            @Override
            public ForecastModel.Band predict(Integer origin) {
                return direct.forecastBand(frame, origin, 40, 0.9, origin);
            }

            @Override
            public List<ForecastModel.Band> predictBatch(List<Integer> origins) {
                return origins.stream().map(this::predict).toList();
            }
        };
        List<Integer> origins = IntStream.range(100, 124).boxed().toList();
        ConcurrencyCheck.of(bands, origins, (a, b) -> Arrays.equals(a.mean(), b.mean())
                && Arrays.equals(a.lower(), b.lower()) && Arrays.equals(a.upper(), b.upper())).rounds(1).run()
                .assertNoDifference();
        // and the point forecasts stay those of dropout off while bands run
        assertArrayEquals(direct.forecast(frame, new int[] {120})[0],
                new ForecastPredictor(direct).predict(ForecastRequest.of(frame.rows(0, 120), WITH_COVARIATE))
                        .values(), 0);
    }

    @Test
    void describesTaskColumnsSizesAndTransforms() {
        ModelInfo info = new ForecastPredictor(recursive).describe();
        assertEquals("forecast", info.task());
        Map<String, Object> s = info.settings();
        assertEquals("Value", s.get("target"));
        assertEquals(3, s.get("horizon"));
        assertEquals(12, s.get("lookback"));
        assertEquals(24, s.get("minimum_history"));
        assertEquals(12, s.get("season"));
        assertEquals("gru", s.get("cell"));
        assertEquals("recursive", s.get("strategy"));
        assertEquals(2, s.get("ensemble"));
        assertEquals(List.of("log", "differencing lag 12", "standard scaling"), s.get("transforms"));
        assertEquals(List.of("month_of_year"), s.get("calendar"));
        assertTrue(info.input().contains("at least 24 rows") && info.input().contains("\"times\""), info.input());
        assertTrue(info.output().startsWith("the next 3 values of 'Value'"), info.output());
        ModelInfo directInfo = new ForecastPredictor(direct).describe();
        assertEquals(List.of("Other"), directInfo.settings().get("features"));
        assertEquals(List.of("standard scaling", "change from the last value"), directInfo.settings().get("transforms"));
    }

    @Test
    void requestsThatDoNotFitTheModelAreRefusedWithTheReason() {
        ForecastPredictor predictor = new ForecastPredictor(direct);
        ForecastRequest good = ForecastRequest.of(frame.rows(0, 40), WITH_COVARIATE);
        List<String> times = good.times();

        String noCovariate = message(predictor, new ForecastRequest(good.values(), times, null, null));
        assertTrue(noCovariate.startsWith("forecast request: features: expected the columns [Other]"), noCovariate);
        String extra = message(predictor, new ForecastRequest(good.values(), times,
                Map.of("Other", good.features().get("Other"), "Rain", new double[40]), null));
        assertTrue(extra.contains("got [Other, Rain]") || extra.contains("got [Rain, Other]"), extra);

        double[] withNaN = good.values();
        withNaN[5] = Double.NaN;
        String nan = message(predictor, new ForecastRequest(withNaN, times, good.features(), null));
        assertTrue(nan.startsWith("forecast request, line 6, column 'Value'") && nan.contains("finite"), nan);

        String shortOther = message(predictor, new ForecastRequest(good.values(), times,
                Map.of("Other", new double[39]), null));
        assertTrue(shortOther.contains("'Other': expected 40 values"), shortOther);

        String noTimes = message(predictor, new ForecastRequest(good.values(), null, good.features(), null));
        assertTrue(noTimes.contains("times: the model uses calendar features"), noTimes);
        List<String> swapped = new ArrayList<>(times);
        swapped.set(10, times.get(11));
        swapped.set(11, times.get(10));
        String order = message(predictor, new ForecastRequest(good.values(), swapped, good.features(), null));
        assertTrue(order.contains("strictly increasing"), order);
        List<String> unparsable = new ArrayList<>(times);
        unparsable.set(3, "March");
        assertTrue(message(predictor, new ForecastRequest(good.values(), unparsable, good.features(), null))
                .contains("times[3]: cannot parse 'March'"));

        ForecastRequest tooShort = ForecastRequest.of(frame.rows(0, 11), WITH_COVARIATE);
        String shortHistory = message(predictor, tooShort);
        assertTrue(shortHistory.contains("needs 12 rows before the origin"), shortHistory);
        IllegalArgumentException inBatch = assertThrows(IllegalArgumentException.class,
                () -> predictor.predictBatch(List.of(good, tooShort)));
        assertTrue(inBatch.getMessage().startsWith("forecast request 1"), inBatch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(null));
    }

    private static String message(ForecastPredictor predictor, ForecastRequest request) {
        return assertThrows(IllegalArgumentException.class, () -> predictor.predict(request)).getMessage();
    }

    @Test
    void aRequestComesStraightFromAJsonBody() throws IOException {
        ForecastRequest fromFrame = ForecastRequest.of(frame.rows(0, 30), TARGET_ONLY);
        String json = new ObjectMapper().writeValueAsString(Map.of("values", fromFrame.values(),
                "times", fromFrame.times()));
        ForecastRequest parsed = new ObjectMapper().readValue(json, ForecastRequest.class);
        assertEquals(fromFrame, parsed);
        ForecastPredictor predictor = new ForecastPredictor(recursive);
        assertEquals(predictor.predict(fromFrame), predictor.predict(parsed));
    }

    @Test
    void aSavedForecasterLoadsThroughPredictorsAndPredictsAsForecastModelLoad() throws IOException {
        Path folder = dir.resolve("model");
        direct.save(folder);
        Predictor<?, ?> loaded = Predictors.load(folder);
        ForecastPredictor predictor = assertInstanceOf(ForecastPredictor.class, loaded);
        assertEquals(new ForecastPredictor(direct).describe(), predictor.describe());
        ForecastModel model = ForecastModel.load(folder);
        Forecast f = predictor.predict(ForecastRequest.of(frame, WITH_COVARIATE));
        assertArrayEquals(model.forecast(frame, new int[] {frame.rowCount()})[0], f.values(), 0);
        assertEquals(Arrays.asList(model.futureTimesAfter(frame.times()[frame.rowCount() - 1])), f.times());

        IllegalArgumentException notForecaster = assertThrows(IllegalArgumentException.class,
                () -> new ForecastPredictorFactory().load(dir.resolve("nothing-here")));
        assertTrue(notForecaster.getMessage().contains("nothing-here"), notForecaster.getMessage());
    }
}
