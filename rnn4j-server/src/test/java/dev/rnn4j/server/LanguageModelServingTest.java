package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.lm.GenerationRequest;
import dev.rnn4j.lm.LanguageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A character language model served live: JSON and plain-text requests, and the fields it refuses. */
class LanguageModelServingTest {

    static ModelServer server;
    static String predictions;
    static LanguageModel local;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("chars", TestModels.languageModel())),
                ServerOptions.defaults().withPort(0));
        predictions = server.url() + "/predictions/chars";
        local = LanguageModel.load(TestModels.languageModel());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJsonRequestGivesWhatTheModelGivesLocally() {
        JsonNode body = ServerEndpointsTest.json(Http.postJson(predictions,
                "{\"prime\": \"the \", \"length\": 30, \"temperature\": 0.8, \"top_p\": 0.9, \"seed\": 4,"
                        + " \"samples\": 2, \"probabilities\": true}"));
        var expected = local.generate(new GenerationRequest("the ", 30, 0.8, 0, 0.9, false, 4, 2, true));
        assertEquals("the ", body.get("prime").asText());
        assertEquals(2, body.get("samples").size(), body::toString);
        for (int i = 0; i < 2; i++) {
            JsonNode sample = body.get("samples").get(i);
            assertEquals(expected.samples().get(i).text(), sample.get("text").asText());
            double[] p = expected.samples().get(i).probabilities();
            assertEquals(p.length, sample.get("probabilities").size());
            for (int t = 0; t < p.length; t++) {
                assertEquals(p[t], sample.get("probabilities").get(t).asDouble(), 0.0);
            }
        }
    }

    @Test
    void aPlainTextBodyIsThePrime() {
        JsonNode body = ServerEndpointsTest.json(Http.post(predictions, "text/plain", "a "));
        String text = body.get("samples").get(0).get("text").asText();
        assertEquals(LanguageModelCodec.PLAIN_TEXT_LENGTH, text.codePointCount(0, text.length()));
        assertEquals(local.generate(GenerationRequest.of("a ", LanguageModelCodec.PLAIN_TEXT_LENGTH))
                .samples().get(0).text(), text);
    }

    @Test
    void badFieldsAre400sNamingTheField() {
        String[][] cases = {
                {"{\"length\": 5}", "prime"},
                {"{\"prime\": \"the\", \"length\": 0}", "length"},
                {"{\"prime\": \"the\", \"length\": 100000}", "length"},
                {"{\"prime\": \"the\", \"length\": \"ten\"}", "length"},
                {"{\"prime\": \"the\", \"temperature\": 0}", "temperature"},
                {"{\"prime\": \"the\", \"top_p\": 1.5}", "top-p"},
                {"{\"prime\": \"the\", \"samples\": 1000}", "samples"},
                {"{\"prime\": \"the\", \"greedy\": \"yes\"}", "greedy"},
                {"{\"prime\": \"QQQ\"}", "prime"},
        };
        for (String[] c : cases) {
            JsonNode error = ServerEndpointsTest.assertError(400, Http.postJson(predictions, c[0]));
            assertTrue(error.get("message").asText().startsWith(c[1]), c[0] + " -> " + error);
        }
    }
}
