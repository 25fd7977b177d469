package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.explain.Method;
import dev.rnn4j.explain.TextExplainer;
import dev.rnn4j.explain.TextExplanation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /explanations/{name}} on a live server: a classifier's token attributions equal those of the
 * explainer run locally on the same folder; bad bodies are {@code 400} naming the field, an unknown model
 * {@code 404}, and a model the server cannot explain (forecaster, language model, a classifier that is not a
 * trained one) {@code 501}.
 */
class ExplanationEndpointTest {

    static ModelServer server;
    static String url;
    static TextExplainer local;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(
                ServedModel.load("sentiment", TestModels.classifier()),
                ServedModel.load("passengers", TestModels.forecaster()),
                ServedModel.load("chars", TestModels.languageModel()),
                ServedModel.of("slow", FakePredictors.slow(0))), ServerOptions.defaults().withPort(0));
        url = server.url();
        local = new TextExplainer(TextClassifier.load(TestModels.classifier()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTextGetsTheAttributionsOfItsTokensAsTheExplainerGivesThem() {
        String text = "the story was really superb";
        JsonNode body = ServerEndpointsTest.json(Http.postJson(url + "/explanations/sentiment",
                "{\"text\": \"" + text + "\"}"));
        TextExplanation expected = local.explain(text, Method.INTEGRATED_GRADIENTS, ExplanationCodec.STEPS);
        assertEquals(expected.label(), body.get("label").asText(), body::toString);
        assertEquals(expected.probabilities().get("pos"), body.get("probabilities").get("pos").asDouble(), 1e-12);
        assertEquals("ig", body.get("method").asText());
        assertEquals(ExplanationCodec.STEPS, body.get("steps").asInt());
        assertEquals(expected.explained(), body.get("explained").asText());
        JsonNode tokens = body.get("tokens");
        double[] scores = expected.attribution().scores();
        assertEquals(expected.tokens().size(), tokens.size(), body::toString);
        double sum = 0;
        for (int t = 0; t < scores.length; t++) {
            assertEquals(expected.tokens().get(t), tokens.get(t).get("token").asText());
            assertTrue(tokens.get(t).get("known").asBoolean());
            assertEquals(scores[t], tokens.get(t).get("attribution").asDouble(), 1e-9, "token " + t);
            sum += tokens.get(t).get("attribution").asDouble();
        }
        JsonNode completeness = body.get("completeness");
        assertEquals(sum, completeness.get("sum").asDouble(), 1e-9);
        assertEquals(body.get("output").asDouble() - body.get("baseline_output").asDouble(),
                completeness.get("change").asDouble(), 1e-12);
        assertTrue(completeness.get("relative_gap").asDouble() < 0.01, completeness::toString);
    }

    @Test
    void plainTextIsTheTextAndOcclusionHasNoCompleteness() {
        String text = "a dull movie";
        JsonNode plain = ServerEndpointsTest.json(Http.post(url + "/explanations/sentiment", "text/plain", text));
        assertEquals(local.explain(text, Method.INTEGRATED_GRADIENTS, ExplanationCodec.STEPS).attribution().scores()[1],
                plain.get("tokens").get(1).get("attribution").asDouble(), 1e-9);
        JsonNode occlusion = ServerEndpointsTest.json(Http.postJson(url + "/explanations/sentiment",
                "{\"text\": \"" + text + "\", \"method\": \"occlusion\"}"));
        assertEquals("occlusion", occlusion.get("method").asText());
        assertEquals(0, occlusion.get("steps").asInt());
        assertFalse(occlusion.has("completeness"), occlusion::toString);
        double[] expected = local.explain(text, Method.OCCLUSION, 0).attribution().scores();
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], occlusion.get("tokens").get(t).get("attribution").asDouble(), 1e-9);
        }
    }

    @Test
    void badBodiesAre400NamingTheField() {
        String tooLong = "the film ".repeat(ClassifierExplainer.MAX_TOKENS / 2 + 1);
        String[][] cases = {
                {"{\"text\": ", "body: malformed JSON"},
                {"", "body: expected a JSON object"},
                {"[1, 2]", "body: expected a JSON object"},
                {"{\"sentence\": \"good\"}", "text: missing"},
                {"{\"text\": 3}", "text: expected a string"},
                {"{\"text\": \"good\", \"method\": \"shap\"}", "method: expected one of ig, occlusion, gradxinput"},
                {"{\"text\": \"good\", \"method\": 1}", "method: expected a string"},
                {"{\"text\": \"   \"}", "text: empty"},
                {"{\"text\": \"qqq zzz\"}", "text: every token is unknown"},
                {"{\"text\": \"" + tooLong + "\"}", "text: expected at most " + ClassifierExplainer.MAX_TOKENS
                        + " tokens for an explanation, got " + (ClassifierExplainer.MAX_TOKENS + 2)},
        };
        for (String[] c : cases) {
            JsonNode error = ServerEndpointsTest.assertError(400, Http.postJson(url + "/explanations/sentiment", c[0]));
            assertTrue(error.get("message").asText().startsWith(c[1]), () -> c[0] + " -> " + error);
        }
        ServerEndpointsTest.assertError(415, Http.post(url + "/explanations/sentiment", "text/csv", "good"));
    }

    @Test
    void anUnknownModelIs404AndAnotherMethodIs405() {
        JsonNode error = ServerEndpointsTest.assertError(404, Http.postJson(url + "/explanations/nope",
                "{\"text\": \"good\"}"));
        assertEquals("ModelNotFoundException", error.get("type").asText());
        ServerEndpointsTest.assertError(405, Http.get(url + "/explanations/sentiment"));
    }

    @Test
    void aModelTheServerCannotExplainIs501AndSaysSoInItsDescription() {
        for (String name : List.of("passengers", "chars", "slow")) {
            JsonNode error = ServerEndpointsTest.assertError(501, Http.postJson(url + "/explanations/" + name,
                    "{\"text\": \"good\"}"));
            assertEquals("NotImplementedException", error.get("type").asText());
            assertTrue(error.get("message").asText().startsWith("model '" + name + "' (task "), error::toString);
            assertTrue(error.get("message").asText().endsWith("the server explains text classifiers only"),
                    error::toString);
            assertFalse(ServerEndpointsTest.json(Http.get(url + "/models/" + name)).get("explains").asBoolean());
        }
        assertTrue(ServerEndpointsTest.json(Http.get(url + "/models/sentiment")).get("explains").asBoolean());
    }

    @Test
    void anExplanationPastTheTimeoutIs504() {
        try (ModelServer quick = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier())),
                ServerOptions.defaults().withPort(0).withTimeoutMillis(1))) {
            // 64 integrated-gradient passes over 250 tokens (the limit is 256) take far longer than 1 ms
            // on any machine; a five-word text can finish inside it on a quiet one
            String longText = "the story was really superb ".repeat(50).strip();
            JsonNode error = ServerEndpointsTest.assertError(504, Http.postJson(quick.url()
                    + "/explanations/sentiment", "{\"text\": \"" + longText + "\"}"));
            assertTrue(error.get("message").asText().endsWith("gave no answer within 1 ms"), error::toString);
        }
    }
}
