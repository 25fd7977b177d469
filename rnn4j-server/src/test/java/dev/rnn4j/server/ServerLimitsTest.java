package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits that protect a server under load: the per-request timeout, the bounded queue, and a shutdown that
 * answers the requests in flight. A predictor that takes a set time per batch makes the timing certain.
 */
class ServerLimitsTest {

    static final String BODY = "{\"text\": \"a good film\"}";

    static ModelServer serve(long millisPerBatch, ServerOptions options) {
        return ModelServer.start(List.of(ServedModel.of("slow", FakePredictors.slow(millisPerBatch))), options);
    }

    // one thread per request, so that every request is in flight at once whatever the number of cores
    static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-client");
        t.setDaemon(true);
        return t;
    });

    static CompletableFuture<HttpResponse<String>> postLater(ModelServer server) {
        return CompletableFuture.supplyAsync(() -> Http.postJson(server.url() + "/predictions/slow", BODY), CLIENTS);
    }

    @Test
    void aPredictionPastTheTimeoutIs504() {
        try (ModelServer server = serve(1500, ServerOptions.defaults().withPort(0).withTimeoutMillis(200))) {
            long start = System.nanoTime();
            HttpResponse<String> r = Http.postJson(server.url() + "/predictions/slow", BODY);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            JsonNode body = ServerEndpointsTest.assertError(504, r);
            assertTrue(body.get("message").asText().contains("200 ms"), body::toString);
            assertTrue(millis < 1400, () -> "answered after " + millis + " ms, not at the timeout");
        }
    }

    @Test
    void aRequestThatTimedOutWhileQueuedIsNeverPredicted() throws Exception {
        // the first batch runs far longer than the timeout, so the queued request times out before it ends
        try (ModelServer server = serve(1500, ServerOptions.defaults().withPort(0).withBatching(1, 0, 8)
                .withTimeoutMillis(300))) {
            CompletableFuture<HttpResponse<String>> first = postLater(server);
            Thread.sleep(100);
            CompletableFuture<HttpResponse<String>> queued = postLater(server); // waits behind the first
            ServerEndpointsTest.assertError(504, first.get(30, TimeUnit.SECONDS));
            ServerEndpointsTest.assertError(504, queued.get(30, TimeUnit.SECONDS));
            Thread.sleep(1800); // the first batch ends; the queued request is dropped, not run
            String metrics = Http.get(server.url() + "/metrics").body();
            assertTrue(metrics.contains("rnn4j_batch_size_count{model=\"slow\"} 1\n"), metrics);
        }
    }

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        // one request runs (600 ms), two wait; the rest find the queue full
        try (ModelServer server = serve(600, ServerOptions.defaults().withPort(0).withBatching(1, 0, 2))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(postLater(server));
            }
            int ok = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    ServerEndpointsTest.assertError(503, r);
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "Retry-After");
                    refused++;
                }
            }
            assertTrue(ok >= 1 && refused >= 1, "ok " + ok + ", refused " + refused);
            assertEquals(8, ok + refused);
        }
    }

    @Test
    void shutdownAnswersTheRequestsInFlightThenRefuses() throws Exception {
        ModelServer server = serve(1200, ServerOptions.defaults().withPort(0).withBatching(4, 0, 16));
        assertTrue(server.countsRequestsInFlight(), "Jetty's graceful handler is in place");
        String url = server.url();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(postLater(server));
        }
        for (int i = 0; i < 1000 && server.predictionsInFlight() < 3; i++) {
            Thread.sleep(10);
        }
        assertEquals(3, server.predictionsInFlight(), "all three are in the server");
        long start = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, CLIENTS);
        Thread.sleep(100);
        // while the answers in flight are awaited, a new prediction is refused
        HttpResponse<String> refused = Http.postJson(url + "/predictions/slow", BODY);
        assertTrue(ServerEndpointsTest.assertError(503, refused).get("message").asText().contains("shutting down"));
        closing.get(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (CompletableFuture<HttpResponse<String>> call : inFlight) {
            HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r::body);
            assertEquals("slow", ServerEndpointsTest.json(r).get("label").asText());
        }
        assertEquals(0, server.predictionsInFlight());
        assertTrue(millis >= 500, () -> "close returned after " + millis + " ms, before the batches were done");
        // stopped: a new request cannot connect
        CompletableFuture<HttpResponse<String>> late = CompletableFuture.supplyAsync(
                () -> Http.postJson(url + "/predictions/slow", BODY), CLIENTS);
        assertTrue(late.handle((r, e) -> e != null).get(30, TimeUnit.SECONDS), "the server still answers");
    }
}
