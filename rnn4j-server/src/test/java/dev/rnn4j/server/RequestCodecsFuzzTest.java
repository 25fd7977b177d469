package dev.rnn4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rnn4j.forecast.ForecastRequest;
import dev.rnn4j.lm.GenerationRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target of the server's request decoding: the {@code fromJson} and {@code fromText} of every
 * {@link PredictionCodec} (classifier, forecast, language model, translation) and of the
 * {@link ExplanationCodec}. Any body either decodes, or raises an {@link ApiException} with status 400
 * and a non-blank message that the server sends to the client; any other exception or error, or a hang, is a
 * finding. What decodes must hold what the body said: the text of a classifier, translation or explanation
 * request is the body's {@code text} (or the plain body), a forecast's values are the body's numbers, and a
 * generation request keeps its prime and stays within the codec's limits.
 *
 * <p>The first byte of an input picks the codec (its low three bits modulo 5: classifier, forecast, language
 * model, translation, explanation) and bit 3 a {@code text/plain} body instead of JSON (for the codecs that take
 * one); the rest is the body, decoded as UTF-8 as the server decodes it. A JSON body is parsed with the
 * server's settings (trailing tokens refused); malformed JSON is the server's {@code 400} before any codec,
 * so such inputs end there. Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/server/RequestCodecsFuzzTestInputs/decodesOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class RequestCodecsFuzzTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static final PredictionCodec<?, ?>[] CODECS = {
        new ClassifierCodec(), new ForecastCodec(), new LanguageModelCodec(), new TranslationCodec()
    };

    @FuzzTest(maxDuration = "60s")
    void decodesOrFailsClearly(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int which = (input[0] & 7) % (CODECS.length + 1);
        boolean plainText = (input[0] & 8) != 0;
        String body = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        JsonNode json = null;
        if (!plainText) {
            if (body.isBlank()) {
                return;
            }
            try {
                json = JSON.readTree(body);
            } catch (JacksonException e) {
                return;
            }
        }
        Object decoded;
        try {
            if (which == CODECS.length) {
                decoded = plainText ? ExplanationCodec.fromText(body) : ExplanationCodec.fromJson(json);
            } else {
                PredictionCodec<?, ?> codec = CODECS[which];
                if (plainText && !codec.acceptsPlainText()) {
                    return;
                }
                decoded = plainText ? codec.fromText(body) : codec.fromJson(json);
            }
        } catch (ApiException e) {
            assertEquals(400, e.status(), "a request body refused with another status than 400: " + e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an ApiException without a message");
            return;
        }
        assertNotNull(decoded);
        String text = plainText ? body : json.path("text").asText(null);
        if (decoded instanceof String decodedText) {
            assertEquals(text, decodedText, "the text of the request");
        } else if (decoded instanceof ExplanationCodec.Request request) {
            assertEquals(text, request.text(), "the text to explain");
            assertNotNull(request.method());
        } else if (decoded instanceof ForecastRequest forecast) {
            double[] values = new double[json.get("values").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = json.get("values").get(i).asDouble();
            }
            assertArrayEquals(values, forecast.values(), "the forecast's values");
        } else if (decoded instanceof GenerationRequest generation) {
            assertEquals(plainText ? body : json.get("prime").asText(), generation.prime(), "the prime");
            assertTrue(generation.length() >= 1 && generation.length() <= LanguageModelCodec.MAX_LENGTH,
                    "length " + generation.length() + " outside [1, " + LanguageModelCodec.MAX_LENGTH + "]");
            assertTrue(generation.samples() >= 1 && generation.samples() <= LanguageModelCodec.MAX_SAMPLES,
                    "samples " + generation.samples() + " outside [1, " + LanguageModelCodec.MAX_SAMPLES + "]");
        } else {
            throw new AssertionError("decoded to an unexpected type " + decoded.getClass());
        }
    }
}
