package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.translate.Translation;
import dev.rnn4j.translate.TranslationModel;

/**
 * Translators ({@code translation}): {@code {"text": "Ein Hund rennt."}} or the sentence itself as
 * {@code text/plain} in; out the best translation, the n-best list the model was saved with and the attention of
 * the best one: {@code {"translation": "A dog runs.", "nbest": [{"text": ..., "score": ..., "log_probability":
 * ...}], "source_tokens": [...], "target_tokens": [...], "attention": [[...], ...]}} with one attention row
 * (target token) per target token and one column per source token.
 */
final class TranslationCodec implements PredictionCodec<String, Translation> {

    @Override
    public String task() {
        return TranslationModel.TASK;
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
    public JsonNode toJson(Translation output, JsonNodeFactory json) {
        ObjectNode out = json.objectNode();
        out.put("translation", output.text());
        ArrayNode nbest = out.putArray("nbest");
        for (Translation.Candidate candidate : output.candidates()) {
            nbest.addObject().put("text", candidate.text()).put("score", candidate.score())
                    .put("log_probability", candidate.logProbability());
        }
        ArrayNode source = out.putArray("source_tokens");
        output.sourceTokens().forEach(source::add);
        ArrayNode target = out.putArray("target_tokens");
        output.targetTokens().forEach(target::add);
        ArrayNode attention = out.putArray("attention");
        for (float[] row : output.attention()) {
            ArrayNode r = attention.addArray();
            for (float v : row) {
                r.add(v);
            }
        }
        return out;
    }
}
