package dev.rnn4j.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns the bytes of a prediction or explanation request's body into a model's input, as the routes do, without
 * HTTP: the size limit ({@code 413}), the {@code Content-Type} (JSON, or {@code text/plain} for a model that takes
 * it; else {@code 415}), UTF-8, the JSON parse with the server's settings (trailing tokens refused; {@code 400}
 * for an empty or malformed body) and the codec's decoding ({@code 400} naming the field). Stateless.
 */
final class RequestBodies {

    /** The server's JSON reader: a body with anything after its value is malformed. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodies() {
    }

    /**
     * The input that {@code body} asks model {@code model} for.
     *
     * @param contentType      the request's {@code Content-Type}, or null when it sent none (read as JSON)
     * @param maxBodyBytes     the most bytes a body may have
     * @param acceptsPlainText whether the model takes a {@code text/plain} body
     * @param fromJson         the codec's decoding of a JSON body
     * @param fromText         the codec's decoding of a {@code text/plain} body
     * @throws ApiException {@code 413} for a body over the limit, {@code 415} for a {@code Content-Type} the model
     *                      does not take, {@code 400} for an empty or malformed JSON body or what the codec refuses
     */
    static <I> I decode(String model, String contentType, byte[] body, int maxBodyBytes, boolean acceptsPlainText,
                        Function<JsonNode, I> fromJson, Function<String, I> fromText) {
        if (body.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, body.length + " bytes");
        }
        boolean plainText = plainText(model, contentType, acceptsPlainText);
        String text = new String(body, StandardCharsets.UTF_8);
        return plainText ? fromText.apply(text) : fromJson.apply(parse(text));
    }

    /** {@code 413} for a body of {@code got} (e.g. "5000 bytes"). */
    static ApiException tooLarge(int maxBodyBytes, String got) {
        return new ApiException(413, "PayloadTooLargeException", "body: expected at most " + maxBodyBytes
                + " bytes, got " + got);
    }

    // true for a text/plain body the model takes as it stands, false for JSON; else 415
    private static boolean plainText(String model, String contentType, boolean acceptsPlainText) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/plain")) {
            if (!acceptsPlainText) {
                throw new ApiException(415, "UnsupportedMediaTypeException", "model '" + model
                        + "' takes a JSON body (Content-Type: application/json), got text/plain");
            }
            return true;
        }
        if (type.isEmpty() || type.startsWith("application/json")) {
            return false;
        }
        throw new ApiException(415, "UnsupportedMediaTypeException", "Content-Type: expected application/json"
                + (acceptsPlainText ? " or text/plain" : "") + ", got " + contentType);
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequest("body: expected a JSON object, got an empty body");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("body: malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
