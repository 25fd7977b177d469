package dev.rnn4j.chart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The attention weights of one translation as a heat map PNG: source tokens along the x axis
 * (left to right), target tokens down the y axis (first at the top), each cell the weight the
 * decoder gave that source token when it emitted that target token, from white (0) to dark blue
 * (1), as in Bahdanau et al. (2015), figure 3.
 *
 * <p>Drawn with XChart's {@link HeatMapChart}, whose axes are categories: each token is a label.
 * Labels are the tokens with surrounding whitespace removed (a subword's leading space marks a
 * word start, which the plot does not need); an empty label becomes {@code "·"}. XChart merges
 * equal categories, so a repeated token gets trailing spaces to keep its own row or column. The
 * image grows with the number of tokens ({@value #CELL} pixels a cell, at least
 * {@value #MIN_SIZE} pixels a side), and is written atomically like every chart of
 * {@link Charts}.
 */
public final class AttentionHeatmap {
    /** Pixels per cell. */
    static final int CELL = 28;
    /** Minimum width and height in pixels. */
    static final int MIN_SIZE = 400;
    /** Room for the title, the axis labels and the colour legend, in pixels. */
    private static final int MARGIN = 220;

    static {
        // before any AWT rendering class asks GraphicsEnvironment whether a display exists
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private AttentionHeatmap() {
    }

    /**
     * Writes the heat map of {@code weights}.
     *
     * @param png output file, replaced if it exists (parent folders created)
     * @param title chart title, e.g. the source sentence
     * @param sourceTokens the S source tokens (x axis)
     * @param targetTokens the T target tokens (y axis)
     * @param weights (T, S): {@code weights[t][s]} the attention on source token s at target step t,
     *     each finite and in [0, 1]
     * @throws IllegalArgumentException if an argument is null, a token list is empty or holds a
     *     null, or {@code weights} is not (T, S) or holds a value outside [0, 1] (naming the entry)
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, String title, List<String> sourceTokens, List<String> targetTokens,
            float[][] weights) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png: expected a file, got null");
        }
        HeatMapChart chart = build(title, sourceTokens, targetTokens, weights);
        Charts.writeAtomically(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chart {@link #write} draws, with the same arguments and checks. */
    public static HeatMapChart build(String title, List<String> sourceTokens, List<String> targetTokens, float[][] weights) {
        if (title == null) {
            throw new IllegalArgumentException("title: expected text, got null");
        }
        checkTokens("sourceTokens", sourceTokens);
        checkTokens("targetTokens", targetTokens);
        int sources = sourceTokens.size();
        int targets = targetTokens.size();
        if (weights == null || weights.length != targets) {
            throw new IllegalArgumentException("weights: expected (T, S) = (" + targets + ", " + sources + "), got "
                    + (weights == null ? "null" : weights.length + " rows"));
        }
        List<Number[]> cells = new ArrayList<>(targets * sources);
        for (int t = 0; t < targets; t++) {
            if (weights[t] == null || weights[t].length != sources) {
                throw new IllegalArgumentException("weights[" + t + "]: expected " + sources + " values (one per source token), got "
                        + (weights[t] == null ? "null" : weights[t].length));
            }
            for (int s = 0; s < sources; s++) {
                float w = weights[t][s];
                if (!(w >= 0f && w <= 1f)) {
                    throw new IllegalArgumentException("weights[" + t + "][" + s + "]: expected a value in [0, 1], got " + w);
                }
                // y categories run bottom to top: the first target token goes on the top row
                cells.add(new Number[] {s, targets - 1 - t, w});
            }
        }
        List<String> yLabels = labels(targetTokens);
        List<String> yTopDown = new ArrayList<>(yLabels.size());
        for (int t = targets - 1; t >= 0; t--) {
            yTopDown.add(yLabels.get(t));
        }
        int width = Math.max(MIN_SIZE, sources * CELL + MARGIN);
        int height = Math.max(MIN_SIZE, targets * CELL + MARGIN);
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("source").yAxisTitle("target").build();
        chart.getStyler().setMin(0).setMax(1)
                .setRangeColors(new Color[] {Color.WHITE, new Color(0x08, 0x30, 0x6b)})
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setPlotContentSize(1.0);
        chart.addSeries("attention", labels(sourceTokens), yTopDown, cells);
        return chart;
    }

    /** Display labels: stripped, "·" when empty, made distinct with trailing spaces. */
    static List<String> labels(List<String> tokens) {
        List<String> labels = new ArrayList<>(tokens.size());
        Set<String> seen = new HashSet<>();
        for (String token : tokens) {
            String label = token.strip().isEmpty() ? "·" : token.strip();
            while (!seen.add(label)) {
                label = label + " ";
            }
            labels.add(label);
        }
        return labels;
    }

    private static void checkTokens(String name, List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected at least one token, got " + (tokens == null ? "null" : "none"));
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected a token, got null");
            }
        }
    }
}
