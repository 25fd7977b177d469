package dev.rnn4j.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static dev.rnn4j.explain.ExplanationHtml.escape;
import static dev.rnn4j.explain.ExplanationHtml.number;

/**
 * The inside-the-cells sections of a report, as HTML tables without scripts: per layer a heat map of the most
 * active units' hidden states, cell states and gates over the first steps, and the gate saturation table.
 * Stateless.
 *
 * <p>Colours: states and the tanh candidates (g, n) diverge from white at 0 to red (positive) and blue
 * (negative), full at |value| = 1 (the cell state, which is not bounded, at the row's largest |c|); sigmoid gates
 * run from white at 0 to purple at 1. Every cell carries its value in {@code data-value} and a tooltip.
 */
final class CellsHtml {

    /** Extra CSS of these sections. */
    static final String STYLE = """
            .scroll{overflow-x:auto;max-width:100%}
            table.heatmap td.v{width:1.1em;min-width:1.1em;height:1.1em;padding:0;border:1px solid #eee}
            table.heatmap th{font-family:monospace;font-weight:normal;padding:0 0.1em;text-align:center}
            table.heatmap th.row{text-align:left;white-space:nowrap;padding:0 0.4em}
            table.heatmap tr.unit-start th.row, table.heatmap tr.unit-start td{border-top:2px solid #999}
            """;

    /** The units shown per layer in a classifier's or forecaster's heat map. */
    static final int UNITS_SHOWN = 8;
    /** The steps shown in a classifier's or forecaster's heat map. */
    static final int STEPS_SHOWN = 100;

    private CellsHtml() {
    }

    /** The language model's section: the heat maps of every layer over the first {@code shown} characters. */
    static void heatMaps(StringBuilder html, CellTrace trace, List<String> tokens, List<int[]> mostActive,
                         int shown) {
        open(html, trace, mostActive.get(0).length, Math.min(shown, trace.steps()), "characters", "the text");
        layerTables(html, trace, tokens, mostActive, shown, "", "");
        html.append("</section>\n");
    }

    /**
     * Opens the section ({@code <section id="cells">}) with its note; the caller adds {@link #layerTables} and
     * closes it.
     *
     * @param units     the units shown per layer
     * @param shown     the steps shown
     * @param stepWord  what a step is, plural ("characters", "tokens", "steps")
     * @param over      what the mean |h| ranking the units runs over ("the text")
     */
    static void open(StringBuilder html, CellTrace trace, int units, int shown, String stepWord, String over) {
        html.append("<section class=\"cells\" id=\"cells\">\n<h2>Inside the cells</h2>\n<p class=\"note\">")
                .append(escape(trace.cell())).append(", ").append(trace.layers().size()).append(" layer(s) of ")
                .append(trace.hidden()).append(" units").append(trace.directions() == 2 ? " per direction" : "")
                .append(". Per layer the ").append(units).append(" most active units (largest mean |h| over ")
                .append(escape(over)).append(") at the first ").append(shown).append(' ').append(escape(stepWord))
                .append(": the hidden state h")
                .append(trace.cell().equals("LSTM") ? ", the cell state c" : "")
                .append(trace.gates().isEmpty() ? "" : " and the gates " + String.join(", ", trace.gates())
                        + " (PyTorch's order)")
                .append(". Red positive, blue negative, purple a gate near 1.")
                .append(trace.directions() == 2 ? " Bidirectional: → marks a forward unit, ← a unit of the reverse"
                        + " direction, which reads from the last step back; its value under a step is its state"
                        + " after reading that step." : "")
                .append("</p>\n");
    }

    /**
     * The heat map of every layer over the first {@code shown} steps.
     *
     * @param idSuffix appended to the tables' ids ({@code heatmap-l0} + suffix), to keep several traces apart
     * @param heading  put before "Layer l" in each table's heading ("" or "Example 1, ")
     */
    static void layerTables(StringBuilder html, CellTrace trace, List<String> tokens, List<int[]> mostActive,
                            int shown, String idSuffix, String heading) {
        int steps = Math.min(shown, trace.steps());
        for (int l = 0; l < trace.layers().size(); l++) {
            html.append("<h3>").append(escape(heading)).append(heading.isEmpty() ? "Layer " : "layer ").append(l)
                    .append("</h3>\n<div class=\"scroll\"><table class=\"heatmap\" id=\"heatmap-l").append(l)
                    .append(escape(idSuffix)).append("\">\n<tr><th class=\"row\">unit</th>");
            for (int t = 0; t < steps; t++) {
                html.append("<th>").append(escape(visible(tokens.get(t)))).append("</th>");
            }
            html.append("</tr>\n");
            for (int u : mostActive.get(l)) {
                String name = " " + l + ":" + trace.unitName(u);
                row(html, "h" + name, trace.hiddenOf(l, u), steps, false, 1, true);
                if (trace.cell().equals("LSTM")) {
                    float[] c = trace.cellOf(l, u);
                    double scale = 1;
                    for (int t = 0; t < steps; t++) {
                        scale = Math.max(scale, Math.abs(c[t]));
                    }
                    row(html, "c" + name, c, steps, false, scale, false);
                }
                for (int g = 0; g < trace.gates().size(); g++) {
                    String gate = trace.gates().get(g);
                    row(html, gate + name, trace.gateOf(l, g, u), steps, CellTrace.isSigmoidGate(gate),
                            1, false);
                }
            }
            html.append("</table></div>\n");
        }
    }

