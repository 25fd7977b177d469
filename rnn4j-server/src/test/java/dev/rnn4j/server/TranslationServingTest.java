package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.translate.Translation;
import dev.rnn4j.translate.Translator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A translator served live: JSON and plain-text requests answered as the loaded model answers locally. */
class TranslationServingTest {

    static ModelServer server;
    static String predictions;
    static Translator local;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("de-en", TestModels.translator())),
                ServerOptions.defaults().withPort(0));
        predictions = server.url() + "/predictions/de-en";
        local = (Translator) Predictors.load(TestModels.translator());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJsonRequestGivesTheLocalTranslationWithItsAttention() {
        String sentence = "der hund rennt .";
        JsonNode body = ServerEndpointsTest.json(Http.postJson(predictions, "{\"text\": \"" + sentence + "\"}"));
        Translation expected = local.predict(sentence);
        assertEquals(expected.text(), body.get("translation").asText(), body::toString);
        assertEquals(expected.candidates().size(), body.get("nbest").size());
        assertEquals(expected.candidates().get(0).logProbability(),
                body.get("nbest").get(0).get("log_probability").asDouble(), 1e-9);
        assertEquals(expected.sourceTokens().size(), body.get("source_tokens").size());
        JsonNode attention = body.get("attention");
        assertEquals(expected.targetTokens().size(), attention.size());
        for (JsonNode row : attention) {
            assertEquals(expected.sourceTokens().size(), row.size());
            double sum = 0;
            for (JsonNode v : row) {
                sum += v.asDouble();
            }
            assertEquals(1.0, sum, 1e-4, "an attention row sums to 1");
        }
    }

    @Test
    void aPlainTextBodyIsTheSentenceAndAMissingFieldIsNamed() {
        JsonNode body = ServerEndpointsTest.json(Http.post(predictions, "text/plain", "der ball spielt ."));
        assertEquals(local.predict("der ball spielt .").text(), body.get("translation").asText());
        JsonNode error = ServerEndpointsTest.assertError(400, Http.postJson(predictions, "{\"sentence\": \"x\"}"));
        assertTrue(error.get("message").asText().startsWith("text: missing"), error::toString);
    }
}
