package dev.rnn4j.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

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
 * (time, value, lower, upper per step) in place of the tokens.
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
        }
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
        }
        return write(root);
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
