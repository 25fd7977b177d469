package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.forecast.panel.ClassicalMethod;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j forecast m3} on the ten-series sample of the test resources. */
class ForecastM3CommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path sample() throws Exception {
        return Path.of(ForecastM3CommandTest.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
    }

    @Test
    void printsTheTableAndWritesTheSameNumbersAsJson() throws Exception {
        Path json = dir.resolve("m3.json");
        Run run = cli("forecast", "m3", "--data", sample().toString(), "--method", "theta", "--metrics-json",
                json.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("M3, method theta: 10 series"), run.out());
        List<M3Evaluation.Row> expected = M3Evaluation.table(M3Evaluation.score(
                M3Data.load(sample(), M3Data.FREQUENCIES), ClassicalMethod.THETA));
        assertTrue(run.out().contains(M3Evaluation.markdown(expected)), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("theta", root.get("method").asText());
        assertEquals(expected.size(), root.get("rows").size());
        JsonNode all = root.get("rows").get(expected.size() - 1);
        assertEquals("all", all.get("frequency").asText());
        assertEquals(expected.get(expected.size() - 1).smape(), all.get("smape").asDouble(), 1e-12);
        assertEquals(expected.get(expected.size() - 1).mase(), all.get("mase").asDouble(), 1e-12);
    }

    @Test
    void methodAndFrequenciesSelectWhatIsScored() throws Exception {
        Run naive = cli("forecast", "m3", "--data", sample().toString(), "--method", "naive", "--frequencies",
                "monthly");
        Run snaive = cli("forecast", "m3", "--data", sample().toString(), "--method", "snaive", "--frequencies",
                "monthly");
        assertEquals(0, naive.status(), naive.err());
        assertTrue(naive.out().contains("| monthly | all | 4 | 72 |"), naive.out());
        assertTrue(!naive.out().contains("| yearly"), naive.out());
        assertNotEquals(naive.out().lines().filter(l -> l.startsWith("| monthly | all")).findFirst(),
                snaive.out().lines().filter(l -> l.startsWith("| monthly | all")).findFirst());
    }

    @Test
    void badMethodOrFolderIsAnErrorNamingTheArgument() throws Exception {
        Run method = cli("forecast", "m3", "--data", sample().toString(), "--method", "arima");
        assertNotEquals(0, method.status());
        assertTrue(method.err().contains("expected naive, snaive, theta or global, got 'arima'"), method.err());
        Run folder = cli("forecast", "m3", "--data", dir.toString());
        assertNotEquals(0, folder.status());
        assertTrue(folder.err().contains("m3-info.csv"), folder.err());
    }

    @Test
    void theValidationCutScoresTheEndsOfTheTrainingPartsAndTheForecastsAreWritten() throws Exception {
        Path csv = dir.resolve("forecasts.csv");
        Run run = cli("forecast", "m3", "--data", sample().toString(), "--method", "theta", "--validation",
                "--forecasts-csv", csv.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("validation cut"), run.out());
        List<M3Evaluation.SeriesScore> expected = M3Evaluation.score(
                M3Data.validationCut(M3Data.load(sample(), M3Data.FREQUENCIES)), ClassicalMethod.THETA);
        assertTrue(run.out().contains(M3Evaluation.markdown(M3Evaluation.table(expected))), run.out());
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertEquals("series_id,frequency,step,forecast,actual", lines.get(0));
        M3Evaluation.SeriesScore first = expected.get(0);
        assertEquals(first.series().id() + "," + first.series().frequency() + ",1," + first.forecast()[0] + ","
                + first.series().test()[0], lines.get(1));
        assertEquals(1 + expected.stream().mapToInt(e -> e.series().horizon()).sum(), lines.size());
    }

    @Test
    void aGlobalEnsembleCombinedWithThetaPrintsBothTables() throws Exception {
        Path json = dir.resolve("m3.json");
        Run run = cli("forecast", "m3", "--data", sample().toString(), "--method", "global", "--frequencies",
                "monthly", "--quiet", "--epochs", "2", "--batches-per-epoch", "2", "--hidden", "4", "--samples",
                "0", "--ensemble", "2", "--lookback-factors", "1,2", "--normalise", "last", "--quantiles",
                "0.025,0.1,0.5,0.9,0.975", "--recalibrate", "--theta-weight", "0.5", "--metrics-json",
                json.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("4 network(s): scalings [last] x lookbacks [18, 36] x 2 seed(s)"), run.err());
        assertTrue(run.err().contains("deseasonalised"), run.err());
        assertTrue(run.err().contains("interval calibration on 4 validation windows"), run.err());
        assertTrue(run.out().contains("combined with Theta: (1 - 0.50) network + 0.50 Theta"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(0.5, root.get("theta_weight").asDouble(), 0);
        assertNotEquals(root.get("rows").get(0).get("smape").asDouble(),
                root.get("combined_rows").get(0).get("smape").asDouble());
    }

    @Test
    void badEnsembleSettingsAreErrorsNamingTheOption() throws Exception {
        Run ensemble = cli("forecast", "m3", "--data", sample().toString(), "--method", "global", "--ensemble", "0");
        assertNotEquals(0, ensemble.status());
        assertTrue(ensemble.err().contains("--ensemble: expected 1 or more"), ensemble.err());
        Run factors = cli("forecast", "m3", "--data", sample().toString(), "--method", "global",
                "--lookback-factors", "2,-1");
        assertNotEquals(0, factors.status());
        assertTrue(factors.err().contains("--lookback-factors: expected multiples of h above 0"), factors.err());
        Run weight = cli("forecast", "m3", "--data", sample().toString(), "--method", "global", "--theta-weight",
                "1.5");
        assertNotEquals(0, weight.status());
        assertTrue(weight.err().contains("--theta-weight: expected a weight in [0, 1], got 1.5"), weight.err());
    }
}
