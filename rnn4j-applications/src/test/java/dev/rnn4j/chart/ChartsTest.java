package dev.rnn4j.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ChartsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private static Map<String, double[]> learningCurves() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train loss", new double[] {1.2, 0.9, 0.7, 0.55, 0.5, 0.46});
        series.put("validation loss", new double[] {1.25, 1.0, 0.8, 0.7, 0.68, 0.69});
        return series;
    }

    private static BufferedImage readPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > PNG_SIGNATURE.length, "PNG too short: " + bytes.length);
        byte[] head = new byte[PNG_SIGNATURE.length];
        System.arraycopy(bytes, 0, head, 0, head.length);
        assertArrayEquals(PNG_SIGNATURE, head, "PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO could not decode " + png);
        return image;
    }

    /** Number of distinct colours in a coarse sample: a blank image has 1, a chart many. */
    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getHeight() / 4)
                .flatMap(row -> java.util.stream.IntStream.range(0, image.getWidth() / 4)
                        .map(col -> image.getRGB(col * 4, row * 4)))
                .distinct().count();
    }

    @Test
    void lineChartWritesAValidPngOfTheAgreedSize() throws IOException {
        Path png = dir.resolve("curves.png");
        Charts.lineChart(png, "Learning curves", "epoch", "loss", learningCurves(), null, false);
        BufferedImage image = readPng(png);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 5, "the image looks blank");
    }

    @Test
    void logYChartWithSharedXAndManyPoints() throws IOException {
        // gradient norm decaying over 200 steps of distance, as the vanishing-gradient demo plots it
        int n = 200;
        double[] distance = new double[n];
        double[] rnn = new double[n];
        double[] lstm = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = i;
            rnn[i] = Math.pow(0.9, i);
            lstm[i] = 0.5 * Math.pow(0.995, i);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("RNN", rnn);
        series.put("LSTM", lstm);
        Path png = dir.resolve("nested/dir/gradients.png");
        Charts.lineChart(png, "Gradient norm vs distance", "distance (steps)", "||dL/dh_t||", series, distance, true);
        BufferedImage image = readPng(png);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
    }

    @Test
    void logYOverManyDecadesIsDrawnAsLog10WithPowerOfTenLabels() throws IOException {
        // a vanilla RNN's gradient norm can fall 0.6x per step: 200 steps span 44 decades
        int n = 200;
        double[] rnn = new double[n];
        for (int i = 0; i < n; i++) {
            rnn[i] = Math.pow(0.6, i);
        }
        XYChart chart = Charts.buildLineChart("g", "distance", "norm", Map.of("RNN", rnn), null, true);
        assertFalse(chart.getStyler().isYAxisLogarithmic(), "native log axis beyond 12 decades");
        double[] plotted = chart.getSeriesMap().get("RNN").getYData();
        assertEquals(0.0, plotted[0], 0.0);
        assertEquals(199 * Math.log10(0.6), plotted[199], 1e-9);
        assertEquals("1E-20", chart.getStyler().getyAxisTickLabelsFormattingFunction().apply(-20.0));
        Path png = dir.resolve("decades.png");
        Charts.writePng(png, chart);
        assertEquals(Charts.HEIGHT, readPng(png).getHeight());

        XYChart narrow = Charts.buildLineChart("g", "x", "y", Map.of("a", new double[] {1e-3, 1}), null, true);
        assertTrue(narrow.getStyler().isYAxisLogarithmic(), "native log axis for 3 decades");
    }

    @Test
    void powerOfTenLabels() {
        assertEquals("1", Charts.powerOfTenLabel(0));
        assertEquals("0.001", Charts.powerOfTenLabel(-3));
        assertEquals("1000", Charts.powerOfTenLabel(3));
        assertEquals("1E-4", Charts.powerOfTenLabel(-4));
        assertEquals("1E-35", Charts.powerOfTenLabel(-35.0000000001));
        assertEquals("3.2E-08", Charts.powerOfTenLabel(-7.5)); // 10^-7.5 = 3.16e-8
    }

    @Test
    void forecastChartWithAndWithoutBand() throws IOException {
        int history = 60;
        int horizon = 20;
        double[] historyX = new double[history];
        double[] historyY = new double[history];
        for (int i = 0; i < history; i++) {
            historyX[i] = i;
            historyY[i] = Math.sin(i / 6.0) * 10 + 20;
        }
        double[] forecastX = new double[horizon];
        double[] truth = new double[horizon];
        double[] forecast = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            double t = history + i;
            forecastX[i] = t;
            truth[i] = Math.sin(t / 6.0) * 10 + 20;
            forecast[i] = Math.sin(t / 6.0) * 9 + 20.5;
            lower[i] = forecast[i] - 1 - 0.15 * i;
            upper[i] = forecast[i] + 1 + 0.15 * i;
        }
        Path withBand = dir.resolve("forecast.png");
        Charts.forecastChart(withBand, "Forecast", historyX, historyY, forecastX, truth, forecast, lower, upper);
        BufferedImage image = readPng(withBand);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());

        Path noBandNoTruth = dir.resolve("forecast-plain.png");
        Charts.forecastChart(noBandNoTruth, "Forecast", historyX, historyY, forecastX, null, forecast, null, null);
        assertEquals(Charts.HEIGHT, readPng(noBandNoTruth).getHeight());
    }

    @Test
    void panelsPutChartsSideBySide() throws IOException {
        XYChart left = Charts.buildLineChart("Learning curves", "epoch", "loss", learningCurves(), null, false);
        XYChart right = Charts.buildLineChart("Gradient norm", "distance", "norm",
                Map.of("GRU", new double[] {1, 0.5, 0.25, 0.125}), new double[] {1, 2, 3, 4}, true);
        Path png = dir.resolve("panels.png");
        Charts.panels(png, List.of(left, right));
        BufferedImage image = readPng(png);
        assertEquals(2 * Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Charts.panels(dir.resolve("x.png"), List.of()));
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path png = dir.resolve("curves.png");
        Files.writeString(png, "old contents, not a PNG");
        Charts.lineChart(png, "t", "x", "y", learningCurves(), null, false);
        assertEquals(Charts.WIDTH, readPng(png).getWidth());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void nanOrEmptySeriesIsRejectedClearly() {
        Path png = dir.resolve("bad.png");
        Map<String, double[]> withNaN = new LinkedHashMap<>();
        withNaN.put("train loss", new double[] {1.0, Double.NaN, 0.5});
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", withNaN, null, false));
        assertEquals("series 'train loss'[1]: expected a finite number, got NaN", nan.getMessage());

        Map<String, double[]> empty = Map.of("validation loss", new double[0]);
        IllegalArgumentException emptySeries = assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", empty, null, false));
        assertEquals("series 'validation loss': expected at least one value, got an empty array",
                emptySeries.getMessage());

        IllegalArgumentException noSeries = assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", Map.of(), null, false));
        assertEquals("seriesY: expected at least one series, got an empty map", noSeries.getMessage());

        IllegalArgumentException forecastNaN = assertThrows(IllegalArgumentException.class,
                () -> Charts.forecastChart(png, "t", new double[] {0, 1}, new double[] {1, 2},
                        new double[] {2, 3}, null, new double[] {3, Double.NaN}, null, null));
        assertEquals("forecast[1]: expected a finite number, got NaN", forecastNaN.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Charts.forecastChart(png, "t", new double[0], new double[0],
                        new double[] {2, 3}, null, new double[] {3, 4}, null, null));
        assertFalse(Files.exists(png), "nothing is written for bad data");
    }

    @Test
    void otherBadDataIsRejectedWithTheArgumentName() {
        Path png = dir.resolve("bad.png");
        IllegalArgumentException logZero = assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", Map.of("RNN", new double[] {1e-3, 0.0}), null, true));
        assertTrue(logZero.getMessage().startsWith("series 'RNN'[1]: expected > 0 on a logarithmic y axis, got 0.0"),
                logZero.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", Map.of("a", new double[] {1, 2, 3}),
                        new double[] {0, 1}, false));
        assertEquals("series 'a': expected 2 values (the length of x), got 3", length.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, "t", "x", "y", Map.of("a", new double[] {1}),
                        new double[] {Double.POSITIVE_INFINITY}, false));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(null, "t", "x", "y", Map.of("a", new double[] {1}), null, false));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lineChart(png, null, "x", "y", Map.of("a", new double[] {1}), null, false));
        IllegalArgumentException oneEdge = assertThrows(IllegalArgumentException.class,
                () -> Charts.forecastChart(png, "t", new double[] {0}, new double[] {1},
                        new double[] {1}, null, new double[] {2}, new double[] {1.5}, null));
        assertEquals("upper: expected both band edges or neither, got only lower", oneEdge.getMessage());
        IllegalArgumentException crossed = assertThrows(IllegalArgumentException.class,
                () -> Charts.forecastChart(png, "t", new double[] {0}, new double[] {1},
                        new double[] {1}, null, new double[] {2}, new double[] {3}, new double[] {1}));
        assertEquals("lower[0]: expected <= upper[0] = 1.0, got 3.0", crossed.getMessage());
        IllegalArgumentException truthLength = assertThrows(IllegalArgumentException.class,
                () -> Charts.forecastChart(png, "t", new double[] {0}, new double[] {1},
                        new double[] {1, 2}, new double[] {1}, new double[] {2, 3}, null, null));
        assertEquals("truth: expected 2 values (the length of forecastX), got 1", truthLength.getMessage());
        assertFalse(Files.exists(png));
    }

    @Test
    void runsHeadless() {
        Charts.buildLineChart("t", "x", "y", Map.of("a", new double[] {1}), null, false); // initialises Charts
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
    }
}
