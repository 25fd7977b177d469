package dev.rnn4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastModel;
import dev.rnn4j.forecast.global.GlobalSeries;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j spark train forecast} on {@code local[2]}: a panel of sines trained by two workers against one
 * process with the same options, and the saved folder as {@code rnn4j forecast eval --panel} loads it.
 */
class ForecastTrainingJobTest {

    @TempDir
    Path tmp;

    @Test
    void twoWorkersTrainTheGlobalForecasterOneProcessTrainsWithinFloatRounding() throws Exception {
        Path panel = tmp.resolve("panel.csv");
        Files.writeString(panel, panelCsv(7, 40));
        Path out = tmp.resolve("out");
        // 5 batches of 9 windows: rank 0 computes rows 0, 2, ..., 8, rank 1 rows 1, 3, ..., 7; no dropout, so the
        // two runs compute the same sums in another order
        SparkTrainForecast.Options options = SparkTrainForecast.parse(new String[] {"--panel", panel.toString(),
                "--id-column", "id", "--time-column", "t", "--target", "value", "--horizon", "3", "--season", "4",
                "--test-size", "3", "--out", out.toString(), "--workers", "2", "--hidden", "8", "--dropout", "0",
                "--batches-per-epoch", "5", "--batch-size", "9", "--epochs", "3", "--patience", "5", "--lr", "0.01",
                "--seed", "3"}, 0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = SparkTrainForecast.train(SparkTests.spark(), options,
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("rank 0 of 2 (ring): 15 steps"), text);
        assertTrue(text.contains("rank 1 of 2 (ring): 15 steps"), text);
        assertTrue(text.contains("2 workers, 7 series -> " + out.resolve("model")), text);

        List<GlobalSeries> training = new ArrayList<>();
        for (GlobalSeries s : options.columns().read(panel, 1).series()) {
            training.add(s.head(s.length() - 3));
        }
        Path singleRun = tmp.resolve("single");
        GlobalForecastModel single = GlobalForecastModel.train(training, List.of(), options.forecast(),
                new ForecastModel.TrainingRun(singleRun, false, null, true));
        List<Double> singleLosses = epochLosses(singleRun);
        List<Double> parallelLosses = epochLosses(out.resolve(ForecastTrainingJob.RUN));
        assertEquals(3, singleLosses.size(), "epochs: " + singleLosses);
        assertEquals(singleLosses.size(), parallelLosses.size());
        for (int e = 0; e < singleLosses.size(); e++) {
            assertEquals(singleLosses.get(e), parallelLosses.get(e), 1e-5 * Math.abs(singleLosses.get(e)),
                    "epoch " + (e + 1) + " loss: one process " + singleLosses + ", two workers " + parallelLosses);
        }
        Path singleFolder = tmp.resolve("single-model");
        single.save(singleFolder);
        Map<String, float[]> expected = weights(singleFolder);
        Map<String, float[]> actual = weights(out.resolve(ForecastTrainingJob.MODEL));
        assertEquals(expected.keySet(), actual.keySet());
        double worst = 0;
        for (String name : expected.keySet()) {
            float[] a = expected.get(name);
            float[] b = actual.get(name);
            assertEquals(a.length, b.length, name);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(worst < 1e-4, "largest weight difference from one process: " + worst);

        // what forecast eval --panel does first: load the folder, read the panel with its columns, forecast
        GlobalForecastModel loaded = GlobalForecastModel.load(out.resolve(ForecastTrainingJob.MODEL));
        assertNotNull(loaded.columns(), "the model knows its panel columns");
        double[][] forecasts = loaded.forecast(loaded.columns().read(panel, 4).series());
        assertEquals(7, forecasts.length);
        assertEquals(3, forecasts[0].length);
    }

    // 7 series of 40 monthly values: sines with trend, levels 50 to 110
    private static String panelCsv(int count, int length) {
        StringBuilder csv = new StringBuilder("id,t,value\n");
        for (int s = 0; s < count; s++) {
            double[] y = SparkTests.series(length, 20 + s);
            for (int t = 0; t < length; t++) {
                csv.append("s").append(s).append(',').append(t).append(',').append(y[t] + 10 * s).append('\n');
            }
        }
        return csv.toString();
    }

    private static List<Double> epochLosses(Path run) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("epoch".equals(node.path("type").asText())) {
                losses.add(node.get("loss").asDouble());
            }
        }
        return losses;
    }

    private static Map<String, float[]> weights(Path folder) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : SafeTensors.read(folder.resolve("weights.safetensors")).tensors().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }
}
