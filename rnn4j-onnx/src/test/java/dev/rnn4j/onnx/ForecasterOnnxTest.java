package dev.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny forecasters exported to ONNX and run in ONNX Runtime: on the real input window after a
 * series and on a batch of other windows, ONNX Runtime's forecasts agree with the networks' own
 * within 1e-5.
 */
class ForecasterOnnxTest {

    static final double TOLERANCE = 1e-5;
    static final ForecastData DATA = new ForecastData("Value", "Month", null, List.of(), List.of(),
            MissingValuePolicy.FORWARD_FILL);

    @TempDir
    Path dir;

    /** A monthly CSV of a sine (period 12) with trend and noise; returns its path. */
    Path sineCsv(int length) throws IOException {
        double[] y = SyntheticSeries.sineWithTrend(length, 12, 50, 0.2, 10, 0.5, 3);
        StringBuilder csv = new StringBuilder("Month,Value\n");
        LocalDate start = LocalDate.of(2000, 1, 1);
        for (int t = 0; t < length; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append('\n');
        }
        Path file = dir.resolve("sine.csv");
        Files.writeString(file, csv);
        return file;
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), ensemble {2}, {3}")
    @CsvSource({"LSTM, 2, 1, DIRECT", "GRU, 2, 2, DIRECT", "LSTM, 1, 1, RECURSIVE"})
    void onnxRuntimeReproducesTheForecasts(CellType cell, int layers, int ensemble, ForecastOptions.Strategy strategy)
            throws Exception {
        SeriesFrame frame = DATA.read(sineCsv(120));
        ForecastOptions options = new ForecastOptions(4, 12, null, false, false, null, strategy, cell, 6, layers, 0.1,
                true, ensemble, 24, 2, 1, 16, 1e-2, 60, 7);
        ForecastModel model = ForecastModel.train(frame, DATA, options, 12, ForecastModel.TrainingRun.silent());
        Path file = dir.resolve("forecaster.onnx");
        OnnxExport.exportForecaster(model, file);

        int steps = model.lookback();
        int features = model.featureNames().size();
        int batch = 5;
        float[] windows = new float[batch * steps * features];
        float[] real = model.inputWindow(frame);
        System.arraycopy(real, 0, windows, 0, real.length);
        Random random = new Random(11);
        for (int i = real.length; i < windows.length; i++) {
            windows[i] = (float) random.nextGaussian();
        }
        float[][] onnx = run(file, windows, batch, steps, features);
        float[] expected = networksMean(model.networks(), windows, batch, steps, features);
        int outputs = model.networks().get(0).outputs();
        double worst = 0;
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < outputs; s++) {
                worst = Math.max(worst, Math.abs(expected[b * outputs + s] - onnx[b][s]));
            }
        }
        assertTrue(worst <= TOLERANCE, "max |rnn4j - ONNX Runtime| = " + worst);
    }

    /** The mean of the networks' outputs (B, outputs) row-major. */
    static float[] networksMean(List<ForecastNetwork> networks, float[] windows, int batch, int steps, int features) {
        float[] sum = null;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (ForecastNetwork network : networks) {
                float[] z = network.forward(Tensor.of(windows, batch, steps, features)).toFloatArray();
                if (sum == null) {
                    sum = z;
                } else {
                    for (int i = 0; i < z.length; i++) {
                        sum[i] += z[i];
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= networks.size();
        }
        return sum;
    }

    static float[][] run(Path file, float[] windows, int batch, int steps, int features) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor window = OnnxTensor.createTensor(env, FloatBuffer.wrap(windows),
                     new long[] {batch, steps, features});
             OrtSession.Result result = session.run(Map.of("window", window))) {
            return (float[][]) result.get("forecast").orElseThrow().getValue();
        }
    }
}
