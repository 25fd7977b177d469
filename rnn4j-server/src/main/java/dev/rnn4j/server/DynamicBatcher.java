package dev.rnn4j.server;

import dev.rnn4j.predict.Predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Gathers the concurrent requests of one model into batches and runs each batch through
 * {@link Predictor#predictBatch}, the way TorchServe and DJL Serving batch: one worker thread takes the oldest
 * waiting request, waits until it has waited {@code maxWait} or {@code maxBatch} requests are there, and predicts
 * them together. Under load the queue fills while a batch runs, so the next batch forms without waiting.
 *
 * <p>The queue is bounded: {@link #submit} refuses a request when {@code capacity} wait already, so memory stays
 * bounded whatever the load. A request whose future is already done when its batch forms (it timed out) is left
 * out of the batch. When {@code predictBatch} refuses a batch because of one bad input, each input is predicted
 * alone, so that only the bad one fails.
 *
 * @param <I> the predictor's input
 * @param <O> the predictor's output
 */
final class DynamicBatcher<I, O> implements AutoCloseable {

    /** One waiting request. */
    private record Pending<I, O>(I input, CompletableFuture<O> result, long enqueuedNanos) {
    }

    private final Predictor<I, O> predictor;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Pending<I, O>> queue;
    private final IntConsumer batchSizes;
    private final Thread worker;
    private volatile boolean closed;

    /**
     * Starts the worker thread.
     *
     * @param name       names the worker thread
     * @param batchSizes told the size of every batch run (for the metrics)
     */
    DynamicBatcher(String name, Predictor<I, O> predictor, int maxBatch, long maxWaitMillis, int capacity,
                   IntConsumer batchSizes) {
        this.predictor = predictor;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSizes = batchSizes;
        this.worker = new Thread(this::run, "rnn4j-batcher-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues one input; the future completes with its prediction, or exceptionally with the predictor's
     * {@link IllegalArgumentException} for an invalid input or whatever else the predictor threw.
     *
     * @throws ApiException {@code 503} with {@code Retry-After} when the queue is full or the batcher is closed
     */
    CompletableFuture<O> submit(I input) {
        if (closed) {
            throw ApiException.unavailable("the server is shutting down", 5);
        }
        Pending<I, O> pending = new Pending<>(input, new CompletableFuture<>(), System.nanoTime());
        if (!queue.offer(pending)) {
            throw ApiException.unavailable("the model's queue is full (" + (queue.size() + queue.remainingCapacity())
                    + " requests waiting); retry later", 1);
        }
        return pending.result();
    }

    /** Requests waiting now. */
    int queued() {
        return queue.size();
    }

    /** Refuses new requests, predicts those queued, and waits for the worker to finish them. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending<I, O> first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            gather(batch, first.enqueuedNanos() + maxWaitNanos);
            batch.removeIf(p -> p.result().isDone());
            if (!batch.isEmpty()) {
                batchSizes.accept(batch.size());
                predict(batch);
            }
        }
    }

    // adds waiting requests to the batch until it is full or the deadline passes (at once when closing)
    private void gather(List<Pending<I, O>> batch, long deadlineNanos) {
        while (batch.size() < maxBatch) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0 || closed) {
                queue.drainTo(batch, maxBatch - batch.size());
                return;
            }
            Pending<I, O> next;
            try {
                next = queue.poll(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void predict(List<Pending<I, O>> batch) {
        List<I> inputs = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
            inputs.add(p.input());
        }
        List<O> outputs;
        try {
            outputs = predictor.predictBatch(inputs);
        } catch (IllegalArgumentException e) {
            // one input is bad: predict each alone so that the others still get their answer
            for (Pending<I, O> p : batch) {
                predictAlone(p);
            }
            return;
        } catch (RuntimeException | Error e) {
            for (Pending<I, O> p : batch) {
                p.result().completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outputs.get(i));
        }
    }

    private void predictAlone(Pending<I, O> p) {
        try {
            p.result().complete(predictor.predict(p.input()));
        } catch (RuntimeException | Error e) {
            p.result().completeExceptionally(e);
        }
    }
}
