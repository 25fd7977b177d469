package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.predict.Predictors;
import dev.rnn4j.quantize.ModelQuantizer;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j quantize} on tiny trained forecasters (a direct LSTM ensemble of two with a covariate, a
 * recursive GRU): the int8 folder loads through {@link Predictors} and forecasts 30 origins within
 * 1 % of the float forecasts' range (the error is stated as max |int8 − float| / (max − min of the
 * float forecasts)).
 */
class QuantizedForecastTest {

    private static final ForecastData WITH_COVARIATE = new ForecastData("Value", "Month", null, List.of("Other"),
            List.of(), MissingValuePolicy.FORWARD_FILL);
    private static final ForecastData TARGET_ONLY = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    @Test
    void int8ForecastsStayWithinOnePercentOfTheFloatOnes(@TempDir Path dir) throws IOException {
        Path csv = ForecastModelTest.sineCsv(dir, 150, 9);
        ForecastModel direct = ForecastModel.train(WITH_COVARIATE.read(csv), WITH_COVARIATE, new ForecastOptions(4, 12,
                null, false, false, null, ForecastOptions.Strategy.DIRECT, CellType.LSTM, 32, 2, 0.1, true, 2, 12, 2,
                2, 16, 1e-2, 60, 3), 12, ForecastModel.TrainingRun.silent());
        ForecastModel recursive = ForecastModel.train(TARGET_ONLY.read(csv), TARGET_ONLY, new ForecastOptions(3, 12,
                null, true, true, null, ForecastOptions.Strategy.RECURSIVE, CellType.GRU, 8, 1, 0.1, true, 1, 12, 2,
                2, 16, 1e-2, 60, 4), 12, ForecastModel.TrainingRun.silent());
        int index = 0;
        for (ForecastModel model : List.of(direct, recursive)) {
            Path floats = dir.resolve("float-" + index);
            Path int8 = dir.resolve("int8-" + index++);
            model.save(floats);
            ModelQuantizer.Result result = ModelQuantizer.quantize(floats, int8, null);
            assertEquals("forecast", result.task());
            assertTrue(result.int8Count() > 0);
            ForecastPredictor floatPredictor = assertInstanceOf(ForecastPredictor.class, Predictors.load(floats));
            ForecastPredictor int8Predictor = assertInstanceOf(ForecastPredictor.class, Predictors.load(int8));
            SeriesFrame frame = model.data().read(csv);
            List<ForecastRequest> requests = new ArrayList<>();
            for (int end = 120; end < 150; end++) {
                requests.add(ForecastRequest.of(frame.rows(0, end), model.data()));
            }
            List<Forecast> expected = floatPredictor.predictBatch(requests);
            List<Forecast> actual = int8Predictor.predictBatch(requests);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double error = 0;
            for (int i = 0; i < requests.size(); i++) {
                double[] e = expected.get(i).values();
                double[] a = actual.get(i).values();
                for (int h = 0; h < e.length; h++) {
                    min = Math.min(min, e[h]);
                    max = Math.max(max, e[h]);
                    error = Math.max(error, Math.abs(e[h] - a[h]));
                }
            }
            assertFalse(expected.equals(actual), "the int8 layers ran");
            assertTrue(error <= 0.01 * (max - min), model.cell() + ": int8 forecasts differ by up to " + error
                    + " on a range of " + (max - min));
        }
    }
}
