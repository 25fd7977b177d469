package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route of a live server on an ephemeral port, the answers it gives and the errors it refuses with. */
class ServerEndpointsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int BODY_LIMIT = 4096;

    static ModelServer server;
    static String url;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(
                ServedModel.load("sentiment", TestModels.classifier()),
                ServedModel.load("passengers", TestModels.forecaster()),
                ServedModel.of("broken", FakePredictors.failing())),
                ServerOptions.defaults().withPort(0).withMaxBodyBytes(BODY_LIMIT));
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** An error answer: the status, TorchServe's three fields, and no stack trace or server path in it. */
    static JsonNode assertError(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> "content type " + response.headers());
        assertNoTrace(response.body());
        JsonNode body = json(response);
        assertEquals(status, body.get("code").asInt(), response::body);
        assertTrue(body.get("type").asText().endsWith("Exception"), response::body);
        assertFalse(body.get("message").asText().isBlank(), response::body);
        return body;
    }

    static void assertNoTrace(String body) {
        assertFalse(body.contains("\tat ") || body.contains("at dev.rnn4j") || body.contains("at io.javalin")
                || body.contains("at org.eclipse") || body.contains("at java.") || body.contains("Caused by"),
                () -> "a stack trace reached the client: " + body);
    }

    @Test
    void pingSaysHealthy() {
        HttpResponse<String> r = Http.get(url + "/ping");
        assertEquals(200, r.statusCode());
        assertEquals("Healthy", json(r).get("status").asText());
    }

    @Test
    void modelsListsEveryModelByNameAndTask() {
        JsonNode models = json(Http.get(url + "/models")).get("models");
        assertEquals(3, models.size());
        assertEquals("sentiment", models.get(0).get("name").asText());
        assertEquals("text-classification", models.get(0).get("task").asText());
        assertEquals("/predictions/sentiment", models.get(0).get("url").asText());
        assertEquals("passengers", models.get(1).get("name").asText());
        assertEquals("forecast", models.get(1).get("task").asText());
    }

    @Test
    void aModelDescribesWhatItTakesAndItsBatching() {
        JsonNode info = json(Http.get(url + "/models/sentiment"));
        assertEquals("text-classification", info.get("task").asText());
        assertEquals("[\"neg\",\"pos\"]", info.get("settings").get("labels").toString());
        assertTrue(info.get("accepts_plain_text").asBoolean());
        assertEquals(32, info.get("batching").get("max_batch").asInt());
        JsonNode forecast = json(Http.get(url + "/models/passengers"));
        assertEquals(TestModels.HORIZON, forecast.get("settings").get("horizon").asInt());
        assertFalse(forecast.get("accepts_plain_text").asBoolean());
    }

    @Test
    void aTextGetsALabelWithProbabilitiesAsJsonOrPlainText() {
        HttpResponse<String> r = Http.postJson(url + "/predictions/sentiment", "{\"text\": \"the film was superb\"}");
        assertEquals(200, r.statusCode(), r::body);
        JsonNode p = json(r);
        assertTrue(List.of("neg", "pos").contains(p.get("label").asText()), r::body);
        double sum = p.get("probabilities").get("neg").asDouble() + p.get("probabilities").get("pos").asDouble();
        assertEquals(1.0, sum, 1e-6);
        HttpResponse<String> plain = Http.post(url + "/predictions/sentiment", "text/plain; charset=utf-8",
                "the film was superb");
        assertEquals(200, plain.statusCode(), plain::body);
        assertEquals(p, json(plain));
    }

    @Test
    void aHistoryGetsTheNextValuesAndTheirTimes() {
        HttpResponse<String> r = Http.postJson(url + "/predictions/passengers", TestModels.forecastBody(24));
        assertEquals(200, r.statusCode(), r::body);
        JsonNode f = json(r);
        assertEquals(TestModels.HORIZON, f.get("values").size());
        assertTrue(f.get("values").get(0).isNumber());
        assertEquals("2010-01-01T00:00", f.get("times").get(0).asText()); // the month after 2009-12
        assertEquals(TestModels.HORIZON, f.get("times").size());
    }

    @Test
    void malformedJsonAndMissingOrWrongFieldsAre400NamingTheField() {
        String predict = url + "/predictions/sentiment";
        assertTrue(assertError(400, Http.postJson(predict, "{\"text\": ")).get("message").asText()
                .contains("malformed JSON"));
        assertTrue(assertError(400, Http.postJson(predict, "")).get("message").asText().contains("empty body"));
        assertTrue(assertError(400, Http.postJson(predict, "{\"txt\": \"good\"}")).get("message").asText()
                .startsWith("text: missing"));
        assertTrue(assertError(400, Http.postJson(predict, "{\"text\": 3}")).get("message").asText()
                .startsWith("text: expected a string, got number"));
        assertTrue(assertError(400, Http.postJson(predict, "[\"good\"]")).get("message").asText()
                .startsWith("body: expected a JSON object"));
        // a text the model refuses: the predictor's own message
        assertTrue(assertError(400, Http.postJson(predict, "{\"text\": \"   \"}")).get("message").asText()
                .contains("empty text"));
        String forecast = url + "/predictions/passengers";
        assertTrue(assertError(400, Http.postJson(forecast, "{\"times\": [\"2000-01\"]}")).get("message").asText()
                .startsWith("values: missing"));
        assertTrue(assertError(400, Http.postJson(forecast, "{\"values\": [1, 2, \"x\"]}")).get("message")
                .asText().startsWith("values[2]: expected a number, got string"));
        assertTrue(assertError(400, Http.postJson(forecast, "{\"values\": [1], \"features\": 4}")).get("message")
                .asText().startsWith("features: expected an object"));
        assertTrue(assertError(400, Http.postJson(forecast, TestModels.forecastBody(3))).get("message").asText()
                .contains("rows"), "too short a history");
    }

    @Test
    void anUnknownModelOrPathIs404() {
        JsonNode body = assertError(404, Http.postJson(url + "/predictions/nope", "{\"text\": \"good\"}"));
        assertEquals("ModelNotFoundException", body.get("type").asText());
        assertTrue(body.get("message").asText().contains("nope"));
        assertError(404, Http.get(url + "/models/nope"));
        assertError(404, Http.get(url + "/no/such/path"));
        assertError(404, Http.get(url + "/static/secret.txt"));
        assertError(404, Http.get(url + "/static/..%2Fopenapi.json"));
    }

    @Test
    void aKnownPathWithAnotherMethodIs405() {
        HttpResponse<String> get = Http.get(url + "/predictions/sentiment");
        assertEquals("MethodNotAllowedException", assertError(405, get).get("type").asText());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null), get::body);
        assertError(405, Http.send(HttpRequest.newBuilder(URI.create(url + "/models")).DELETE()));
        assertError(405, Http.postJson(url + "/ping", "{}"));
    }

    @Test
    void aBodyPastTheLimitIs413WithOrWithoutItsLength() {
        String big = "{\"text\": \"" + "good ".repeat(BODY_LIMIT / 5 + 10) + "\"}";
        assertError(413, Http.postJson(url + "/predictions/sentiment", big));
        // chunked: no Content-Length, so the limit applies while reading
        byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertError(413, Http.send(HttpRequest.newBuilder(URI.create(url + "/predictions/sentiment"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))));
        String fits = "{\"text\": \"" + "good ".repeat(BODY_LIMIT / 5 - 10) + "\"}";
        assertEquals(200, Http.postJson(url + "/predictions/sentiment", fits).statusCode());
    }

    @Test
    void plainTextToANonTextModelOrAnotherTypeIs415() {
        assertError(415, Http.post(url + "/predictions/passengers", "text/plain", "1 2 3"));
        assertError(415, Http.post(url + "/predictions/sentiment", "application/xml", "<text>good</text>"));
    }

    @Test
    void aFailingModelIs500WithoutItsInternals() {
        JsonNode body = assertError(500, Http.postJson(url + "/predictions/broken", "{\"text\": \"good\"}"));
        assertFalse(body.toString().contains("secret"), body::toString);
        assertFalse(body.toString().contains("IllegalStateException"), body::toString);
    }

    @Test
    void aMalformedUrlGetsNoStackTrace() {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(url + "/predictions/%25zz%00")).GET());
        assertTrue(r.statusCode() >= 400, () -> r.statusCode() + " " + r.body());
        assertNoTrace(r.body());
    }

    @Test
    void itListensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", ServerOptions.defaults().host());
        List<InetSocketAddress> bound = server.boundAddresses();
        assertFalse(bound.isEmpty());
        for (InetSocketAddress address : bound) {
            assertTrue(address.getAddress().isLoopbackAddress(), address::toString);
        }
    }

    @Test
    void metricsCountRequestsLatencyBatchesQueuesAndHeap() {
        Http.postJson(url + "/predictions/sentiment", "{\"text\": \"a lovely story\"}");
        Http.get(url + "/models/nope");
        HttpResponse<String> r = Http.get(url + "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = r.body();
        List<String> expected = new ArrayList<>(List.of(
                "rnn4j_requests_total{method=\"POST\",route=\"/predictions/{name}\",status=\"200\"} ",
                "rnn4j_requests_total{method=\"GET\",route=\"/models/{name}\",status=\"404\"} ",
                "rnn4j_request_duration_seconds_bucket{route=\"/predictions/{name}\",le=\"+Inf\"} ",
                "rnn4j_request_duration_seconds_count{route=\"/predictions/{name}\"} ",
                "rnn4j_batch_size_bucket{model=\"sentiment\",le=\"1\"} ",
                "rnn4j_batch_size_count{model=\"sentiment\"} ",
                "rnn4j_queue_length{model=\"sentiment\"} 0",
                "rnn4j_queue_length{model=\"passengers\"} 0",
                "# TYPE rnn4j_request_duration_seconds histogram",
                "jvm_memory_heap_used_bytes "));
        for (String line : expected) {
            assertTrue(text.contains(line), () -> "no '" + line + "' in\n" + text);
        }
    }
}
