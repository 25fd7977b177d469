package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.classify.Prediction;
import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastRequest;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic batching: many concurrent requests are gathered into batches of more than one, and every answer is
 * the one-by-one prediction of its own input.
 */
class BatchingTest {

    static final int CLIENTS = 48;

    static ModelServer server;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier()),
                        ServedModel.load("passengers", TestModels.forecaster())),
                ServerOptions.defaults().withPort(0).withBatching(16, 100, 1024));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends every body at once from its own thread and returns the answers in order. */
    static List<JsonNode> concurrently(String path, List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (String body : bodies) {
                Callable<HttpResponse<String>> call = () -> {
                    go.await();
                    return Http.postJson(server.url() + path, body);
                };
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<JsonNode> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r::body);
                out.add(ServerEndpointsTest.json(r));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The number of batches and of predictions run for {@code model}, from {@code /metrics}. */
    static long[] batches(String model) {
        String metrics = Http.get(server.url() + "/metrics").body();
        Matcher count = Pattern.compile("rnn4j_batch_size_count\\{model=\"" + model + "\"} (\\d+)").matcher(metrics);
        Matcher sum = Pattern.compile("rnn4j_batch_size_sum\\{model=\"" + model + "\"} (\\d+)").matcher(metrics);
        assertTrue(count.find() && sum.find(), metrics);
        return new long[] {Long.parseLong(count.group(1)), Long.parseLong(sum.group(1))};
    }

    @Test
    void concurrentTextsAreBatchedAndGetTheirOneByOnePredictions() throws Exception {
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> reference = (Predictor<String, Prediction>) Predictors.load(TestModels.classifier());
        List<String> texts = TestModels.texts(CLIENTS, 11);
        List<String> bodies = texts.stream().map(t -> "{\"text\": \"" + t + "\"}").toList();
        long[] before = batches("sentiment");
        List<JsonNode> answers = concurrently("/predictions/sentiment", bodies);
        long[] after = batches("sentiment");
        long batchesRun = after[0] - before[0];
        assertEquals(CLIENTS, after[1] - before[1], "every request predicted once");
        assertTrue(batchesRun < CLIENTS, () -> CLIENTS + " requests in " + batchesRun + " batches: none gathered");
        for (int i = 0; i < CLIENTS; i++) {
            Prediction one = reference.predict(texts.get(i));
            JsonNode got = answers.get(i);
            assertEquals(one.label(), got.get("label").asText(), texts.get(i));
            for (var e : one.probabilities().entrySet()) {
                // predictBatch is documented equal to predict up to float rounding
                assertEquals(e.getValue(), got.get("probabilities").get(e.getKey()).asDouble(), 1e-6, texts.get(i));
            }
        }
    }

    @Test
    void concurrentHistoriesAreBatchedAndGetTheirOneByOneForecasts() throws Exception {
        @SuppressWarnings("unchecked")
        Predictor<ForecastRequest, Forecast> reference =
                (Predictor<ForecastRequest, Forecast>) Predictors.load(TestModels.forecaster());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < CLIENTS / 2; i++) {
            bodies.add(TestModels.forecastBody(TestModels.LOOKBACK + i));
        }
        long[] before = batches("passengers");
        List<JsonNode> answers = concurrently("/predictions/passengers", bodies);
        long[] after = batches("passengers");
        assertTrue(after[0] - before[0] < bodies.size(), "none gathered");
        ServedModel<?, ?> codecOnly = ServedModel.load("reference", TestModels.forecaster());
        for (int i = 0; i < bodies.size(); i++) {
            @SuppressWarnings("unchecked")
            ForecastRequest request = ((PredictionCodec<ForecastRequest, Forecast>) codecOnly.codec())
                    .fromJson(ServerEndpointsTest.JSON.readTree(bodies.get(i)));
            double[] one = reference.predict(request).values();
            JsonNode got = answers.get(i).get("values");
            assertEquals(one.length, got.size());
            for (int h = 0; h < one.length; h++) {
                assertEquals(one[h], got.get(h).asDouble(), 1e-6 * Math.max(1, Math.abs(one[h])), "request " + i);
            }
        }
    }
}