    /**
     * The section of a classifier or forecaster report: per example the heat maps of its trace, then the gate
     * saturation over every example's steps. Writes nothing when no example has a trace.
     *
     * @param traces   per example its trace, or null
     * @param headers  per example the column headings, one per step
     * @param stepWord what a step is, plural ("tokens", "window steps")
     * @param whose    which network the traces come from, in words
     */
    static void ofExamples(StringBuilder html, List<CellTrace> traces, List<List<String>> headers, String stepWord,
                           String whose) {
        List<CellTrace> present = traces.stream().filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return;
        }
        CellTrace first = present.get(0);
        int units = first.mostActive(0, UNITS_SHOWN).length;
        open(html, first, units, STEPS_SHOWN, stepWord + " (all of a shorter example)",
                "the example's " + stepWord);
        html.append("<p class=\"note member\">").append(escape(whose)).append(".</p>\n");
        long steps = 0;
        for (int i = 0; i < traces.size(); i++) {
            CellTrace trace = traces.get(i);
            if (trace == null) {
                continue;
            }
            steps += trace.steps();
            List<int[]> mostActive = new ArrayList<>();
            for (int l = 0; l < trace.layers().size(); l++) {
                mostActive.add(trace.mostActive(l, UNITS_SHOWN));
            }
            layerTables(html, trace, headers.get(i), mostActive, STEPS_SHOWN, "-" + (i + 1),
                    "Example " + (i + 1) + ", ");
        }
        html.append("</section>\n");
        if (!first.gates().isEmpty()) {
            saturation(html, GateSaturation.of(present), "the " + steps + " " + stepWord + " of the " + present.size()
                    + " example(s)");
        }
    }

    /** The gate saturation table. */
    static void saturation(StringBuilder html, GateSaturation saturation, String over) {
        html.append("<section id=\"saturation\">\n<h2>Gate saturation</h2>\n<p class=\"note\">The share of gate values"
                + " below ").append(GateSaturation.LOW).append(" (nearly shut) and above ").append(GateSaturation.HIGH)
                .append(" (nearly open), per layer and gate, over every unit and ").append(escape(over))
                .append(" (Karpathy, Johnson and Fei-Fei 2015, section 4.2).</p>\n<table class=\"saturation\">\n"
                        + "<tr><th>layer</th>").append(saturation.bidirectional() ? "<th>direction</th>" : "")
                .append("<th>gate</th><th>values</th><th>&lt; ").append(GateSaturation.LOW)
                .append("</th><th>&gt; ").append(GateSaturation.HIGH).append("</th></tr>\n");
        for (GateSaturation.Row r : saturation.rows()) {
            html.append("<tr><td>").append(r.layer()).append("</td><td>")
                    .append(saturation.bidirectional() ? (r.direction() == 0 ? "→ forward" : "← reverse") + "</td><td>"
                            : "")
                    .append(escape(r.gate())).append("</td><td>")
                    .append(r.values()).append("</td><td>").append(percent(r.low())).append("</td><td>")
                    .append(percent(r.high())).append("</td></tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void row(StringBuilder html, String name, float[] values, int steps, boolean gate, double scale,
                            boolean first) {
        html.append("<tr").append(first ? " class=\"unit-start\"" : "").append("><th class=\"row\">")
                .append(escape(name)).append("</th>");
        for (int t = 0; t < steps; t++) {
            String v = number(values[t]);
            html.append("<td class=\"v\" data-value=\"").append(v).append("\" title=\"").append(v)
                    .append("\" style=\"background:")
                    .append(gate ? gateColour(values[t]) : stateColour(values[t], scale))
                    .append("\"></td>");
        }
        html.append("</tr>\n");
    }

    /** Red for positive, blue for negative, opacity up to 0.9 at |value| = scale. */
    static String stateColour(double value, double scale) {
        double alpha = !Double.isFinite(value) ? 0 : 0.9 * Math.min(1, Math.abs(value) / scale);
        return String.format(Locale.ROOT, value >= 0 ? "rgba(178,24,43,%.3f)" : "rgba(33,102,172,%.3f)", alpha);
    }

    /** Purple with opacity 0.9·value for a value in [0, 1]. */
    static String gateColour(double value) {
        double alpha = !Double.isFinite(value) ? 0 : 0.9 * Math.max(0, Math.min(1, value));
        return String.format(Locale.ROOT, "rgba(84,39,143,%.3f)", alpha);
    }

    /** A character as a reader can see it: a space as ␣, a line break as ↵, a tab as ⇥. */
    static String visible(String token) {
        return switch (token) {
            case " " -> "␣";
            case "\n" -> "↵";
            case "\t" -> "⇥";
            case "\r" -> "␍";
            default -> token;
        };
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
