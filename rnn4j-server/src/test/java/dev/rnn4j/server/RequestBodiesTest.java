package dev.rnn4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestBodies#decode} without HTTP, with the classifier's codec (it takes JSON and plain text) and the
 * forecaster's (JSON only): what decodes, and the status and message of every refusal, in the order the routes
 * check them (size, then type, then the JSON and the codec).
 */
class RequestBodiesTest {

    private static final ClassifierCodec TEXT = new ClassifierCodec();
    private static final ForecastCodec FORECAST = new ForecastCodec();

    private static <I> I decode(PredictionCodec<I, ?> codec, String contentType, String body, int limit) {
        return RequestBodies.decode("m", contentType, body.getBytes(StandardCharsets.UTF_8), limit,
                codec.acceptsPlainText(), codec::fromJson, codec::fromText);
    }

    private static ApiException refused(PredictionCodec<?, ?> codec, String contentType, String body, int limit) {
        return assertThrows(ApiException.class, () -> decode(codec, contentType, body, limit));
    }

    @Test
    void jsonWithOrWithoutItsTypeAndPlainTextDecode() {
        assertEquals("a good film", decode(TEXT, "application/json; charset=utf-8", "{\"text\": \"a good film\"}", 100));
        assertEquals("a good film", decode(TEXT, null, "{\"text\": \"a good film\"}", 100));
        assertEquals("  a good film\n", decode(TEXT, "text/plain", "  a good film\n", 100));
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItsTypeIsLookedAt() {
        ApiException e = refused(TEXT, "application/xml", "x".repeat(101), 100);
        assertEquals(413, e.status());
        assertEquals("body: expected at most 100 bytes, got 101 bytes", e.getMessage());
    }

    @Test
    void anotherTypeOrPlainTextToAJsonOnlyModelIs415() {
        ApiException xml = refused(TEXT, "application/xml", "<text>good</text>", 100);
        assertEquals(415, xml.status());
        assertEquals("Content-Type: expected application/json or text/plain, got application/xml", xml.getMessage());
        ApiException plain = refused(FORECAST, "text/plain", "1 2 3", 100);
        assertEquals(415, plain.status());
        assertEquals("model 'm' takes a JSON body (Content-Type: application/json), got text/plain",
                plain.getMessage());
    }

    @Test
    void blankMalformedOrTrailingJsonIs400() {
        assertEquals("body: expected a JSON object, got an empty body", refused(TEXT, null, " \n", 100).getMessage());
        ApiException malformed = refused(TEXT, "application/json", "{\"text\": \"good\"", 100);
        assertEquals(400, malformed.status());
        assertTrue(malformed.getMessage().startsWith("body: malformed JSON at line 1, column "), malformed.getMessage());
        ApiException trailing = refused(TEXT, "application/json", "{\"text\": \"a\"} {\"text\": \"b\"}", 100);
        assertTrue(trailing.getMessage().startsWith("body: malformed JSON at line 1"), trailing.getMessage());
        ApiException nested = refused(TEXT, "application/json", "[".repeat(1500), 2000);
        assertTrue(nested.getMessage().startsWith("body: malformed JSON"), nested.getMessage());
    }
}
