package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.classify.Prediction;

/**
 * Text classifiers ({@code text-classification}): {@code {"text": "a fine film"}} or the text itself as
 * {@code text/plain} in, {@code {"label": "positive", "probabilities": {"negative": 0.08, "positive": 0.92}}} out.
 */
final class ClassifierCodec implements PredictionCodec<String, Prediction> {

    @Override
    public String task() {
        return "text-classification";
    }

    @Override
    public String fromJson(JsonNode body) {
        return JsonFields.string(JsonFields.object(body, "a \"text\""), "text");
    }

    @Override
    public boolean acceptsPlainText() {
        return true;
    }

    @Override
    public String fromText(String text) {
        return text;
    }

    @Override
    public JsonNode toJson(Prediction output, JsonNodeFactory json) {
        ObjectNode out = json.objectNode();
        out.put("label", output.label());
        ObjectNode probabilities = out.putObject("probabilities");
        output.probabilities().forEach(probabilities::put);
        return out;
    }
}
