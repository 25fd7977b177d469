package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.explain.Attribution;
import dev.rnn4j.explain.Attributions;
import dev.rnn4j.explain.Method;
import dev.rnn4j.explain.TextExplanation;

/**
 * The JSON of {@code POST /explanations/{name}} for text classifiers: {@code {"text": "a fine film",
 * "method": "ig"}} ({@code method} optional: {@code ig}, the default, {@code occlusion} or {@code gradxinput}) or
 * the text itself as {@code text/plain} in; out the prediction, the method and the attribution of each token:
 * <pre>{@code
 * {"label": "pos", "probabilities": {"neg": 0.08, "pos": 0.92}, "network_probabilities": {...},
 *  "method": "ig", "steps": 64, "explained": "...", "baseline": "...", "output": 0.92, "baseline_output": 0.47,
 *  "completeness": {"sum": 0.449, "change": 0.45, "relative_gap": 0.002},
 *  "tokens": [{"token": "fine", "known": true, "attribution": 0.41}, ...]}
 * }</pre>
 * {@code completeness} is there for integrated gradients only, whose attributions add up to
 * {@code output - baseline_output}; {@code steps} is {@value #STEPS} for them and 0 for the other methods.
 * Stateless.
 */
final class ExplanationCodec {

    /** Trapezoid intervals of integrated gradients: the explainer's default, fixed so that a request's cost is. */
    static final int STEPS = Attributions.DEFAULT_STEPS;

    /** What to explain: a text and the method. */
    record Request(String text, Method method) {
    }

    private ExplanationCodec() {
    }

    /**
     * The request of a JSON body.
     *
     * @throws ApiException {@code 400} naming the field that is missing or wrong
     */
    static Request fromJson(JsonNode body) {
        JsonNode object = JsonFields.object(body, "a \"text\"");
        String text = JsonFields.string(object, "text");
        JsonNode method = object.get("method");
        if (method == null || method.isNull()) {
            return new Request(text, Method.INTEGRATED_GRADIENTS);
        }
        if (!method.isTextual()) {
            throw ApiException.badRequest("method: expected a string (ig, occlusion or gradxinput), got "
                    + JsonFields.kind(method));
        }
        try {
            return new Request(text, Method.parse(method.asText()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * The request a body sent to {@code POST /explanations/{name}} of {@code model} asks for, decoded as
     * {@link RequestBodies#decode} does; a {@code text/plain} body is taken when the model's codec takes one.
     *
     * @param contentType the request's {@code Content-Type}, or null for none
     * @throws ApiException {@code 413}, {@code 415} or {@code 400} as {@link RequestBodies#decode} says
     */
    static Request decode(ServedModel<?, ?> model, String contentType, byte[] body, int maxBodyBytes) {
        return RequestBodies.decode(model.name(), contentType, body, maxBodyBytes, model.codec().acceptsPlainText(),
                ExplanationCodec::fromJson, ExplanationCodec::fromText);
    }

    /** The request of a {@code text/plain} body: the text, explained by integrated gradients. */
    static Request fromText(String text) {
        return new Request(text, Method.INTEGRATED_GRADIENTS);
    }

    /** The response body of one explanation. */
    static JsonNode toJson(TextExplanation explanation, JsonNodeFactory json) {
        Attribution a = explanation.attribution();
        ObjectNode out = json.objectNode();
        out.put("label", explanation.label());
        ObjectNode probabilities = out.putObject("probabilities");
        explanation.probabilities().forEach(probabilities::put);
        ObjectNode networks = out.putObject("network_probabilities");
        explanation.networkProbabilities().forEach(networks::put);
        out.put("method", a.method().key());
        out.put("steps", a.steps());
        out.put("explained", explanation.explained());
        out.put("baseline", explanation.baseline());
        out.put("output", a.output());
        out.put("baseline_output", a.baselineOutput());
        if (a.method() == Method.INTEGRATED_GRADIENTS) {
            out.putObject("completeness").put("sum", a.total()).put("change", a.output() - a.baselineOutput())
                    .put("relative_gap", a.completenessGap());
        }
        ArrayNode tokens = out.putArray("tokens");
        double[] scores = a.scores();
        for (int t = 0; t < scores.length; t++) {
            tokens.addObject().put("token", explanation.tokens().get(t)).put("known", explanation.known().get(t))
                    .put("attribution", scores[t]);
        }
        return out;
    }
}
