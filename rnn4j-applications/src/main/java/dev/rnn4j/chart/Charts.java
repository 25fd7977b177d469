package dev.rnn4j.chart;

import dev.rnn4j.io.TemporarySiblings;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts drawn with XChart: learning curves, gradient norms against distance, forecasts.
 *
 * <p>Each {@code *Chart} method validates its data, draws a {@value #WIDTH} x {@value #HEIGHT}
 * pixel chart and writes it atomically: the PNG goes to a temporary file in the target's directory,
 * which is then renamed over {@code png}, so a reader never sees a half-written file. The parent
 * directory is created if missing. The matching {@code build*} methods return the chart instead,
 * for {@link #panels(Path, List)}, which puts several charts side by side in one PNG.
 *
 * <p>Rendering needs no display: {@code java.awt.headless} is set to {@code true} before the first
 * chart is drawn unless the property was already set (it only takes effect if AWT has not started yet).
 *
 * <p>Bad data is rejected with an {@link IllegalArgumentException} naming the series and index:
 * empty series, NaN or infinite values, mismatched lengths, and values &le; 0 on a logarithmic axis.
 */
public final class Charts {

    /** Width in pixels of one chart. */
    public static final int WIDTH = 800;
    /** Height in pixels of one chart. */
    public static final int HEIGHT = 600;

    /** Beyond this many decades a log y axis is drawn as log10(y) on a linear axis (see buildLineChart). */
    private static final double MAX_NATIVE_LOG_DECADES = 12;

    /** Above this many points a line is drawn without markers, which would otherwise smear it. */
    private static final int MAX_POINTS_WITH_MARKERS = 40;

    private static final SecureRandom TEMP_NAMES = new SecureRandom();

    private static final Color HISTORY_COLOR = new Color(0x55, 0x55, 0x55);
    private static final Color TRUTH_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color FORECAST_COLOR = new Color(0xd6, 0x27, 0x28);
    private static final Color BAND_COLOR = new Color(0xd6, 0x27, 0x28, 0x40);

    static {
        // before any AWT rendering class asks GraphicsEnvironment whether a display exists
        ensureHeadless();
    }

    private Charts() {
    }

    /**
     * Writes a line chart: one line per entry of {@code seriesY}, e.g. the training and validation
     * loss per epoch, or the gradient norm against the distance in time steps.
     *
     * @param png output file, replaced if it exists
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param seriesY series name &rarr; y values; drawn and listed in the legend in the map's
     *        iteration order (use a {@link java.util.LinkedHashMap} to choose it)
     * @param x shared x values, each series having the same length; or null for {@code 0 .. n-1}
     *        per series (series may then differ in length)
     * @param logY whether the y axis is logarithmic (all y values must then be &gt; 0). Up to 12
     *        decades XChart's log axis is used; beyond that (e.g. a vanishing gradient falling to
     *        1e-40) log10(y) is plotted on a linear axis whose ticks read as powers of ten
     *        ("1E-20"), because XChart's per-decade labels would overlap
     * @throws IllegalArgumentException if an argument is null (other than {@code x}), {@code seriesY}
     *         is empty, a series is empty or contains NaN/infinite values, lengths mismatch, or
     *         {@code logY} and a value is &le; 0
     * @throws IOException if the file cannot be written
     */
    public static void lineChart(Path png, String title, String xLabel, String yLabel,
                                 Map<String, double[]> seriesY, double[] x, boolean logY) throws IOException {
        checkPath(png);
        writePng(png, buildLineChart(title, xLabel, yLabel, seriesY, x, logY));
    }

    /**
     * The chart {@link #lineChart} writes, without writing it (for {@link #panels} or restyling);
     * same arguments and checks. The data arrays are copied.
     */
    public static XYChart buildLineChart(String title, String xLabel, String yLabel,
                                         Map<String, double[]> seriesY, double[] x, boolean logY) {
        checkText("title", title);
        checkText("xLabel", xLabel);
        checkText("yLabel", yLabel);
        if (seriesY == null || seriesY.isEmpty()) {
            throw new IllegalArgumentException("seriesY: expected at least one series, got "
                    + (seriesY == null ? "null" : "an empty map"));
        }
        if (x != null) {
            checkValues("x", x, false);
        }
        for (Map.Entry<String, double[]> entry : seriesY.entrySet()) {
            String name = entry.getKey();
            if (name == null) {
                throw new IllegalArgumentException("seriesY: expected a name for every series, got a null key");
            }
            double[] y = entry.getValue();
            checkValues("series '" + name + "'", y, logY);
            if (x != null && y.length != x.length) {
                throw new IllegalArgumentException("series '" + name + "': expected " + x.length
                        + " values (the length of x), got " + y.length);
            }
        }
        ensureHeadless();
        XYChart chart = newChart(title, xLabel, yLabel);
        // XChart's logarithmic axis labels every decade and draws nine minor lines per decade, which
        // turns into a black smear beyond about a dozen decades (a vanishing gradient easily spans
        // 40). There the chart plots log10(y) on a linear axis and labels the ticks as powers of 10.
        boolean log10Axis = logY && decadesSpanned(seriesY) > MAX_NATIVE_LOG_DECADES;
        chart.getStyler().setYAxisLogarithmic(logY && !log10Axis);
        if (log10Axis) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(Charts::powerOfTenLabel);
        }
        for (Map.Entry<String, double[]> entry : seriesY.entrySet()) {
            double[] y = entry.getValue().clone();
            if (log10Axis) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.log10(y[i]);
                }
            }
            double[] xs = x != null ? x : indices(y.length);
            XYSeries series = chart.addSeries(entry.getKey(), xs.clone(), y);
            series.setLineWidth(2f);
            if (y.length > MAX_POINTS_WITH_MARKERS) {
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /**
     * Writes a forecast chart: the history (grey), the true continuation (blue), the forecast (red,
     * dashed) and, if given, the band between {@code lower} and {@code upper} (translucent red).
     *
     * @param png output file, replaced if it exists
     * @param title chart title
     * @param historyX x of the history points (e.g. time index)
     * @param history observed values before the forecast, same length as {@code historyX}
     * @param forecastX x of the forecast points
     * @param truth observed values over the forecast horizon, same length as {@code forecastX};
     *        or null when they are not known yet
     * @param forecast predicted values, same length as {@code forecastX}
     * @param lower lower edge of the uncertainty band, same length as {@code forecastX}; or null for no band
     * @param upper upper edge of the band; null exactly when {@code lower} is null; {@code lower[i] <= upper[i]}
     * @throws IllegalArgumentException if a required array is null or empty, a value is NaN or
     *         infinite, lengths mismatch, only one band edge is given, or {@code lower[i] > upper[i]}
     * @throws IOException if the file cannot be written
     */
    public static void forecastChart(Path png, String title, double[] historyX, double[] history,
                                     double[] forecastX, double[] truth, double[] forecast,
                                     double[] lower, double[] upper) throws IOException {
        checkPath(png);
        writePng(png, buildForecastChart(title, historyX, history, forecastX, truth, forecast, lower, upper));
    }

    /**
     * The chart {@link #forecastChart} writes, without writing it (for {@link #panels} or
     * restyling); same arguments and checks. The data arrays are copied.
     */
    public static XYChart buildForecastChart(String title, double[] historyX, double[] history,
                                             double[] forecastX, double[] truth, double[] forecast,
                                             double[] lower, double[] upper) {
        checkForecastData(title, historyX, history, forecastX, truth, forecast, lower, upper);
        ensureHeadless();
        XYChart chart = newChart(title, "time", "value");
        if (lower != null) {
            // The band is one closed polygon: along the upper edge forwards, back along the lower edge.
            int n = forecastX.length;
            double[] polygonX = new double[2 * n];
            double[] polygonY = new double[2 * n];
            for (int i = 0; i < n; i++) {
                polygonX[i] = forecastX[i];
                polygonY[i] = upper[i];
                polygonX[2 * n - 1 - i] = forecastX[i];
                polygonY[2 * n - 1 - i] = lower[i];
            }
            XYSeries band = chart.addSeries("uncertainty band", polygonX, polygonY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(BAND_COLOR);
            band.setLineColor(BAND_COLOR);
            band.setMarker(SeriesMarkers.NONE);
        }
        XYSeries historySeries = chart.addSeries("history", historyX.clone(), history.clone());
        historySeries.setLineColor(HISTORY_COLOR);
        historySeries.setLineWidth(1.5f);
        historySeries.setMarker(SeriesMarkers.NONE);
        if (truth != null) {
            XYSeries truthSeries = chart.addSeries("truth", forecastX.clone(), truth.clone());
            truthSeries.setLineColor(TRUTH_COLOR);
            truthSeries.setLineWidth(1.5f);
            truthSeries.setMarker(SeriesMarkers.NONE);
        }
        XYSeries forecastSeries = chart.addSeries("forecast", forecastX.clone(), forecast.clone());
        forecastSeries.setLineColor(FORECAST_COLOR);
        forecastSeries.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {8f, 5f}, 0f));
        forecastSeries.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** The checks of {@link #buildForecastChart}, for every chart that draws a forecast. */
    static void checkForecastData(String title, double[] historyX, double[] history, double[] forecastX,
                                  double[] truth, double[] forecast, double[] lower, double[] upper) {
        checkText("title", title);
        checkValues("historyX", historyX, false);
        checkValues("history", history, false);
        checkSameLength("history", history, "historyX", historyX);
        checkValues("forecastX", forecastX, false);
        checkValues("forecast", forecast, false);
        checkSameLength("forecast", forecast, "forecastX", forecastX);
        if (truth != null) {
            checkValues("truth", truth, false);
            checkSameLength("truth", truth, "forecastX", forecastX);
        }
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException((lower == null ? "lower" : "upper")
                    + ": expected both band edges or neither, got only " + (lower == null ? "upper" : "lower"));
        }
        if (lower != null) {
            checkValues("lower", lower, false);
            checkSameLength("lower", lower, "forecastX", forecastX);
            checkValues("upper", upper, false);
            checkSameLength("upper", upper, "forecastX", forecastX);
            for (int i = 0; i < lower.length; i++) {
                if (lower[i] > upper[i]) {
                    throw new IllegalArgumentException("lower[" + i + "]: expected <= upper[" + i + "] = " + upper[i]
                            + ", got " + lower[i]);
                }
            }
        }
    }

    /**
     * Writes several charts side by side (one row) into one PNG of {@code charts.size() * WIDTH} x
     * {@code HEIGHT} pixels, e.g. learning curves next to gradient norms.
     *
     * @param png output file, replaced if it exists
     * @param charts one to eight charts from the {@code build*} methods, left to right
     * @throws IllegalArgumentException if {@code charts} is null, empty, longer than 8 or holds null
     * @throws IOException if the file cannot be written
     */
    public static void panels(Path png, List<XYChart> charts) throws IOException {
        checkPath(png);
        if (charts == null || charts.isEmpty()) {
            throw new IllegalArgumentException("charts: expected 1 to 8 charts, got "
                    + (charts == null ? "null" : "none"));
        }
        if (charts.size() > 8) {
            throw new IllegalArgumentException("charts: expected 1 to 8 charts, got " + charts.size());
        }
        for (int i = 0; i < charts.size(); i++) {
            if (charts.get(i) == null) {
                throw new IllegalArgumentException("charts[" + i + "]: expected a chart, got null");
            }
        }
        ensureHeadless();
        List<XYChart> copy = List.copyOf(charts);
        writeAtomically(png, out -> BitmapEncoder.saveBitmap(copy, 1, copy.size(), out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Writes one chart (e.g. from a {@code build*} method, possibly restyled) as a PNG, atomically.
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws IOException if the file cannot be written
     */
    public static void writePng(Path png, XYChart chart) throws IOException {
        checkPath(png);
        if (chart == null) {
            throw new IllegalArgumentException("chart: expected a chart, got null");
        }
        ensureHeadless();
        writeAtomically(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    interface PngWriter {
        void write(OutputStream out) throws IOException;
    }

    static void writeAtomically(Path png, PngWriter writer) throws IOException {
        Path target = png.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        TemporarySiblings.removeStale(target); // what a write killed before its move left here
        // Named by hand rather than Files.createTempFile, whose 0600 mode would stick to the chart
        // after the rename; CREATE_NEW keeps the default (umask) mode and never reuses a file.
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(TEMP_NAMES.nextLong(), 36)
                + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static XYChart newChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        // below the plot, so the legend never hides a curve or the band
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    private static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** log10(max / min) over all values of all series; values are known to be finite and positive. */
    private static double decadesSpanned(Map<String, double[]> seriesY) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[] y : seriesY.values()) {
            for (double v : y) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return Math.log10(max) - Math.log10(min);
    }

    /** Label for a tick at {@code exponent} on a log10 axis: "0.01", "1", "100", "1E-20", or "3.2E-7" between powers. */
    static String powerOfTenLabel(double exponent) {
        long rounded = Math.round(exponent);
        if (Math.abs(exponent - rounded) > 1e-9) {
            return String.format(Locale.ROOT, "%.2G", Math.pow(10, exponent));
        }
        if (rounded >= -3 && rounded <= 3) {
            return BigDecimal.ONE.scaleByPowerOfTen((int) rounded).toPlainString();
        }
        return "1E" + rounded;
    }

    private static double[] indices(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
        }
        return xs;
    }

    private static void checkPath(Path png) {
        if (png == null) {
            throw new IllegalArgumentException("png: expected an output path, got null");
        }
        if (png.getFileName() == null) {
            throw new IllegalArgumentException("png: expected a file path, got '" + png + "'");
        }
    }

    private static void checkText(String name, String text) {
        if (text == null) {
            throw new IllegalArgumentException(name + ": expected text (may be empty), got null");
        }
    }

    private static void checkValues(String name, double[] values, boolean positive) {
        if (values == null) {
            throw new IllegalArgumentException(name + ": expected an array of values, got null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one value, got an empty array");
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected a finite number, got " + v);
            }
            if (positive && v <= 0) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected > 0 on a logarithmic y axis, got " + v
                        + " (floor the values at a small positive number, e.g. 1e-30, to plot them)");
            }
        }
    }

    private static void checkSameLength(String name, double[] values, String referenceName, double[] reference) {
        if (values.length != reference.length) {
            throw new IllegalArgumentException(name + ": expected " + reference.length + " values (the length of "
                    + referenceName + "), got " + values.length);
        }
    }
}
