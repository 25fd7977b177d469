package dev.rnn4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;

/**
 * Fuzz target of what the server does with a request body before and after a codec: the bytes go through
 * {@link RequestBodies#decode} as the routes call it ({@link ServedModel#decode} for {@code POST /predictions/{name}},
 * {@link ExplanationCodec#decode} for {@code POST /explanations/{name}}): the size limit, the {@code Content-Type},
 * UTF-8, the JSON parse with the server's settings and the codec; then the input is predicted (or explained) at
 * once by the served model, without HTTP or the batcher, and the result encoded as the response body.
 *
 * <p>The first byte of an input picks the route (its low three bits modulo 5: the classifier's, forecaster's,
 * language model's or translator's prediction, or the classifier's explanation; the models are {@link TestModels}'s,
 * trained once per JVM) and its bits 3 and 4 the {@code Content-Type}: {@code application/json},
 * {@code text/plain; charset=utf-8}, none, or {@code application/xml}. The rest is the body, at most
 * {@value #MAX_BODY_BYTES} bytes. The outcome must be what the server answers: {@code 413} exactly for a longer body;
 * else {@code 415} exactly for {@code application/xml} or a plain-text body to a model that takes JSON only; else a
 * JSON object (the prediction or explanation), or {@code 400} with a message (an {@link ApiException}, or the
 * model's {@link IllegalArgumentException}, which the server answers with {@code 400} and its message). Any other
 * exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/server/RequestBodiesFuzzTestInputs/answersOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class RequestBodiesFuzzTest {

    /** The body limit of these runs: small, so that the fuzzer reaches {@code 413}. */
    static final int MAX_BODY_BYTES = 2048;

    private static final String[] CONTENT_TYPES = {"application/json", "text/plain; charset=utf-8", null,
        "application/xml"};
    private static final ServedModel<?, ?>[] MODELS = {
        ServedModel.load("classifier", TestModels.classifier()),
        ServedModel.load("forecaster", TestModels.forecaster()),
        ServedModel.load("language-model", TestModels.languageModel()),
        ServedModel.load("translator", TestModels.translator())
    };
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @FuzzTest(maxDuration = "60s")
    void answersOrFailsClearly(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int route = (input[0] & 7) % (MODELS.length + 1);
        boolean explanation = route == MODELS.length;
        ServedModel<?, ?> model = MODELS[explanation ? 0 : route];
        String contentType = CONTENT_TYPES[(input[0] >> 3) & 3];
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        int expectedStatus = body.length > MAX_BODY_BYTES ? 413
                : "application/xml".equals(contentType) ? 415
                : contentType != null && contentType.startsWith("text/plain") && !model.codec().acceptsPlainText() ? 415
                : 0;
        JsonNode answer;
        try {
            answer = explanation ? explain(model, contentType, body) : predict(model, contentType, body);
        } catch (ApiException e) {
            assertEquals(expectedStatus == 0 ? 400 : expectedStatus, e.status(), "status of: " + e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an ApiException without a message");
            return;
        } catch (IllegalArgumentException e) {
            assertEquals(0, expectedStatus, "the model saw a body the server refuses first: " + e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(),
                    "a model's IllegalArgumentException without a message (the server's 400 would have none)");
            return;
        }
        assertEquals(0, expectedStatus, "answered a body that the server refuses with " + expectedStatus);
        assertTrue(answer.isObject(), "the response body is a JSON object: " + answer);
        if (explanation) {
            assertTrue(answer.path("tokens").isArray(), "an explanation lists its tokens: " + answer);
        }
    }

    // the route's decoding, then the prediction the batcher would make for this input alone
    private static <I, O> JsonNode predict(ServedModel<I, O> model, String contentType, byte[] body) {
        I request = model.decode(contentType, body, MAX_BODY_BYTES);
        return model.codec().toJson(model.predictor().predict(request), NODES);
    }

    // the explanation route's decoding, then the explanation its workers would compute
    private static JsonNode explain(ServedModel<?, ?> model, String contentType, byte[] body) {
        ExplanationCodec.Request request = ExplanationCodec.decode(model, contentType, body, MAX_BODY_BYTES);
        return ExplanationCodec.toJson(model.explainer().explain(request), NODES);
    }
}
