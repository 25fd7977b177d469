package dev.rnn4j.forecast.panel;

import dev.rnn4j.series.SeriesFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class M3EvaluationTest {

    static Path sample() throws URISyntaxException {
        return Path.of(M3EvaluationTest.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
    }

    @Test
    void loadsTheSampleWithTheOfficialHorizonsAndPeriods() throws Exception {
        List<M3Series> all = M3Data.load(sample(), M3Data.FREQUENCIES);
        assertEquals(10, all.size());
        M3Series n1 = all.get(0);
        assertEquals("N1", n1.id());
        assertEquals(14, n1.train().length);
        assertEquals(6, n1.horizon());
        assertEquals(1, n1.period());
        assertEquals(940.66, n1.train()[0]);
        assertEquals(5379.75, n1.test()[0]);
        for (M3Series s : all) {
            int h = switch (s.frequency()) {
                case "yearly" -> 6;
                case "monthly" -> 18;
                default -> 8;
            };
            assertEquals(h, s.horizon(), s.id());
            assertEquals(s.frequency().equals("monthly") ? 12 : s.frequency().equals("quarterly") ? 4 : 1,
                    s.period(), s.id());
        }
        List<M3Series> monthly = M3Data.load(sample(), List.of("monthly"));
        assertEquals(List.of("N1402", "N1403", "N1876", "N2210"), monthly.stream().map(M3Series::id).toList());
        assertEquals(List.of("MICRO", "MICRO", "INDUSTRY", "MACRO"),
                monthly.stream().map(M3Series::category).toList());
    }

    @Test
    void metricsFollowTheirFormulas() {
        double[] y = {100, 200};
        double[] f = {110, -50};
        // M3: the negative forecast becomes 0, so the second point scores 200 %
        assertEquals(100 * (10.0 / 210 + 1), M3Metrics.smape(y, f), 1e-12);
        assertEquals(100 * (10.0 / 210 + 250.0 / 250), M3Metrics.smapeAbs(y, f), 1e-12);
        // scale: mean |x_t - x_{t-2}| over t = 2, 3 = (2 + 4) / 2 = 3; mean error (10 + 250) / 2 = 130
        assertEquals(130.0 / 3, M3Metrics.mase(new double[] {1, 5, 3, 9}, y, f, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> M3Metrics.smape(y, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> M3Metrics.mase(new double[2], y, f, 2));
    }

    @Test
    void tableHasFrequencyCategoryAndPointWeightedAllRows() throws Exception {
        List<M3Evaluation.SeriesScore> scores = M3Evaluation.score(M3Data.load(sample(), M3Data.FREQUENCIES),
                ClassicalMethod.THETA);
        List<M3Evaluation.Row> rows = M3Evaluation.table(scores);
        List<String> labels = rows.stream().map(r -> r.frequency() + "/" + r.category()).toList();
        assertEquals(List.of("yearly/all", "yearly/MICRO", "quarterly/all", "quarterly/MICRO", "monthly/all",
                "monthly/MICRO", "monthly/INDUSTRY", "monthly/MACRO", "other/all", "other/MICRO", "all/all"), labels);
        M3Evaluation.Row all = rows.get(rows.size() - 1);
        assertEquals(10, all.series());
        assertEquals(2 * 6 + 2 * 8 + 4 * 18 + 2 * 8, all.points());
        double weighted = 0;
        double mase = 0;
        for (M3Evaluation.SeriesScore s : scores) {
            weighted += s.smape() * s.series().horizon();
            mase += s.mase();
            assertTrue(Double.isFinite(s.smape()) && s.smape() >= 0, s.series().id());
        }
        assertEquals(weighted / all.points(), all.smape(), 1e-9);
        assertEquals(mase / 10, all.mase(), 1e-9);
        M3Evaluation.Row industry = rows.get(6);
        assertEquals(1, industry.series());
        assertEquals(scores.get(6).smape(), industry.smape(), 1e-12);
        String markdown = M3Evaluation.markdown(rows);
        assertTrue(markdown.startsWith("| frequency | category | series | points | sMAPE | sMAPE (abs) | MASE |"));
        assertEquals(rows.size() + 2, markdown.split("\n").length);
    }

    @Test
    void seasonalNaiveOnTheSampleEqualsTheLastSeasonRepeated() throws Exception {
        List<M3Evaluation.SeriesScore> scores = M3Evaluation.score(M3Data.load(sample(), List.of("quarterly")),
                ClassicalMethod.SEASONAL_NAIVE);
        M3Series n646 = scores.get(0).series();
        double[] x = n646.train();
        double[] last = java.util.Arrays.copyOfRange(x, x.length - 4, x.length);
        double[] expected = new double[8];
        for (int k = 0; k < 8; k++) {
            expected[k] = last[k % 4];
        }
        assertArrayEquals(expected, scores.get(0).forecast());
    }

    @Test
    void thetaReproducesTheStatsmodelsReferenceOnTheSample() throws Exception {
        // theta-reference.csv: forecasts of the M3 anchor script's theta_an (statsmodels 0.13.5), see README.md
        Path reference = sample().resolve("theta-reference.csv");
        java.util.Map<String, double[]> expected = new java.util.HashMap<>();
        java.util.Map<String, Boolean> seasonal = new java.util.HashMap<>();
        for (String line : Files.readAllLines(reference).subList(1, Files.readAllLines(reference).size())) {
            String[] cells = line.split(",");
            double[] f = expected.computeIfAbsent(cells[0], k -> new double[18]);
            f[Integer.parseInt(cells[2]) - 1] = Double.parseDouble(cells[3]);
            seasonal.put(cells[0], cells[1].equals("1"));
        }
        List<M3Series> all = M3Data.load(sample(), M3Data.FREQUENCIES);
        assertEquals(10, expected.size());
        for (M3Series s : all) {
            assertEquals(seasonal.get(s.id()), Seasonality.isSeasonal(s.train(), s.period()), s.id());
            double[] f = ClassicalMethod.THETA.forecast(s.train(), s.horizon(), s.period());
            double[] want = java.util.Arrays.copyOf(expected.get(s.id()), s.horizon());
            for (int k = 0; k < f.length; k++) {
                // the SES weight is found by different searches here and in statsmodels
                assertEquals(want[k], f[k], 1e-4 * Math.abs(want[k]), s.id() + " k = " + (k + 1));
            }
        }
    }

    @Test
    void badFoldersAndInconsistentFilesAreReported(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> M3Data.load(dir, List.of("yearly")));
        assertTrue(missing.getMessage().contains("m3-info.csv"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> M3Data.load(sample(), List.of("weekly")));
        copySample(dir);
        // drop the last test row of N2: its length no longer matches h = 6
        Path test = dir.resolve("m3-yearly-test.csv");
        List<String> lines = Files.readAllLines(test);
        Files.write(test, lines.subList(0, lines.size() - 1));
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> M3Data.load(dir, List.of("yearly")));
        assertTrue(e.getMessage().startsWith("m3-yearly-test.csv, line 8: series 'N2': expected 6 values"),
                e.getMessage());
    }

    /**
     * The fuzz seeds {@code M3DataFuzzTestInputs/loadsOrFailsClearly/info-not-utf8}, {@code info-open-quote} and
     * {@code info-short-row}, which escaped as a {@code MalformedInputException}, an {@code UncheckedIOException}
     * and commons-csv's {@code IllegalArgumentException} without the file's name, a quote in the header that never
     * closes (found by fuzzing) and a blank header name.
     */
    @Test
    void aMalformedInfoFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        copySample(dir);
        Path info = dir.resolve("m3-info.csv");
        byte[] valid = Files.readAllBytes(info);
        String text = new String(valid, java.nio.charset.StandardCharsets.UTF_8);
        byte[] notUtf8 = valid.clone();
        notUtf8[text.indexOf("MICRO")] = (byte) 0xff;
        Files.write(info, notUtf8);
        assertInfoError(dir, "m3-info.csv: not UTF-8 text");
        Files.writeString(info, text.replace("N2,Y2", "\"N2,Y2"));
        assertInfoError(dir, "m3-info.csv, line 3: malformed CSV");
        Files.writeString(info, text + "N4,Y4,yearly\n");
        assertInfoError(dir, "m3-info.csv, line 12, column 'category': expected 10 fields as in the header, found 3");
        // the fuzzer's crash-info-header-open-quote: the quote is in the header, which commons-csv reads at once
        Files.writeString(info, "\"series_id,st\n");
        assertInfoError(dir, "m3-info.csv, line 1: malformed CSV");
        Files.writeString(info, text.replace(",st,", ",,"));
        assertInfoError(dir, "m3-info.csv, line 1: bad header: ");
    }

    /**
     * The fuzz seeds {@code info-n-train-two-billion} and {@code info-h-two-billion}: a count of 10 digits is refused
     * while m3-info.csv is read, and a count of up to 9 digits sizes nothing (the loader compares it with the rows
     * it has read).
     */
    @Test
    void countsOfTwoBillionAreRefusedAndSmallerOnesAllocateNothing(@TempDir Path dir) throws Exception {
        copySample(dir);
        Path info = dir.resolve("m3-info.csv");
        String text = Files.readString(info);
        Files.writeString(info, text.replace("N1,Y1,yearly,MICRO,20,14,6", "N1,Y1,yearly,MICRO,20,2000000000,6"));
        assertInfoError(dir, "m3-info.csv, line 2, column 'n_train': expected a whole number, found '2000000000'");
        Files.writeString(info, text.replace("N1,Y1,yearly,MICRO,20,14,6", "N1,Y1,yearly,MICRO,20,14,2000000000"));
        assertInfoError(dir, "m3-info.csv, line 2, column 'h': expected a whole number, found '2000000000'");
        Files.writeString(info, text.replace("N1,Y1,yearly,MICRO,20,14,6", "N1,Y1,yearly,MICRO,20,14,999999999"));
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> M3Data.load(dir, List.of("yearly")));
        assertTrue(e.getMessage().startsWith("m3-yearly-test.csv, line 2: series 'N1': expected 999999999 values"),
                e.getMessage());
    }

    private static void assertInfoError(Path dir, String start) {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> M3Data.load(dir, List.of("yearly")));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    private static void copySample(Path dir) throws IOException, URISyntaxException {
        try (var files = Files.list(sample())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }
}
