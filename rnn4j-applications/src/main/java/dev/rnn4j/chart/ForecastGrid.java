package dev.rnn4j.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Forecast charts with time on the x axis and prediction intervals as bands, one per series, laid out in a grid in
 * one PNG (a panel of many series, or the test parts of M3).
 *
 * <p>Each chart shows the end of the history (grey), the true continuation when known (blue), the forecast (red,
 * dashed) and its intervals as translucent red bands, widest first, so a narrower band drawn over a wider one
 * shows darker. The x axis is dates when the panel's x values are times ({@link TimeAxis#DATES}: seconds since
 * 1970-01-01T00:00 UTC), or plain numbers such as step indices ({@link TimeAxis#NUMBERS}).
 *
 * <p>Dates of yearly, quarterly or monthly points are drawn on a number axis in years (1990.5 is the middle of
 * 1990) whose ticks are labelled {@code 1990} at the start of a year and {@code 1990-07} within one: XChart's
 * date axis spaces yearly ticks by a fixed number of milliseconds from 1970, so they drift off 1 January and
 * would label a tick before 1 January 1990 as 1989. Daily and finer points use XChart's date axis (in UTC),
 * labelled {@code yyyy-MM-dd} or {@code yyyy-MM-dd HH:mm}.
 */
public final class ForecastGrid {

    /** Width in pixels of one chart of the grid. */
    public static final int CELL_WIDTH = 560;
    /** Height in pixels of one chart of the grid. */
    public static final int CELL_HEIGHT = 380;
    /** The most charts one grid holds. */
    public static final int MAX_PANELS = 64;

    private static final Color HISTORY_COLOR = new Color(0x55, 0x55, 0x55);
    private static final Color TRUTH_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color FORECAST_COLOR = new Color(0xd6, 0x27, 0x28);
    /** Translucent: a band drawn over another shows darker. */
    static final Color BAND_COLOR = new Color(0xd6, 0x27, 0x28, 0x40);

    /** What the x values are. */
    public enum TimeAxis {
        /** Plain numbers (step indices, years as numbers). */
        NUMBERS,
        /** Times as seconds since 1970-01-01T00:00 UTC, drawn as dates. */
        DATES
    }

    /**
     * A prediction interval over the forecast points.
     *
     * @param label e.g. "95 %"
     * @param lower (H) the lower edge
     * @param upper (H) the upper edge, {@code lower[k] <= upper[k]}
     */
    public record Band(String label, double[] lower, double[] upper) {
    }

    /**
     * One chart of the grid.
     *
     * @param title     the chart's title, e.g. the series id
     * @param axis      what the x values are
     * @param historyX  (T) x of the history points
     * @param history   (T) the history
     * @param forecastX (H) x of the forecast points
     * @param truth     (H) the true values, or null when not known
     * @param forecast  (H) the point forecast
     * @param bands     the intervals, widest first (may be empty)
     */
    public record Panel(String title, TimeAxis axis, double[] historyX, double[] history, double[] forecastX,
                        double[] truth, double[] forecast, List<Band> bands) {
        public Panel {
            bands = bands == null ? List.of() : List.copyOf(bands);
        }
    }

    private ForecastGrid() {
    }

    /**
     * The chart of one panel, {@code width} x {@code height} pixels; the data are checked as
     * {@link Charts#buildForecastChart} checks them, each band as its lower and upper edge.
     *
     * @throws IllegalArgumentException naming the array and index of bad data
     */
    public static XYChart build(Panel panel, int width, int height) {
        if (panel == null) {
            throw new IllegalArgumentException("panel: expected a panel, got null");
        }
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("width, height: expected at least 100 pixels each, got " + width
                    + " x " + height);
        }
        if (panel.axis() == null) {
            throw new IllegalArgumentException("axis: expected NUMBERS or DATES, got null");
        }
        // the checks of the single forecast chart, band by band (the first call to Charts also makes AWT headless)
        Charts.checkForecastData(panel.title(), panel.historyX(), panel.history(), panel.forecastX(), panel.truth(),
                panel.forecast(), null, null);
        for (int b = 0; b < panel.bands().size(); b++) {
            Band band = panel.bands().get(b);
            if (band == null || band.label() == null) {
                throw new IllegalArgumentException("bands[" + b + "]: expected a band with a label, got " + band);
            }
            Charts.checkForecastData(panel.title(), panel.historyX(), panel.history(), panel.forecastX(), null,
                    panel.forecast(), band.lower(), band.upper());
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(panel.title()).xAxisTitle("")
                .yAxisTitle("").build();
        XYStyler styler = chart.getStyler();
        // below the plot, so the legend never hides a curve or a band
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        styler.setTimezone(TimeZone.getTimeZone("UTC"));
        boolean dates = panel.axis() == TimeAxis.DATES;
        String pattern = dates ? datePattern(panel.historyX(), panel.forecastX()) : null;
        boolean years = dates && (pattern.equals("yyyy") || pattern.equals("yyyy-MM"));
        boolean dateAxis = dates && !years;
        double[] historyX = years ? decimalYears(panel.historyX()) : panel.historyX();
        double[] forecastX = years ? decimalYears(panel.forecastX()) : panel.forecastX();
        if (years) {
            styler.setxAxisTickLabelsFormattingFunction(ForecastGrid::yearLabel);
        } else if (dates) {
            styler.setDatePattern(pattern);
        }
        for (Band band : panel.bands()) {
            // one closed polygon: along the upper edge forwards, back along the lower edge
            int n = forecastX.length;
            double[] polygonX = new double[2 * n];
            double[] polygonY = new double[2 * n];
            for (int i = 0; i < n; i++) {
                polygonX[i] = forecastX[i];
                polygonY[i] = band.upper()[i];
                polygonX[2 * n - 1 - i] = forecastX[i];
                polygonY[2 * n - 1 - i] = band.lower()[i];
            }
            XYSeries s = add(chart, "interval " + band.label(), polygonX, polygonY, dateAxis);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            s.setFillColor(BAND_COLOR);
            s.setLineColor(BAND_COLOR);
        }
        XYSeries history = add(chart, "history", historyX, panel.history(), dateAxis);
        history.setLineColor(HISTORY_COLOR);
        history.setLineWidth(1.5f);
        if (panel.truth() != null) {
            XYSeries truth = add(chart, "truth", forecastX, panel.truth(), dateAxis);
            truth.setLineColor(TRUTH_COLOR);
            truth.setLineWidth(1.5f);
        }
        XYSeries forecast = add(chart, "forecast", forecastX, panel.forecast(), dateAxis);
        forecast.setLineColor(FORECAST_COLOR);
        forecast.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f));
        return chart;
    }

    /**
     * Writes the panels as a grid of {@code columns} charts per row, each {@link #CELL_WIDTH} x
     * {@link #CELL_HEIGHT} pixels, in reading order, atomically (see {@link Charts}); cells after the last panel
     * stay white.
     *
     * @param columns charts per row, at least 1 (fewer are used when there are fewer panels)
     * @throws IllegalArgumentException if there are no panels or more than {@link #MAX_PANELS}, or bad data
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, List<Panel> panels, int columns) throws IOException {
        if (png == null || png.getFileName() == null) {
            throw new IllegalArgumentException("png: expected a file path, got " + png);
        }
        if (panels == null || panels.isEmpty() || panels.size() > MAX_PANELS) {
            throw new IllegalArgumentException("panels: expected 1 to " + MAX_PANELS + " panels, got "
                    + (panels == null ? "null" : panels.size()));
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns: expected at least 1, got " + columns);
        }
        List<XYChart> charts = new ArrayList<>(panels.size());
        for (Panel p : panels) {
            charts.add(build(p, CELL_WIDTH, CELL_HEIGHT));
        }
        int cols = Math.min(columns, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * CELL_WIDTH, rows * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * CELL_WIDTH,
                        (i / cols) * CELL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        Charts.writeAtomically(png, out -> ImageIO.write(grid, "png", out));
    }

    /**
     * Writes one panel as a chart of {@link Charts#WIDTH} x {@link Charts#HEIGHT} pixels, atomically.
     *
     * @throws IllegalArgumentException for a null path or bad data
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, Panel panel) throws IOException {
        if (png == null || png.getFileName() == null) {
            throw new IllegalArgumentException("png: expected a file path, got " + png);
        }
        Charts.writePng(png, build(panel, Charts.WIDTH, Charts.HEIGHT));
    }

    // a series with numbers or dates as x; lines without markers
    private static XYSeries add(XYChart chart, String name, double[] x, double[] y, boolean dates) {
        XYSeries s;
        if (dates) {
            List<Date> times = new ArrayList<>(x.length);
            for (double seconds : x) {
                times.add(Date.from(Instant.ofEpochMilli(Math.round(seconds * 1000))));
            }
            s = chart.addSeries(name, times, Arrays.stream(y).boxed().toList());
        } else {
            s = chart.addSeries(name, x.clone(), y.clone());
        }
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Times (seconds since 1970-01-01T00:00 UTC) as years: the year plus the elapsed share of it. */
    static double[] decimalYears(double[] epochSeconds) {
        double[] out = new double[epochSeconds.length];
        for (int i = 0; i < out.length; i++) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.round(epochSeconds[i]), 0, ZoneOffset.UTC);
            double start = LocalDate.of(t.getYear(), 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            double next = LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            out[i] = t.getYear() + (Math.round(epochSeconds[i]) - start) / (next - start);
        }
        return out;
    }

    /** The label of a tick at a decimal year: {@code 1990} within a day of 1 January, else the month, 1990-07. */
    static String yearLabel(double year) {
        int y = (int) Math.floor(year);
        LocalDate first = LocalDate.of(y, 1, 1);
        double days = (year - y) * first.lengthOfYear();
        if (days < 1 || days > first.lengthOfYear() - 1) {
            return Integer.toString((int) Math.round(year));
        }
        LocalDate date = first.plusDays((long) Math.floor(days));
        return String.format(Locale.ROOT, "%d-%02d", date.getYear(), date.getMonthValue());
    }

    /** The tick label pattern for points this far apart: years, months, days, or minutes. */
    static String datePattern(double[] historyX, double[] forecastX) {
        double[] all = new double[historyX.length + forecastX.length];
        System.arraycopy(historyX, 0, all, 0, historyX.length);
        System.arraycopy(forecastX, 0, all, historyX.length, forecastX.length);
        Arrays.sort(all);
        double step = Double.POSITIVE_INFINITY;
        for (int i = 1; i < all.length; i++) {
            if (all[i] > all[i - 1]) {
                step = Math.min(step, all[i] - all[i - 1]);
            }
        }
        double day = 86_400;
        if (step >= 360 * day) {
            return "yyyy";
        }
        if (step >= 28 * day) {
            return "yyyy-MM";
        }
        return step >= day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm";
    }
}
