package dev.rnn4j.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explanation threads: a full queue refuses with {@code 503}, and closing finishes the work taken. */
class ExplanationWorkersTest {

    @Test
    void aFullQueueIs503WithRetryAfterAndTheWorkTakenIsDone() throws Exception {
        ExplanationWorkers workers = new ExplanationWorkers(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> running = workers.submit(() -> {
            started.countDown();
            await(release);
            return 1;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS), "the first task runs");
        CompletableFuture<Integer> queued = workers.submit(() -> 2);
        assertEquals(1, workers.queued());
        ApiException full = assertThrows(ApiException.class, () -> workers.submit(() -> 3));
        assertEquals(503, full.status());
        assertEquals("1", full.retryAfterSeconds());
        assertTrue(full.getMessage().startsWith("the explanation queue is full"), full::getMessage);
        release.countDown();
        workers.close(10_000);
        assertEquals(1, running.get(0, TimeUnit.SECONDS));
        assertEquals(2, queued.get(0, TimeUnit.SECONDS));
        ApiException closed = assertThrows(ApiException.class, () -> workers.submit(() -> 4));
        assertEquals(503, closed.status());
        assertEquals("the server is shutting down", closed.getMessage());
    }

    @Test
    void aFailureCompletesTheFutureExceptionally() {
        ExplanationWorkers workers = new ExplanationWorkers(1, 1);
        CompletableFuture<Integer> failed = workers.submit(() -> {
            throw ApiException.badRequest("text: bad");
        });
        Exception e = assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ApiException, e::toString);
        workers.close(1000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
