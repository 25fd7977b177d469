package dev.rnn4j.explain;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.rnn4j.explain.ExplanationHtml.escape;
import static dev.rnn4j.explain.ExplanationHtml.number;

/**
 * The language-model report as one self-contained HTML page (inline CSS, no scripts): the text coloured by one
 * unit, with the next-character probabilities as each character's tooltip; the inside-the-cells heat maps and the
 * gate saturation ({@link CellsHtml}); the units that track features of the text; the next-character table
 * (folded, in a {@code details} element).
 * Stateless.
 */
public final class LanguageModelHtml {

    /** Characters shown in the heat maps and the next-character table (the coloured text shows them all). */
    public static final int SHOWN_STEPS = 100;

    private static final String STYLE = """
            .coloured{font-family:monospace;font-size:1.1em;line-height:1.6em;white-space:pre-wrap;
             border:1px solid #ccc;padding:0.5em}
            .coloured span.char{padding:0.05em 0}
            table.next td.top{font-family:monospace;text-align:left}
            """;

    private LanguageModelHtml() {
    }

    /** The page of one language-model explanation. */
    public static String of(String model, LanguageModelExplanation e) {
        CellTrace trace = e.trace();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rnn4j explain: ")
                .append(escape(model)).append("</title>\n<style>\n").append(ExplanationHtml.STYLE)
                .append(CellsHtml.STYLE).append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Inside the language model <code>").append(escape(model)).append("</code></h1>\n")
                .append("<p class=\"note\">").append(escape(trace.cell())).append(", ").append(trace.layers().size())
                .append(" layer(s) of ").append(trace.hidden()).append(" units, reading ").append(trace.steps())
                .append(" characters from a zero state")
                .append(e.truncated() ? " (the text is cut to its first " + trace.steps() + " characters)" : "")
                .append(".</p>\n");
        colouredText(html, e);
        CellsHtml.heatMaps(html, trace, e.tokens(), e.mostActive(), SHOWN_STEPS);
        if (e.saturation() != null) {
            CellsHtml.saturation(html, e.saturation(), "the " + trace.steps() + " characters of the text");
        }
        trackers(html, e);
        nextTable(html, e);
        return html.append("</body>\n</html>\n").toString();
    }

    private static void colouredText(StringBuilder html, LanguageModelExplanation e) {
        UnitIndex unit = e.unit();
        float[] values = e.unitValues();
        html.append("<section id=\"text\">\n<h2>The text coloured by unit ").append(unit).append("</h2>\n")
                .append("<p class=\"note\">Unit ").append(unit).append(" (layer ").append(unit.layer())
                .append(", unit ")
                .append(unit.unit()).append("): ").append(escape(e.unitChoice())).append(". Each character's colour is"
                        + " the unit's hidden state after reading it (red positive, blue negative, full at ±1); its"
                        + " tooltip gives the value and the model's top ").append(LanguageModelExplainer.TOP_NEXT)
                .append(" next characters. Underlined: a character outside the vocabulary.</p>\n")
                .append("<p class=\"legend\"><span style=\"background:").append(CellsHtml.stateColour(1, 1))
                .append("\">+1</span><span style=\"background:").append(CellsHtml.stateColour(-1, 1))
                .append("\">−1</span></p>\n<div class=\"coloured\">");
        for (int t = 0; t < e.tokens().size(); t++) {
            String token = e.tokens().get(t);
            String v = number(values[t]);
            html.append("<span class=\"char").append(e.known().get(t) ? "" : " unknown").append("\" data-value=\"")
                    .append(v).append("\" title=\"h = ").append(v).append("; next: ").append(escape(top(e, t)))
                    .append("\" style=\"background:").append(CellsHtml.stateColour(values[t], 1)).append("\">")
                    .append(token.equals("\n") ? "↵</span>\n" : escape(token) + "</span>");
        }
        html.append("</div>\n</section>\n");
    }

    private static void trackers(StringBuilder html, LanguageModelExplanation e) {
        html.append("<section id=\"trackers\">\n<h2>Units that track a feature of the text</h2>\n<p class=\"note\">"
                + "Score: Pearson's correlation r between the unit's hidden state after each character and the"
                + " feature at that character, over the whole text; the largest |r| first (a negative r tracks the"
                + " feature inverted). Inside quotes: 1 from an opening \" to the character before the closing one;"
                + " position in the line: characters since the last line break.</p>\n<table class=\"trackers\">\n"
                + "<tr><th>rank</th>");
        int rows = 0;
        for (Map.Entry<FeatureTracker.Feature, List<FeatureTracker.Unit>> entry : e.trackers().entrySet()) {
            html.append("<th>").append(escape(entry.getKey().description())).append(": unit</th><th>r</th>");
            rows = Math.max(rows, entry.getValue().size());
        }
        html.append("</tr>\n");
        if (rows == 0) {
            html.append("<tr><td colspan=\"").append(1 + 2 * e.trackers().size())
                    .append("\">every feature is constant over this text, so no correlation</td></tr>\n");
        }
        for (int i = 0; i < rows; i++) {
            html.append("<tr class=\"tracker\"><td>").append(i + 1).append("</td>");
            for (List<FeatureTracker.Unit> units : e.trackers().values()) {
                if (i < units.size()) {
                    FeatureTracker.Unit u = units.get(i);
                    html.append("<td>").append(u.layer()).append(':').append(u.unit()).append("</td><td>")
                            .append(String.format(Locale.ROOT, "%.3f", u.correlation())).append("</td>");
                } else {
                    html.append("<td>").append(i == 0 ? "constant" : "").append("</td><td></td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void nextTable(StringBuilder html, LanguageModelExplanation e) {
        int shown = Math.min(SHOWN_STEPS, e.tokens().size());
        html.append("<section id=\"next\">\n<h2>Next-character probabilities</h2>\n<p class=\"note\">After each of the"
                + " first ").append(shown).append(" characters: the character that follows, the probability the model"
                + " gave it, and the model's top ").append(LanguageModelExplainer.TOP_NEXT)
                .append(" guesses.</p>\n<details><summary>the table (click to open)</summary>\n<table class=\"next\">\n"
                        + "<tr><th>#</th><th>read</th><th>next</th><th>p(next)</th><th>top guesses</th></tr>\n");
        for (int t = 0; t < shown; t++) {
            boolean last = t + 1 == e.tokens().size();
            html.append("<tr class=\"position\"><td>").append(t + 1).append("</td><td>")
                    .append(escape(CellsHtml.visible(e.tokens().get(t)))).append("</td><td>")
                    .append(last ? "" : escape(CellsHtml.visible(e.tokens().get(t + 1)))).append("</td><td>")
                    .append(last ? "" : String.format(Locale.ROOT, "%.4f", e.actualNext()[t]))
                    .append("</td><td class=\"top\">").append(escape(top(e, t))).append("</td></tr>\n");
        }
        html.append("</table>\n</details>\n</section>\n");
    }

    // "'e' 0.412, ' ' 0.201, ..."
    private static String top(LanguageModelExplanation e, int t) {
        StringBuilder s = new StringBuilder();
        for (LanguageModelExplanation.Candidate c : e.next().get(t)) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(CellsHtml.visible(c.character())).append(' ')
                    .append(String.format(Locale.ROOT, "%.3f", c.probability()));
        }
        return s.toString();
    }
}
