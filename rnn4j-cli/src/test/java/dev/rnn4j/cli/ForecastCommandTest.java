package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j forecast train|eval|predict} end to end with tiny arguments, and bad input through the CLI. */
class ForecastCommandTest {
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

    private static final String[] TINY = {"--epochs", "2", "--hidden", "4", "--ensemble", "1", "--quiet"};

    private String[] train(Path csv, String... extra) {
        List<String> a = new ArrayList<>(List.of("forecast", "train", "--csv", csv.toString(), "--target", "Value",
                "--time", "Month", "--horizon", "3", "--test-size", "6", "--out", dir.resolve("model").toString()));
        a.addAll(Arrays.asList(TINY));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    /** A monthly sine with trend and noise, {@code length} rows: Month, Value, Other. */
    static Path sineCsv(Path dir, int length, long seed) throws IOException {
        double[] y = dev.rnn4j.series.SyntheticSeries.sineWithTrend(length, 12, 50, 0.2, 10, 0.5, seed);
        StringBuilder csv = new StringBuilder("Month,Value,Other\n");
        java.time.LocalDate start = java.time.LocalDate.of(2000, 1, 1);
        for (int t = 0; t < length; t++) {
            csv.append(start.plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append(',')
                    .append(Math.cos(t * 0.3)).append('\n');
        }
        Path file = dir.resolve("sine.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void trainEvalPredictEndToEnd() throws IOException {
        Path csv = sineCsv(dir, 90, 1);
        Path metrics = dir.resolve("metrics.json");
        Path chart = dir.resolve("train.png");
        Run t = cli(train(csv, "--metrics-json", metrics.toString(), "--chart", chart.toString(),
                "--features", "Other", "--cell", "gru"));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("seasonal-naive(12)"), t.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        for (String score : List.of("rmse", "mae", "mase")) {
            assertTrue(json.path("model").path(score).isNumber(), json::toString);
            for (String baseline : List.of("naive", "seasonal-naive(12)", "drift", "moving-average(12)")) {
                assertTrue(json.path("baselines").path(baseline).path(score).isNumber(), baseline + " " + score);
            }
        }
        assertEquals(2, json.path("origins").asInt()); // test 6 rows, horizon 3: origins 84 and 87
        assertTrue(Files.size(chart) > 1000);
        assertTrue(Files.exists(dir.resolve("model/weights.safetensors")));

        Run e = cli("forecast", "eval", "--model", dir.resolve("model").toString(), "--csv", csv.toString(),
                "--walk-forward", "--metrics-json", dir.resolve("eval.json").toString());
        assertEquals(0, e.status(), e.err());
        assertEquals(4, new ObjectMapper().readTree(dir.resolve("eval.json").toFile()).path("origins").asInt());

        Path forecast = dir.resolve("forecast.csv");
        Run p = cli("forecast", "predict", "--model", dir.resolve("model").toString(), "--csv", csv.toString(),
                "--samples", "30", "--output", forecast.toString(), "--chart", dir.resolve("predict.png").toString());
        assertEquals(0, p.status(), p.err());
        List<String> lines = Files.readAllLines(forecast);
        assertEquals("time,step,forecast,mc_mean,lower_5,upper_95", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("2007-07,1,"), lines.get(1)); // 90 months from 2000-01
        assertTrue(p.out().contains(lines.get(3)));
        assertTrue(Files.size(dir.resolve("predict.png")) > 1000);
    }

    @Test
    void hourlyTimePartsWithNumericAndCategoricalCovariates() throws IOException {
        StringBuilder csv = new StringBuilder("No,year,month,day,hour,pm,TEMP,cbwd\n");
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2014, 2, 27, 0, 0);
        for (int i = 0; i < 240; i++, t = t.plusHours(1)) {
            double pm = 50 + 30 * Math.sin(2 * Math.PI * i / 24) + (i % 7);
            csv.append(i + 1).append(',').append(t.getYear()).append(',').append(t.getMonthValue()).append(',')
                    .append(t.getDayOfMonth()).append(',').append(t.getHour()).append(',')
                    .append(i == 5 ? "NA" : String.valueOf(pm)).append(',').append(i % 11 - 5).append(',')
                    .append(new String[] {"NE", "NW", "cv"}[i % 3]).append('\n');
        }
        Path file = write("hourly.csv", csv.toString());
        Path metrics = dir.resolve("hourly.json");
        Run r = cli(new String[] {"forecast", "train", "--csv", file.toString(), "--target", "pm",
                "--time-parts", "year,month,day,hour", "--features", "TEMP", "--categorical", "cbwd",
                "--horizon", "1", "--test-size", "24", "--out", dir.resolve("hourly").toString(),
                "--metrics-json", metrics.toString(), "--epochs", "2", "--hidden", "4", "--quiet"});
        assertEquals(0, r.status(), r.err());
        // 216 rows before the test part: a short hourly series, lookback 24, 48 or 72 chosen on validation rows
        assertTrue(r.out().matches("(?s).*lookback (24|48|72), horizon 1, season 24.*"), r.out());
        assertTrue(r.err().contains("chosen on validation: lookback "), r.err());
        assertTrue(r.out().contains("cbwd=NE, cbwd=NW, cbwd=cv, hour_sin"), r.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals(24, json.path("origins").asInt());
        assertTrue(json.path("baselines").has("seasonal-naive(24)"), json::toString);
        Run p = cli("forecast", "predict", "--model", dir.resolve("hourly").toString(), "--csv", file.toString(),
                "--output", dir.resolve("next.csv").toString());
        assertEquals(0, p.status(), p.err());
        assertTrue(p.out().contains("2014-03-09 00:00,1,"), p.out()); // 240 hours after 2014-02-27 00:00
    }

    @Test
    void refitIsRecordedAndEvalReproducesTheTrainedModelsScores() throws IOException {
        Path csv = sineCsv(dir, 90, 3);
        Path metrics = dir.resolve("metrics.json");
        Run t = cli(train(csv, "--refit", "--metrics-json", metrics.toString()));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.err().contains("refit 1 of 1:"), t.err());
        JsonNode config = new ObjectMapper().readTree(dir.resolve("model/config.json").toFile());
        JsonNode training = config.path("training");
        assertTrue(training.path("refit").asBoolean(false), training::toString);
        int refitEpochs = training.path("members").get(0).path("refit_epochs").asInt();
        assertTrue(refitEpochs >= 1 && refitEpochs <= training.path("members").get(0).path("best_epoch").asInt(),
                training::toString);
        assertTrue(Files.isDirectory(dir.resolve("model/training/refit-0")));

        Path eval = dir.resolve("eval.json");
        Run e = cli("forecast", "eval", "--model", dir.resolve("model").toString(), "--csv", csv.toString(),
                "--metrics-json", eval.toString());
        assertEquals(0, e.status(), e.err());
        assertEquals(new ObjectMapper().readTree(metrics.toFile()).path("model").path("rmse").asDouble(),
                new ObjectMapper().readTree(eval.toFile()).path("model").path("rmse").asDouble(), 1e-9);

        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("model"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Run off = cli(train(csv, "--no-refit"));
        assertEquals(0, off.status(), off.err());
        assertFalse(new ObjectMapper().readTree(dir.resolve("model/config.json").toFile()).path("training")
                .path("refit").asBoolean(true));
    }

    @Test
    void fourierIsSavedAndEvalReproducesTheTrainedModelsScores() throws IOException {
        Path csv = sineCsv(dir, 90, 4);
        Path metrics = dir.resolve("metrics.json");
        Run t = cli(train(csv, "--fourier", "1", "--no-log", "--no-diff", "--metrics-json", metrics.toString()));
        assertEquals(0, t.status(), t.err());
        assertTrue((t.out() + t.err()).contains("minus 1 annual Fourier pair(s)"), t.out() + t.err());
        JsonNode fourier = new ObjectMapper().readTree(dir.resolve("model/config.json").toFile())
                .path("target_transform").path("annual_fourier");
        assertEquals(1, fourier.path("pairs").asInt(), fourier::toString);
        assertEquals(3, fourier.path("coefficients").size(), fourier::toString);
        Path eval = dir.resolve("eval.json");
        Run e = cli("forecast", "eval", "--model", dir.resolve("model").toString(), "--csv", csv.toString(),
                "--metrics-json", eval.toString());
        assertEquals(0, e.status(), e.err());
        assertEquals(new ObjectMapper().readTree(metrics.toFile()).path("model").path("rmse").asDouble(),
                new ObjectMapper().readTree(eval.toFile()).path("model").path("rmse").asDouble(), 1e-9);

        Run both = cli(train(csv, "--fourier", "2", "--no-fourier"));
        assertEquals(2, both.status(), both.err());
        assertTrue(both.err().contains("--no-fourier"), both.err());
        Run logged = cli(train(csv, "--fourier", "1", "--log"));
        assertEquals(2, logged.status(), logged.err());
        assertTrue(logged.err().contains("--log"), logged.err());
    }

    @Test
    void resumeFinishesFromTheCheckpointsWithTheSameWeights() throws IOException {
        Path csv = sineCsv(dir, 90, 2);
        Run first = cli(train(csv));
        assertEquals(0, first.status(), first.err());
        byte[] weights = Files.readAllBytes(dir.resolve("model/weights.safetensors"));
        assertTrue(Files.isDirectory(dir.resolve("model/training/net-0/checkpoints")));
        Run resumed = cli(train(csv, "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(Arrays.equals(weights, Files.readAllBytes(dir.resolve("model/weights.safetensors"))),
                "a resumed, already finished run keeps its weights");
    }

    @Test
    void modelFolderOfAnotherTaskIsAClearError() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("config.json"), "{\"task\": \"classify\", \"format\": 1}");
        Run r = cli("forecast", "predict", "--model", other.toString(), "--csv", "x.csv");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("task 'classify'"), r.err());
    }

    private void assertBadInput(Path csv, String[] args, String... fragments) {
        Run r = cli(args);
        assertEquals(2, r.status(), r.out() + r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("rnn4j ")).toList();
        assertEquals(1, errors.size(), "one clear error line: " + r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                "no stack trace: " + r.err());
        assertTrue(r.err().contains(csv.toString()), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "'" + r.err().strip() + "' should contain '" + f + "'");
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String months(int count, java.util.function.IntFunction<String> value) {
        StringBuilder sb = new StringBuilder("Month,Value\n");
        for (int t = 0; t < count; t++) {
            sb.append(String.format("%04d-%02d", 2000 + t / 12, t % 12 + 1)).append(',').append(value.apply(t))
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void nonNumericCell() throws IOException {
        Path csv = write("text.csv", months(60, t -> t == 7 ? "abc" : Integer.toString(10 + t % 5)));
        assertBadInput(csv, train(csv), "line 9", "column 'Value'", "abc");
    }

    @Test
    void unknownColumn() throws IOException {
        Path csv = write("ok.csv", months(60, t -> Integer.toString(10 + t % 5)));
        String[] args = train(csv, "--features", "Pressure");
        assertBadInput(csv, args, "line 1", "Pressure");
    }

    @Test
    void fewerRowsThanLookbackPlusHorizon() throws IOException {
        Path csv = write("short.csv", months(20, t -> Integer.toString(10 + t % 5)));
        assertBadInput(csv, train(csv, "--lookback", "12"), "lines 2-21", "column 'Value'", "fewer rows",
                "lookback + horizon = 12 + 3");
    }

    @Test
    void constantSeries() throws IOException {
        Path csv = write("flat.csv", months(60, t -> "5"));
        assertBadInput(csv, train(csv), "column 'Value'", "constant", "lines 2-");
    }

    @Test
    void allMissingColumn() throws IOException {
        Path csv = write("empty.csv", months(60, t -> "NA"));
        assertBadInput(csv, train(csv), "column 'Value'", "missing");
    }

    @Test
    void unparseableTime() throws IOException {
        Path csv = write("badtime.csv", months(60, t -> "1").replace("2001-04,", "2001-13,"));
        assertBadInput(csv, train(csv), "line 17", "column 'Month'", "2001-13");
    }

    @Test
    void unorderedTimes() throws IOException {
        Path csv = write("unordered.csv", months(60, t -> "1").replace("2001-04,", "2001-02,"));
        assertBadInput(csv, train(csv), "line 17", "column 'Month'", "2001-02");
    }
}
