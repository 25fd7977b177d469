package dev.rnn4j.explain;

import dev.rnn4j.chart.AttentionHeatmap;
import dev.rnn4j.translate.Translation;
import org.knowm.xchart.BitmapEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static dev.rnn4j.explain.ExplanationHtml.escape;

/**
 * The translation report as one self-contained HTML page: per sentence the source, the translation and the
 * attention matrix, both as a table (source subwords across, output subwords down, each cell's weight as its
 * text and shade) and as {@link AttentionHeatmap}'s PNG inline. Stateless.
 */
public final class TranslationHtml {

    private static final String STYLE = """
            .scroll{overflow-x:auto;max-width:100%}
            table.attention td{font-family:monospace;font-size:0.85em}
            table.attention th{font-family:monospace;font-weight:normal}
            .sentence{font-size:1.2em}
            """;

    private TranslationHtml() {
    }

    /** The page of the translations of {@code examples}. */
    public static String of(String model, List<Translation> examples) {
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rnn4j explain: ")
                .append(escape(model)).append("</title>\n<style>\n").append(ExplanationHtml.STYLE).append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>Where the translator <code>").append(escape(model))
                .append("</code> looked</h1>\n<p class=\"note\">Each row is an output subword, each column a source"
                        + " subword; a cell holds the attention weight the decoder gave that source subword when it"
                        + " emitted that output subword (each row sums to 1).</p>\n");
        int index = 1;
        for (Translation t : examples) {
            html.append("<section class=\"example\" id=\"example-").append(index).append("\">\n<h2>Example ")
                    .append(index++).append("</h2>\n<p class=\"sentence source\">Source: ").append(escape(t.source()))
                    .append("</p>\n<p class=\"sentence translation\">Translation: <strong>").append(escape(t.text()))
                    .append("</strong></p>\n");
            table(html, t);
            html.append("<img class=\"attention\" alt=\"the attention matrix as a heat map\" src=\"data:image/png;"
                    + "base64,").append(png(t)).append("\">\n</section>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, Translation t) {
        html.append("<div class=\"scroll\"><table class=\"attention\">\n<tr><th></th>");
        for (String s : t.sourceTokens()) {
            html.append("<th class=\"source\">").append(escape(label(s))).append("</th>");
        }
        html.append("</tr>\n");
        List<String> targets = t.targetTokens();
        float[][] weights = t.attention();
        for (int r = 0; r < targets.size(); r++) {
            html.append("<tr class=\"target\"><th>").append(escape(label(targets.get(r)))).append("</th>");
            for (int s = 0; s < t.sourceTokens().size(); s++) {
                float w = weights[r][s];
                String v = String.format(Locale.ROOT, "%.2f", w);
                html.append("<td data-weight=\"").append(String.format(Locale.ROOT, "%.4g", w))
                        .append("\" style=\"background:").append(String.format(Locale.ROOT, "rgba(8,48,107,%.3f)", w))
                        .append(w > 0.5 ? ";color:#fff" : "").append("\">").append(v).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    /** A subword without the space that marks a word start; "·" for a subword that is only that space. */
    private static String label(String token) {
        String s = token.strip();
        return s.isEmpty() ? "·" : s;
    }

    private static String png(Translation t) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(AttentionHeatmap.build(t.source(),
                    t.sourceTokens(), t.targetTokens(), t.attention()), BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the attention heat map", e);
        }
    }
}
