package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.chart.ForecastGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j forecast train|eval|predict --panel} and {@code forecast m3 --method global}. */
class ForecastPanelCliTest {
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

    /**
     * A long-format panel (id, month, sales, promo, kind): {@code count} monthly sines of different levels, each
     * {@code length} rows, a covariate that leads the sine by a month, rows of the series interleaved, and one
     * series "short" of 5 rows.
     */
    static Path panelCsv(Path dir, int count, int length) throws IOException {
        StringBuilder csv = new StringBuilder("id,month,sales,promo,kind\n");
        for (int t = 0; t < length; t++) {
            String month = String.format(Locale.ROOT, "%04d-%02d", 2000 + t / 12, 1 + t % 12);
            for (int s = 0; s < count; s++) {
                double level = 20 + 15 * s;
                double y = level * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12 + 0.7 * s)) + level * 0.004 * t;
                double promo = Math.sin(2 * Math.PI * (t + 1) / 12 + 0.7 * s);
                csv.append("shop ").append(s).append(',').append(month).append(',')
                        .append(String.format(Locale.ROOT, "%.4f,%.4f", y, promo))
                        .append(',').append(s % 2 == 0 ? "even" : "odd").append('\n');
            }
            if (t < 5) {
                csv.append("short,").append(month).append(",10,0,even\n");
            }
        }
        Path file = dir.resolve("panel.csv");
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
        return file;
    }

    static List<String> train(Path panel, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("forecast", "train", "--panel", panel.toString(), "--id-column",
                "id", "--time-column", "month", "--target", "sales", "--group-column", "kind", "--horizon", "4",
                "--season", "12", "--lookback", "12", "--epochs", "3", "--batches-per-epoch", "5", "--batch-size", "8",
                "--hidden", "6", "--seed", "5", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void trainEvalAndPredictOnAPanel() throws Exception {
        Path panel = panelCsv(dir, 6, 40);
        Path model = dir.resolve("model");
        Path metrics = dir.resolve("metrics.json");
        Run trained = cli(train(panel, model, "--test-size", "8", "--metrics-json", metrics.toString(),
                "--covariates", "promo").toArray(String[]::new));
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.err().contains("6 series, 1 skipped as shorter than 17 values"), trained.err());
        assertTrue(trained.err().contains("[short]"), trained.err());
        assertTrue(trained.out().contains("| global | all | 6 | 48 |"), trained.out());
        assertTrue(trained.out().contains("| snaive | odd | 3 | 24 |"), trained.out());
        assertTrue(Files.exists(model.resolve("config.json")) && Files.exists(model.resolve("weights.safetensors")));
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals(9, json.get("rows").size());
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertEquals("promo", config.get("columns").get("covariates").get(0).asText());
        assertEquals("promo", config.get("windows").get("covariates").get(0).get("name").asText());

        Run eval = cli("forecast", "eval", "--model", model.toString(), "--panel", panel.toString(), "--test-size",
                "8");
        assertEquals(0, eval.status(), eval.err());
        // the same model and points: the same table
        String table = trained.out().substring(trained.out().indexOf("| method"), trained.out().indexOf("metrics:"));
        assertTrue(eval.out().contains(table), eval.out() + "\nexpected\n" + table);

        Path forecast = dir.resolve("next.csv");
        Run predict = cli("forecast", "predict", "--model", model.toString(), "--panel", panel.toString(), "--output",
                forecast.toString());
        assertEquals(0, predict.status(), predict.err());
        List<String> lines = Files.readAllLines(forecast);
        assertEquals("id,step,forecast", lines.get(0));
        // every series of at least one value is forecast, the short one too
        assertEquals(1 + 7 * 4, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("shop 0,1,"), lines.get(1));
        assertTrue(lines.get(lines.size() - 1).startsWith("short,4,"), lines.toString());
        assertEquals(predict.out(), Files.readString(forecast));
    }

    @Test
    void quantileModelsScoreTheirIntervalsAndPredictQuantileColumns() throws Exception {
        Path panel = panelCsv(dir, 4, 40);
        Path model = dir.resolve("quantiles");
        Path metrics = dir.resolve("q.json");
        Run trained = cli(train(panel, model, "--test-size", "8", "--quantiles", "0.025,0.1,0.5,0.9,0.975",
                "--metrics-json", metrics.toString()).toArray(String[]::new));
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("quantiles [0.025, 0.1, 0.5, 0.9, 0.975]"), trained.out());
        assertTrue(trained.out().contains("| quantiles | all | 8 | 32 |"), trained.out());
        assertTrue(trained.out().contains("| mc-dropout | odd | 4 | 16 |"), trained.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals(6, json.get("intervals").size());
        JsonNode all = json.get("intervals").get(0);
        assertEquals("quantiles", all.get("method").asText());
        assertTrue(all.get("coverage_80").asDouble() <= all.get("coverage_95").asDouble(), all.toString());

        Run eval = cli("forecast", "eval", "--model", model.toString(), "--panel", panel.toString(), "--test-size",
                "8", "--samples", "0");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("| quantiles | even | 4 | 16 |"), eval.out());
        assertFalse(eval.out().contains("mc-dropout"), eval.out());

        Path forecast = dir.resolve("q.csv");
        Path png = dir.resolve("next.png");
        Run predict = cli("forecast", "predict", "--model", model.toString(), "--panel", panel.toString(), "--output",
                forecast.toString(), "--chart", png.toString());
        assertEquals(0, predict.status(), predict.err());
        // four shops and the short series: a grid of 3 + 2 charts
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * ForecastGrid.CELL_WIDTH, image.getWidth());
        assertEquals(2 * ForecastGrid.CELL_HEIGHT, image.getHeight());
        List<String> lines = Files.readAllLines(forecast);
        assertEquals("id,step,forecast,q0.025,q0.1,q0.5,q0.9,q0.975", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(8, cells.length, line);
            assertEquals(cells[2], cells[5], "the point forecast is the median: " + line);
            for (int k = 4; k < 8; k++) {
                assertTrue(Double.parseDouble(cells[k - 1]) <= Double.parseDouble(cells[k]), line);
            }
        }

        Run point = cli("forecast", "eval", "--model", dir.resolve("quantiles").toString(), "--csv",
                panel.toString(), "--samples", "5");
        assertEquals(2, point.status());
        assertTrue(point.err().contains("--samples: scores Monte Carlo bands of a panel model"), point.err());
    }

    @Test
    void badPanelsAndFlagsAreErrorsThatSayWhy() throws Exception {
        Path panel = panelCsv(dir, 2, 30);
        Path noId = dir.resolve("noid.csv");
        Files.writeString(noId, "store,month,sales,kind\na,2000-01,1,x\n");
        Run missingId = cli(train(noId, dir.resolve("m")).toArray(String[]::new));
        assertEquals(2, missingId.status());
        assertTrue(missingId.err().contains("noid.csv, line 1, column 'id': the series id column is missing"),
                missingId.err());

        Run singleSeriesFlag = cli(train(panel, dir.resolve("m"), "--diff").toArray(String[]::new));
        assertEquals(2, singleSeriesFlag.status());
        assertTrue(singleSeriesFlag.err().contains("--panel: these flags are for single-series models: --diff"),
                singleSeriesFlag.err());

        Path unsorted = dir.resolve("unsorted.csv");
        Files.writeString(unsorted, "id,month,sales,kind\na,2000-02,1,x\na,2000-01,2,x\n");
        Run run = cli(train(unsorted, dir.resolve("u")).toArray(String[]::new));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("unsorted.csv, line 3, column 'month': unsorted rows"), run.err());

        Path text = dir.resolve("text.csv");
        Files.writeString(text, "id,month,sales,kind\na,2000-01,1,x\na,2000-02,many,x\n");
        run = cli(train(text, dir.resolve("t")).toArray(String[]::new));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("text.csv, line 3, column 'sales': expected a finite number, found 'many'"),
                run.err());

        Path duplicate = dir.resolve("duplicate.csv");
        Files.writeString(duplicate, "id,month,sales,kind\na,2000-01,1,x\na,2000-01,2,x\n");
        run = cli(train(duplicate, dir.resolve("d")).toArray(String[]::new));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("duplicate.csv, line 3, column 'month': duplicate time '2000-01'"), run.err());

        // every series too short: skipped, then nothing is left to train on
        Path allShort = dir.resolve("short.csv");
        Files.writeString(allShort, "id,month,sales,kind\na,2000-01,1,x\na,2000-02,2,x\n");
        run = cli(train(allShort, dir.resolve("s")).toArray(String[]::new));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("1 skipped as shorter than 9 values"), run.err());
        assertTrue(run.err().contains("no series has at least 9"), run.err());

        Run noColumns = cli("forecast", "train", "--panel", panel.toString(), "--target", "sales", "--horizon", "4",
                "--out", dir.resolve("n").toString());
        assertEquals(2, noColumns.status());
        assertTrue(noColumns.err().contains("expected --id-column and --time-column"), noColumns.err());
    }

    @Test
    void m3GlobalTrainsOneNetworkPerFrequencyAndPrintsTheTable() throws Exception {
        Path sample = Path.of(ForecastPanelCliTest.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
        Path out = dir.resolve("m3");
        Run run = cli("forecast", "m3", "--data", sample.toString(), "--method", "global", "--frequencies",
                "yearly,monthly", "--epochs", "2", "--batches-per-epoch", "3", "--batch-size", "8", "--hidden", "6",
                "--quiet", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("M3, method global: 6 series"), run.out());
        assertTrue(run.out().contains("| monthly | all | 4 | 72 |"), run.out());
        assertTrue(run.out().contains("| yearly | all | 2 | 12 |"), run.out());
        assertTrue(run.out().contains("| all | all | 6 | 84 |"), run.out());
        assertTrue(Files.isDirectory(out.resolve("monthly")) && Files.isDirectory(out.resolve("yearly")));
        assertFalse(Files.exists(out.resolve("quarterly")));
        // a point forecaster with dropout: the Monte Carlo band alone
        assertTrue(run.out().contains("| mc-dropout | yearly | 2 | 12 |"), run.out());
        assertFalse(run.out().contains("| quantiles |"), run.out());

        Path json = dir.resolve("m3.json");
        Run quantiles = cli("forecast", "m3", "--data", sample.toString(), "--method", "global", "--frequencies",
                "monthly", "--epochs", "1", "--batches-per-epoch", "2", "--batch-size", "8", "--hidden", "6",
                "--quiet", "--quantiles", "0.025,0.1,0.5,0.9,0.975", "--samples", "10", "--metrics-json",
                json.toString(), "--charts", dir.resolve("charts").toString());
        assertEquals(0, quantiles.status(), quantiles.err());
        assertTrue(quantiles.out().contains("Monte Carlo dropout from 10 samples"), quantiles.out());
        assertTrue(quantiles.out().contains("| quantiles | monthly | 4 | 72 |"), quantiles.out());
        assertTrue(quantiles.out().contains("| mc-dropout | monthly | 4 | 72 |"), quantiles.out());
        JsonNode intervals = new ObjectMapper().readTree(json.toFile()).get("intervals");
        assertEquals(4, intervals.size());
        assertTrue(Double.isFinite(intervals.get(0).get("msis_95").asDouble()), intervals.toString());
        // four monthly series: a grid of 3 + 1 charts
        Path png = dir.resolve("charts/m3-monthly.png");
        assertTrue(quantiles.out().contains("chart: " + png), quantiles.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * ForecastGrid.CELL_WIDTH, image.getWidth());
        assertEquals(2 * ForecastGrid.CELL_HEIGHT, image.getHeight());
    }

    @Test
    void panelTrainingResumedAfterSigkillSavesTheSameFolder() throws Exception {
        Path panel = panelCsv(dir, 5, 36);
        List<String> jvm = List.of("-Drnn4j.kernels=scalar");
        Path straight = dir.resolve("straight");
        List<String> args = train(panel, straight, "--threads", "1");
        args.set(args.indexOf("--epochs") + 1, "30");
        args.set(args.indexOf("--batches-per-epoch") + 1, "10");
        ChildCli.Ended reference = ChildCli.run(jvm, args);
        assertEquals(0, reference.status(), reference.lines().toString());

        Path killed = dir.resolve("killed");
        List<String> killedArgs = new ArrayList<>(args);
        killedArgs.set(killedArgs.indexOf("--out") + 1, killed.toString());
        Path runFolder = killed.resolve("training");
        long[] first = {-1};
        ChildCli.Ended victim = ChildCli.runAndKill(jvm, killedArgs, lines -> {
            long step = ChildCli.latestStep(runFolder);
            if (step > 0 && first[0] < 0) {
                first[0] = step;
            }
            return first[0] > 0 && step > first[0];
        });
        assertFalse(Files.exists(killed.resolve("config.json")), "the killed run saved no model: " + victim.lines());
        List<String> resume = new ArrayList<>(killedArgs);
        resume.add("--resume");
        ChildCli.Ended resumed = ChildCli.run(jvm, resume);
        assertEquals(0, resumed.status(), resumed.lines().toString());
        assertTrue(resumed.lines().stream().anyMatch(l -> l.startsWith("resuming from")), resumed.lines().toString());
        ChildCli.assertSameFolders(straight, killed);
    }
}
