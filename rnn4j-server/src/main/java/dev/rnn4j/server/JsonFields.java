package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads typed fields out of a request body; every error is a {@code 400} naming the field. */
final class JsonFields {

    private JsonFields() {
    }

    /** The body as a JSON object. */
    static JsonNode object(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body: expected a JSON object with " + what + ", got " + kind(body));
        }
        return body;
    }

    /** A field that must be present; {@code expected} says what it holds. */
    static JsonNode required(JsonNode object, String field, String expected) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + ": missing; expected " + expected);
        }
        return value;
    }

    /** A required string field. */
    static String string(JsonNode object, String field) {
        JsonNode value = required(object, field, "a string");
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string, got " + kind(value));
        }
        return value.asText();
    }

    /** A JSON array of numbers, as doubles; {@code name} is the field's path, e.g. {@code features.Temp}. */
    static double[] numbers(JsonNode value, String name) {
        if (!value.isArray()) {
            throw ApiException.badRequest(name + ": expected an array of numbers, got " + kind(value));
        }
        double[] out = new double[value.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = value.get(i);
            if (!v.isNumber()) {
                throw ApiException.badRequest(name + "[" + i + "]: expected a number, got " + kind(v));
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    /** A JSON array of strings. */
    static List<String> strings(JsonNode value, String name) {
        if (!value.isArray()) {
            throw ApiException.badRequest(name + ": expected an array of strings, got " + kind(value));
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode v = value.get(i);
            if (!v.isTextual()) {
                throw ApiException.badRequest(name + "[" + i + "]: expected a string, got " + kind(v));
            }
            out.add(v.asText());
        }
        return out;
    }

    /** What a JSON value is, in words, for error messages. */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
