package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.lm.Generation;
import dev.rnn4j.lm.GenerationRequest;
import dev.rnn4j.lm.LanguageModel;

/**
 * Language models ({@code language-model}), of characters or of BPE subwords ({@code length} then counts subwords,
 * and a prime may hold any character):
 * {@code {"prime": "ROMEO:", "length": 200, "temperature": 0.8, "top_k": 0, "top_p": 0.95, "greedy": false,
 * "seed": 1, "samples": 1, "probabilities": false}} (only {@code prime} required; the rest default to sampling at
 * temperature 1 from the full distribution, one sample, seed 0), or the prime itself as {@code text/plain} (then
 * {@value #PLAIN_TEXT_LENGTH} characters are generated) in;
 * {@code {"prime": "ROMEO:", "samples": [{"text": "...", "probabilities": [...]}]}} out.
 *
 * <p>A request asks for at most {@value #MAX_LENGTH} characters and {@value #MAX_SAMPLES} samples, so that one
 * request cannot hold a batch worker for long; larger values are a {@code 400} naming the field.
 */
final class LanguageModelCodec implements PredictionCodec<GenerationRequest, Generation> {

    /** The most characters one request may generate. */
    static final int MAX_LENGTH = 4096;
    /** The most samples one request may ask for. */
    static final int MAX_SAMPLES = 16;
    /** Characters generated for a {@code text/plain} request. */
    static final int PLAIN_TEXT_LENGTH = 200;

    @Override
    public String task() {
        return LanguageModel.TASK;
    }

    @Override
    public GenerationRequest fromJson(JsonNode body) {
        JsonNode object = JsonFields.object(body, "a \"prime\"");
        String prime = JsonFields.string(object, "prime");
        int length = integer(object, "length", PLAIN_TEXT_LENGTH, 1, MAX_LENGTH);
        double temperature = number(object, "temperature", 1.0);
        int topK = integer(object, "top_k", 0, 0, Integer.MAX_VALUE);
        double topP = number(object, "top_p", 1.0);
        boolean greedy = bool(object, "greedy");
        long seed = integer(object, "seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int samples = integer(object, "samples", 1, 1, MAX_SAMPLES);
        boolean probabilities = bool(object, "probabilities");
        try {
            return new GenerationRequest(prime, length, temperature, topK, topP, greedy, seed, samples, probabilities);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    @Override
    public boolean acceptsPlainText() {
        return true;
    }

    @Override
    public GenerationRequest fromText(String text) {
        if (text.isEmpty()) {
            throw ApiException.badRequest("body: expected a prime of at least one character, got an empty text");
        }
        return GenerationRequest.of(text, PLAIN_TEXT_LENGTH);
    }

    @Override
    public JsonNode toJson(Generation output, JsonNodeFactory json) {
        ObjectNode out = json.objectNode();
        out.put("prime", output.prime());
        ArrayNode samples = out.putArray("samples");
        for (Generation.Sample sample : output.samples()) {
            ObjectNode s = samples.addObject();
            s.put("text", sample.text());
            double[] p = sample.probabilities();
            if (p != null) {
                ArrayNode probabilities = s.putArray("probabilities");
                for (double v : p) {
                    probabilities.add(v);
                }
            }
        }
        return out;
    }

    private static int integer(JsonNode object, String field, int absent, int min, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw ApiException.badRequest(field + ": expected an integer, got " + JsonFields.kind(value));
        }
        int v = value.intValue();
        if (v < min || v > max) {
            throw ApiException.badRequest(field + ": expected an integer in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    private static double number(JsonNode object, String field, double absent) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(field + ": expected a number, got " + JsonFields.kind(value));
        }
        return value.doubleValue();
    }

    private static boolean bool(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + ": expected true or false, got " + JsonFields.kind(value));
        }
        return value.booleanValue();
    }
}
