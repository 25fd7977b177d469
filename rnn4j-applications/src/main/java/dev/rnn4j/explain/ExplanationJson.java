package dev.rnn4j.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.translate.Translation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers of an explanation report as JSON: the same values as the HTML page ({@link ExplanationHtml}),
 * unrounded. Stateless.
 *
 * <pre>{@code
 * {"model": "models/sst2", "task": "classify", "method": "ig", "steps": 64,
 *  "examples": [{"text": "...", "label": "1", "probabilities": {...}, "network_probabilities": {...},
 *                "explained": "...", "baseline": "...", "output": 0.93, "baseline_output": 0.41,
 *                "completeness": {"sum": 0.519, "change": 0.52, "relative_gap": 0.002},
 *                "tokens": [{"token": "witty", "known": true, "score": 0.31}, ...]}]}
 * }</pre>
 * A forecast example has {@code window} (time, value, score, feature_scores per step) and {@code forecast}
 * (time, value, lower, upper per step) in place of the tokens. Every example of either has {@code cells}: the first
 * ensemble network's most active units per layer with their states and gates over the first
 * {@link CellsHtml#STEPS_SHOWN} steps (as the page's heat maps; a bidirectional network's units name their
 * {@code direction}); the report has {@code gate_saturation} over every example's steps. The language-model and translation reports
 * ({@link #ofLanguageModel}, {@link #ofTranslations}) have layouts of their own, described there.
 */
public final class ExplanationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExplanationJson() {
    }

    /** The report of text explanations, pretty-printed. */
    public static String ofTexts(String model, Method method, int steps, List<TextExplanation> examples) {
        ObjectNode root = header(model, "classify", method, steps);
        ArrayNode list = root.putArray("examples");
        for (TextExplanation e : examples) {
            ObjectNode node = list.addObject();
            node.put("text", e.text());
            node.put("label", e.label());
            putMap(node.putObject("probabilities"), e.probabilities());
            putMap(node.putObject("network_probabilities"), e.networkProbabilities());
            common(node, e.explained(), e.baseline(), e.attribution());
            ArrayNode tokens = node.putArray("tokens");
            double[] scores = e.attribution().scores();
            for (int t = 0; t < scores.length; t++) {
                tokens.addObject().put("token", e.tokens().get(t)).put("known", e.known().get(t))
                        .put("score", scores[t]);
            }
            cells(node, e.cells());
        }
        saturation(root, examples.stream().map(TextExplanation::cells).toList());
        return write(root);
    }

    /** The report of forecast explanations, pretty-printed. */
    public static String ofSeries(String model, Method method, int steps, List<SeriesExplanation> examples) {
        ObjectNode root = header(model, "forecast", method, steps);
        ArrayNode list = root.putArray("examples");
        for (SeriesExplanation e : examples) {
            ObjectNode node = list.addObject();
            node.put("target", e.target());
            node.put("step", e.step());
            ArrayNode features = node.putArray("features");
            e.features().forEach(features::add);
            common(node, e.explained(), e.baseline(), e.attribution());
            ArrayNode window = node.putArray("window");
            double[] scores = e.attribution().scores();
            double[] values = e.attribution().valueScores();
            int width = e.features().size();
            for (int t = 0; t < scores.length; t++) {
                ObjectNode step = window.addObject().put("time", e.times().get(t)).put("value", e.window()[t])
                        .put("score", scores[t]);
                if (values != null) {
                    ArrayNode perFeature = step.putArray("feature_scores");
                    for (int j = 0; j < width; j++) {
                        perFeature.add(values[t * width + j]);
                    }
                }
            }
            ArrayNode forecast = node.putArray("forecast");
            for (int h = 0; h < e.forecast().length; h++) {
                ObjectNode v = forecast.addObject().put("time", e.forecastTimes().get(h)).put("value", e.forecast()[h]);
                if (e.lower() != null) {
                    v.put("lower", e.lower()[h]).put("upper", e.upper()[h]);
                }
            }
            cells(node, e.cells());
        }
        saturation(root, examples.stream().map(SeriesExplanation::cells).toList());
        return write(root);
    }

    /**
     * The language-model report: per character its chosen-unit value, the next-character guesses and the
     * probability of the character that follows; the feature trackers; per layer the most active units with their
     * states and gates over the first {@link LanguageModelHtml#SHOWN_STEPS} characters (as the page's heat maps);
     * the gate saturation.
     */
    public static String ofLanguageModel(String model, LanguageModelExplanation e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        root.put("task", "language-model");
        CellTrace trace = e.trace();
        root.put("cell", trace.cell());
        root.put("layers", trace.layers().size());
        root.put("hidden", trace.hidden());
        root.put("text", e.text());
        root.put("truncated", e.truncated());
        root.putObject("unit").put("layer", e.unit().layer()).put("unit", e.unit().unit())
                .put("choice", e.unitChoice());
        ArrayNode characters = root.putArray("characters");
        float[] values = e.unitValues();
        for (int t = 0; t < e.tokens().size(); t++) {
            ObjectNode c = characters.addObject().put("char", e.tokens().get(t)).put("known", e.known().get(t))
                    .put("value", values[t]);
            if (t + 1 < e.tokens().size()) {
                c.put("next_probability", e.actualNext()[t]);
            }
            ArrayNode next = c.putArray("next");
            for (LanguageModelExplanation.Candidate candidate : e.next().get(t)) {
                next.addObject().put("char", candidate.character()).put("p", candidate.probability());
            }
        }
        ObjectNode trackers = root.putObject("trackers");
        e.trackers().forEach((feature, units) -> {
            ArrayNode list = trackers.putArray(feature.key());
            units.forEach(u -> list.addObject().put("layer", u.layer()).put("unit", u.unit())
                    .put("r", u.correlation()));
        });
        int shown = Math.min(LanguageModelHtml.SHOWN_STEPS, trace.steps());
        root.put("shown_steps", shown);
        mostActive(root.putArray("most_active"), trace, e.mostActive(), shown);
        if (e.saturation() != null) {
            saturationRows(root.putArray("gate_saturation"), e.saturation());
        }
        return write(root);
    }

    /** The translation report: per sentence the translation, the subwords and the attention matrix (T, S). */
    public static String ofTranslations(String model, List<Translation> examples) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        root.put("task", "translation");
        ArrayNode list = root.putArray("examples");
        for (Translation t : examples) {
            ObjectNode node = list.addObject();
            node.put("source", t.source());
            node.put("translation", t.text());
            ArrayNode source = node.putArray("source_tokens");
            t.sourceTokens().forEach(source::add);
            ArrayNode target = node.putArray("target_tokens");
            t.targetTokens().forEach(target::add);
            ArrayNode attention = node.putArray("attention");
            for (float[] row : t.attention()) {
                floats(attention.addArray(), row, row.length);
            }
        }
        return write(root);
    }

    // per layer the most active units with their states and gates over the first `shown` steps
    private static void mostActive(ArrayNode layers, CellTrace trace, List<int[]> mostActive, int shown) {
        int h = trace.hidden();
        for (int l = 0; l < trace.layers().size(); l++) {
            ArrayNode units = layers.addArray();
            for (int u : mostActive.get(l)) {
                ObjectNode unit = units.addObject().put("layer", l).put("unit", u % h);
                if (trace.directions() == 2) {
                    unit.put("direction", u < h ? "forward" : "reverse");
                }
                floats(unit.putArray("h"), trace.hiddenOf(l, u), shown);
                if (trace.cell().equals("LSTM")) {
                    floats(unit.putArray("c"), trace.cellOf(l, u), shown);
                }
                for (int g = 0; g < trace.gates().size(); g++) {
                    floats(unit.putArray(trace.gates().get(g)), trace.gateOf(l, g, u), shown);
                }
            }
        }
    }

    // an example's inside-the-cells numbers, as the page's heat maps; nothing when the example has no trace
    private static void cells(ObjectNode example, CellTrace trace) {
        if (trace == null) {
            return;
        }
        int shown = Math.min(CellsHtml.STEPS_SHOWN, trace.steps());
        ObjectNode node = example.putObject("cells").put("network", 1).put("cell", trace.cell())
                .put("layers", trace.layers().size()).put("hidden", trace.hidden())
                .put("directions", trace.directions()).put("shown_steps", shown);
        List<int[]> mostActive = new ArrayList<>();
        for (int l = 0; l < trace.layers().size(); l++) {
            mostActive.add(trace.mostActive(l, CellsHtml.UNITS_SHOWN));
        }
        mostActive(node.putArray("most_active"), trace, mostActive, shown);
    }

    // the gate saturation over every example's trace, as the page's table
    private static void saturation(ObjectNode root, List<CellTrace> traces) {
        List<CellTrace> present = traces.stream().filter(Objects::nonNull).toList();
        if (!present.isEmpty() && !present.get(0).gates().isEmpty()) {
            saturationRows(root.putArray("gate_saturation"), GateSaturation.of(present));
        }
    }

    private static void saturationRows(ArrayNode array, GateSaturation saturation) {
        for (GateSaturation.Row r : saturation.rows()) {
            ObjectNode row = array.addObject().put("layer", r.layer());
            if (saturation.bidirectional()) {
                row.put("direction", r.direction() == 0 ? "forward" : "reverse");
            }
            row.put("gate", r.gate()).put("values", r.values()).put("below_" + GateSaturation.LOW, r.low())
                    .put("above_" + GateSaturation.HIGH, r.high());
        }
    }

    private static void floats(ArrayNode array, float[] values, int count) {
        for (int i = 0; i < count; i++) {
            array.add(values[i]);
        }
    }

    private static ObjectNode header(String model, String task, Method method, int steps) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        root.put("task", task);
        root.put("method", method.key());
        root.put("steps", method == Method.INTEGRATED_GRADIENTS ? steps : 0);
        return root;
    }

    private static void common(ObjectNode node, String explained, String baseline, Attribution a) {
        node.put("explained", explained);
        node.put("baseline", baseline);
        node.put("output", a.output());
        node.put("baseline_output", a.baselineOutput());
        if (a.method() == Method.INTEGRATED_GRADIENTS) {
            node.putObject("completeness").put("sum", a.total()).put("change", a.output() - a.baselineOutput())
                    .put("relative_gap", a.completenessGap());
        }
    }

    private static void putMap(ObjectNode node, Map<String, Double> values) {
        values.forEach(node::put);
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
