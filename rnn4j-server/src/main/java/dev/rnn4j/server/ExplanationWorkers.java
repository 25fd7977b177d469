package dev.rnn4j.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that compute explanations, shared by every model: a fixed number of them behind a bounded queue,
 * so that explanations (one forward and backward pass over a batch of steps + 1 copies of the text) cannot take
 * more than their share of the machine or hold unbounded memory. They need no batching across requests: each
 * explanation is a batch already. When the queue is full a request gets {@code 503} with {@code Retry-After}.
 */
final class ExplanationWorkers {

    private final ThreadPoolExecutor pool;

    /**
     * @param threads  explanations computed at once
     * @param capacity explanations that may wait for a thread
     */
    ExplanationWorkers(int threads, int capacity) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), work -> {
                    Thread t = new Thread(work, "rnn4j-explainer-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} on a worker; the future completes with its value or exceptionally with what it threw.
     *
     * @throws ApiException {@code 503} with {@code Retry-After} when the queue is full or the workers are closed
     */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            if (pool.isShutdown()) {
                throw ApiException.unavailable("the server is shutting down", 5);
            }
            throw ApiException.unavailable("the explanation queue is full (" + pool.getQueue().size()
                    + " waiting); retry later", 1);
        }
    }

    /** Explanations waiting for a thread now. */
    int queued() {
        return pool.getQueue().size();
    }

    /** Takes no more work; waits up to {@code graceMillis} for the explanations queued and running. */
    void close(long graceMillis) {
        pool.shutdown();
        try {
            pool.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
