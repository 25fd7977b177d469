package dev.rnn4j.explain;

import dev.rnn4j.chart.Charts;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An explanation report as one self-contained HTML page: inline CSS, no scripts, no fonts or images fetched
 * from anywhere (the forecast chart is a PNG inside a {@code data:} URI), so it opens offline in any browser.
 * Stateless.
 *
 * <p>Scores colour the background of their token or step: green for scores that raise the explained output,
 * red for scores that lower it, the opacity proportional to the score's share of the example's largest
 * absolute score. Each coloured element carries its exact score in {@code data-score} and a tooltip.
 */
public final class ExplanationHtml {

    static final String STYLE = """
            body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
            h1{font-size:1.5em}h2{font-size:1.2em;border-top:1px solid #ccc;padding-top:1em}
            .tokens{font-size:1.3em;line-height:2.2em}
            .token{padding:0.15em 0.3em;margin:0 0.1em;border-radius:0.2em}
            .unknown{text-decoration:underline dotted}
            table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}
            th{background:#f4f4f4}.note{color:#555;font-size:0.9em}
            .legend span{padding:0.1em 0.5em;margin-right:0.5em}
            """;

    private ExplanationHtml() {
    }

    /**
     * The page of text explanations, with the inside-the-cells section of the first network.
     *
     * @param members the ensemble's networks K (the inside-the-cells section says it shows the first)
     */
    public static String ofTexts(String model, Method method, int steps, int members,
                                 List<TextExplanation> examples) {
        StringBuilder html = head(model, method, steps, "classifier");
        int index = 1;
        for (TextExplanation e : examples) {
            Attribution a = e.attribution();
            html.append("<section class=\"example\" id=\"example-").append(index).append("\">\n<h2>Example ")
                    .append(index++).append(": predicted <span class=\"label\">").append(escape(e.label()))
                    .append("</span></h2>\n<p class=\"tokens\">");
            double scale = maxAbs(a.scores());
            for (int t = 0; t < e.tokens().size(); t++) {
                double s = a.scores()[t];
                html.append("<span class=\"token").append(e.known().get(t) ? "" : " unknown").append("\" data-score=\"")
                        .append(number(s)).append("\" title=\"").append(number(s))
                        .append(e.known().get(t) ? "" : " (unknown word)").append("\" style=\"background:")
                        .append(colour(s, scale)).append("\">").append(escape(e.tokens().get(t))).append("</span> ");
            }
            html.append("</p>\n<table class=\"probabilities\">\n<tr><th>label</th><th>model</th>"
                    + "<th>networks alone</th></tr>\n");
            for (Map.Entry<String, Double> p : e.probabilities().entrySet()) {
                html.append("<tr><td>").append(escape(p.getKey())).append("</td><td>").append(fixed(p.getValue()))
                        .append("</td><td>").append(fixed(e.networkProbabilities().get(p.getKey())))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
            notes(html, e.explained(), e.baseline(), a);
            html.append("</section>\n");
        }
        List<CellTrace> traces = examples.stream().map(TextExplanation::cells).toList();
        List<List<String>> headers = examples.stream().map(TextExplanation::tokens).toList();
        CellsHtml.ofExamples(html, traces, headers, "tokens", whose(members));
        return html.append("</body>\n</html>\n").toString();
    }

    /**
     * The page of forecast explanations: per example the chart, the window with its scores and the forecast; then
     * the inside-the-cells section of the first network.
     *
     * @param members the ensemble's networks K (the inside-the-cells section says it shows the first)
     */
    public static String ofSeries(String model, Method method, int steps, int members,
                                  List<SeriesExplanation> examples) {
        StringBuilder html = head(model, method, steps, "forecaster");
        int index = 1;
        for (SeriesExplanation e : examples) {
            Attribution a = e.attribution();
            html.append("<section class=\"example\" id=\"example-").append(index).append("\">\n<h2>Example ")
                    .append(index++).append(": forecast of ").append(escape(e.target())).append(" after ")
                    .append(escape(e.times().get(e.times().size() - 1))).append("</h2>\n");
            html.append("<img class=\"chart\" alt=\"the window and the forecast\" src=\"data:image/png;base64,")
                    .append(chartPng(e)).append("\">\n");
            html.append("<table class=\"window\">\n<tr><th>time</th><th>").append(escape(e.target()))
                    .append("</th><th>score</th>");
            double[] values = a.valueScores();
            if (values != null) {
                for (String feature : e.features()) {
                    html.append("<th>").append(escape(feature)).append("</th>");
                }
            }
            html.append("</tr>\n");
            double scale = maxAbs(a.scores());
            double valueScale = values == null ? 0 : maxAbs(values);
            int width = e.features().size();
            for (int t = 0; t < a.length(); t++) {
                html.append("<tr class=\"step\"><td>").append(escape(e.times().get(t))).append("</td><td>")
                        .append(number(e.window()[t])).append("</td>");
                cell(html, a.scores()[t], scale);
                if (values != null) {
                    for (int j = 0; j < width; j++) {
                        cell(html, values[t * width + j], valueScale);
                    }
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n<table class=\"forecast\">\n<tr><th>time</th><th>forecast</th>")
                    .append(e.lower() == null ? "" : "<th>lower</th><th>upper</th>").append("</tr>\n");
            for (int h = 0; h < e.forecast().length; h++) {
                html.append("<tr><td>").append(escape(e.forecastTimes().get(h))).append("</td><td>")
                        .append(number(e.forecast()[h])).append("</td>");
                if (e.lower() != null) {
                    html.append("<td>").append(number(e.lower()[h])).append("</td><td>").append(number(e.upper()[h]))
                            .append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
            if (e.lower() != null) {
                html.append("<p class=\"note\">Band: ").append(Math.round(SeriesExplainer.BAND_COVERAGE * 100))
                        .append(" % of ").append(SeriesExplainer.BAND_SAMPLES)
                        .append(" Monte Carlo dropout samples.</p>\n");
            }
            notes(html, e.explained(), e.baseline(), a);
            html.append("</section>\n");
        }
        List<CellTrace> traces = examples.stream().map(SeriesExplanation::cells).toList();
        List<List<String>> headers = new ArrayList<>();
        for (SeriesExplanation e : examples) {
            List<String> numbers = new ArrayList<>();
            for (int t = 1; t <= e.times().size(); t++) {
                numbers.add(Integer.toString(t));
            }
            headers.add(numbers);
        }
        CellsHtml.ofExamples(html, traces, headers, "window steps", whose(members)
                + "; the columns are the window's steps, 1 the oldest");
        return html.append("</body>\n</html>\n").toString();
    }

    private static String whose(int members) {
        return members == 1 ? "The network's states and gates" : "The states and gates of the first of the "
                + members + " ensemble networks";
    }

    private static StringBuilder head(String model, Method method, int steps, String kind) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rnn4j explain: ")
                .append(escape(model)).append("</title>\n<style>\n").append(STYLE).append(CellsHtml.STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Why the ").append(kind).append(" <code>").append(escape(model))
                .append("</code> said what it said</h1>\n<p class=\"method\">Method: ").append(describe(method, steps))
                .append("</p>\n<p class=\"legend\"><span style=\"background:").append(colour(1, 1))
                .append("\">raises the output</span><span style=\"background:").append(colour(-1, 1))
                .append("\">lowers the output</span> (opacity: share of the example's largest score)</p>\n");
        return html;
    }

    private static String describe(Method method, int steps) {
        return switch (method) {
            case INTEGRATED_GRADIENTS -> "integrated gradients (Sundararajan et al. 2017), trapezoid rule over "
                    + steps + " intervals";
            case OCCLUSION -> "occlusion: the fall of the output when one position is left out";
            case GRADIENT_X_INPUT -> "gradient × input";
        };
    }

    private static void notes(StringBuilder html, String explained, String baseline, Attribution a) {
        html.append("<p class=\"explained note\">Explained: ").append(number(a.output())).append(", ")
                .append(escape(explained)).append(".</p>\n<p class=\"baseline note\">Baseline: ")
                .append(escape(baseline)).append(" (output there ").append(number(a.baselineOutput()))
                .append(").</p>\n");
        if (a.method() == Method.INTEGRATED_GRADIENTS) {
            html.append("<p class=\"completeness note\">Completeness: the scores add up to ").append(number(a.total()))
                    .append(", the output changes by ").append(number(a.output() - a.baselineOutput()))
                    .append(" from the baseline to the input (relative gap ")
                    .append(String.format(Locale.ROOT, "%.3f %%", 100 * a.completenessGap())).append(").</p>\n");
        }
    }

    private static void cell(StringBuilder html, double score, double scale) {
        html.append("<td data-score=\"").append(number(score)).append("\" style=\"background:")
                .append(colour(score, scale)).append("\">").append(number(score)).append("</td>");
    }

    // the window and the forecast (with its band) as a PNG, base64
    private static String chartPng(SeriesExplanation e) {
        int length = e.window().length;
        int horizon = e.forecast().length;
        double[] x = new double[length];
        double[] fx = new double[horizon];
        for (int t = 0; t < length; t++) {
            x[t] = t - length + 1;
        }
        for (int h = 0; h < horizon; h++) {
            fx[h] = h + 1;
        }
        XYChart chart = Charts.buildForecastChart(e.target() + ": window and forecast", x, e.window(), fx, null,
                e.forecast(), e.lower(), e.upper());
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart,
                    BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot draw the forecast chart", ex);
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Green for positive, red for negative, opacity up to 0.85 by the share of {@code scale}. */
    static String colour(double score, double scale) {
        double alpha = scale == 0 || !Double.isFinite(score) ? 0 : 0.85 * Math.min(1, Math.abs(score) / scale);
        return String.format(Locale.ROOT, score >= 0 ? "rgba(26,152,80,%.3f)" : "rgba(215,48,39,%.3f)", alpha);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String fixed(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Text safe inside HTML elements and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
