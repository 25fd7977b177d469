package dev.rnn4j.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.series.Series;

class ForecastGridTest {

    @TempDir
    Path dir;

    private static double monthStart(int index) {
        return YearMonth.of(2000, 1).plusMonths(index).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    /** 36 months of history from 2000-01 (or steps 1..36), 12 forecast months with truth and two bands. */
    private static ForecastGrid.Panel panel(String title, ForecastGrid.TimeAxis axis, double level) {
        int history = 36;
        int horizon = 12;
        double[] hx = new double[history];
        double[] hy = new double[history];
        for (int t = 0; t < history; t++) {
            hx[t] = axis == ForecastGrid.TimeAxis.DATES ? monthStart(t) : t + 1;
            hy[t] = level * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12));
        }
        double[] fx = new double[horizon];
        double[] truth = new double[horizon];
        double[] forecast = new double[horizon];
        double[] lo95 = new double[horizon];
        double[] hi95 = new double[horizon];
        double[] lo80 = new double[horizon];
        double[] hi80 = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            int t = history + k;
            fx[k] = axis == ForecastGrid.TimeAxis.DATES ? monthStart(t) : t + 1;
            truth[k] = level * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12));
            forecast[k] = truth[k] * 1.02;
            lo95[k] = forecast[k] - level * (0.2 + 0.02 * k);
            hi95[k] = forecast[k] + level * (0.2 + 0.02 * k);
            lo80[k] = forecast[k] - level * (0.12 + 0.01 * k);
            hi80[k] = forecast[k] + level * (0.12 + 0.01 * k);
        }
        return new ForecastGrid.Panel(title, axis, hx, hy, fx, truth, forecast,
                List.of(new ForecastGrid.Band("95 %", lo95, hi95), new ForecastGrid.Band("80 %", lo80, hi80)));
    }

    // the translucent band red over white (one band, or two drawn over each other), not the dashed forecast line
    private static boolean bandPixel(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r >= 230 && g >= 150 && g <= 215 && Math.abs(g - b) <= 6;
    }

    @Test
    void aGridOfPanelsDrawsEachBandOverTheForecastPartOfItsCell() throws Exception {
        List<ForecastGrid.Panel> panels = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            panels.add(panel("series " + i, i % 2 == 0 ? ForecastGrid.TimeAxis.DATES : ForecastGrid.TimeAxis.NUMBERS,
                    10 + 100 * i));
        }
        Path png = dir.resolve("grid.png");
        ForecastGrid.write(png, panels, 3);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * ForecastGrid.CELL_WIDTH, image.getWidth());
        assertEquals(2 * ForecastGrid.CELL_HEIGHT, image.getHeight());
        for (int cell = 0; cell < 5; cell++) {
            int x0 = (cell % 3) * ForecastGrid.CELL_WIDTH;
            int y0 = (cell / 3) * ForecastGrid.CELL_HEIGHT;
            int count = 0;
            int minX = Integer.MAX_VALUE;
            // the plot area: below the title, above the legend
            for (int y = y0 + 30; y < y0 + ForecastGrid.CELL_HEIGHT - 70; y++) {
                for (int x = x0; x < x0 + ForecastGrid.CELL_WIDTH; x++) {
                    if (bandPixel(image.getRGB(x, y))) {
                        count++;
                        minX = Math.min(minX, x - x0);
                    }
                }
            }
            assertTrue(count > 2000, "cell " + cell + ": " + count + " band pixels");
            // the forecast is the last 12 of 48 points: its band starts past the middle of the cell
            assertTrue(minX > ForecastGrid.CELL_WIDTH / 2, "cell " + cell + ": band from x = " + minX);
        }
        // the sixth cell of the 3 x 2 grid has no panel and stays white
        for (int y = ForecastGrid.CELL_HEIGHT; y < 2 * ForecastGrid.CELL_HEIGHT; y += 7) {
            for (int x = 2 * ForecastGrid.CELL_WIDTH; x < 3 * ForecastGrid.CELL_WIDTH; x += 7) {
                assertEquals(0xffffffff, image.getRGB(x, y), "(" + x + ", " + y + ")");
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void monthlyDatesAreDrawnInYearsLabelledAsYearsAndMonths() {
        XYChart monthly = ForecastGrid.build(panel("d", ForecastGrid.TimeAxis.DATES, 1), 400, 300);
        double[] x = monthly.getSeriesMap().get("history").getXData();
        assertEquals(2000.0, x[0], 1e-12);
        assertEquals(2000 + 31.0 / 366, x[1], 1e-12);   // 1 February of the leap year 2000
        assertEquals(2003.0, monthly.getSeriesMap().get("forecast").getXData()[0], 1e-12);
        var label = monthly.getStyler().getxAxisTickLabelsFormattingFunction();
        assertEquals("2001", label.apply(2001.0));
        assertEquals("2001-07", label.apply(2001.5));
        assertEquals("2002-03", label.apply(2002.2));
        assertEquals("2000", label.apply(1999.9999));   // within a day of 1 January 2000

        // daily points: XChart's date axis in UTC
        int n = 30;
        double[] hx = new double[n];
        double[] hy = new double[n];
        for (int t = 0; t < n; t++) {
            hx[t] = 86_400.0 * (11_000 + t);
            hy[t] = t;
        }
        XYChart daily = ForecastGrid.build(new ForecastGrid.Panel("daily", ForecastGrid.TimeAxis.DATES, hx, hy,
                new double[] {86_400.0 * 11_030}, null, new double[] {30}, List.of()), 400, 300);
        assertEquals(Series.DataType.Date, daily.getSeriesMap().get("history").getxAxisDataType());
        assertEquals("yyyy-MM-dd", daily.getStyler().getDatePattern());
        assertEquals("UTC", daily.getStyler().getTimezone().getID());
        XYChart numbered = ForecastGrid.build(panel("n", ForecastGrid.TimeAxis.NUMBERS, 1), 400, 300);
        assertEquals(Series.DataType.Number, numbered.getSeriesMap().get("history").getxAxisDataType());
        assertTrue(numbered.getSeriesMap().containsKey("interval 95 %"));

        double day = 86_400;
        assertEquals("yyyy", ForecastGrid.datePattern(new double[] {0, 365 * day}, new double[] {730 * day}));
        assertEquals("yyyy-MM-dd", ForecastGrid.datePattern(new double[] {0, day}, new double[] {2 * day}));
        assertEquals("yyyy-MM-dd HH:mm", ForecastGrid.datePattern(new double[] {0, 3600}, new double[] {7200}));
    }

    @Test
    void onePanelIsDrawnAtTheSizeOfTheOtherCharts() throws Exception {
        Path png = dir.resolve("one.png");
        ForecastGrid.write(png, panel("one", ForecastGrid.TimeAxis.DATES, 5));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        long band = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = image.getWidth() / 2; x < image.getWidth(); x++) {
                band += bandPixel(image.getRGB(x, y)) ? 1 : 0;
            }
        }
        assertTrue(band > 2000, band + " band pixels");
    }

    @Test
    void badPanelsAreRefusedNamingTheArray() {
        ForecastGrid.Panel good = panel("g", ForecastGrid.TimeAxis.NUMBERS, 1);
        ForecastGrid.Panel crossed = new ForecastGrid.Panel("c", ForecastGrid.TimeAxis.NUMBERS, good.historyX(),
                good.history(), good.forecastX(), null, good.forecast(),
                List.of(new ForecastGrid.Band("80 %", good.bands().get(0).upper(), good.bands().get(0).lower())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastGrid.build(crossed, 400, 300));
        assertTrue(e.getMessage().startsWith("lower[0]: expected <= upper[0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ForecastGrid.write(dir.resolve("x.png"), List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> ForecastGrid.write(dir.resolve("x.png"), List.of(good),
                0));
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
