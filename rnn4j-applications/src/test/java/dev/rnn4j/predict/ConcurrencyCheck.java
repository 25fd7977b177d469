package dev.rnn4j.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Checks that a {@link Predictor} is safe to call from several threads at once: it computes every result
 * sequentially first (each input's {@code predict}, and {@code predictBatch} on consecutive batches of the
 * inputs), then lets several threads, released together, call {@code predict} and {@code predictBatch} on the
 * same inputs in different orders, each thread a shuffled mix of both, and compares every concurrent result
 * with the sequential one through the given equality.
 *
 * <p>A predictor that shares a scratch buffer, a dropout random generator, a training flag or an autograd
 * graph between calls gives some thread another call's numbers (or an exception); the report lists them.
 *
 * <pre>{@code
 * ConcurrencyCheck.assertSameAsSequential(predictor, inputs, Objects::equals);
 * }</pre>
 *
 * @param <I> one input
 * @param <O> one prediction
 */
public final class ConcurrencyCheck<I, O> {

    /** Threads calling at once by default. */
    public static final int THREADS = 8;
    /** Times each thread goes through every input and batch by default. */
    public static final int ROUNDS = 3;
    /** Inputs per {@code predictBatch} call by default. */
    public static final int BATCH_SIZE = 4;

    private final Predictor<I, O> predictor;
    private final List<I> inputs;
    private final BiPredicate<? super O, ? super O> same;
    private int threads = THREADS;
    private int rounds = ROUNDS;
    private int batchSize = BATCH_SIZE;
    private long seed = 1;

    private ConcurrencyCheck(Predictor<I, O> predictor, List<I> inputs, BiPredicate<? super O, ? super O> same) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.inputs = List.copyOf(inputs);
        this.same = Objects.requireNonNull(same, "same");
        if (this.inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: expected at least one input, got none");
        }
    }

    /**
     * A check of {@code predictor} on {@code inputs}; {@code same} says whether two predictions are equal (use
     * an exact equality: concurrent calls must not change a single bit).
     */
    public static <I, O> ConcurrencyCheck<I, O> of(Predictor<I, O> predictor, List<I> inputs,
                                                   BiPredicate<? super O, ? super O> same) {
        return new ConcurrencyCheck<>(predictor, inputs, same);
    }

    /** Runs the check with the defaults and throws an {@link AssertionError} listing the first differences. */
    public static <I, O> void assertSameAsSequential(Predictor<I, O> predictor, List<I> inputs,
                                                     BiPredicate<? super O, ? super O> same) {
        of(predictor, inputs, same).run().assertNoDifference();
    }

    /** Threads calling at once (default {@value #THREADS}). */
    public ConcurrencyCheck<I, O> threads(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("threads: expected at least 2, got " + count);
        }
        this.threads = count;
        return this;
    }

    /** Times each thread goes through all inputs and batches (default {@value #ROUNDS}). */
    public ConcurrencyCheck<I, O> rounds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("rounds: expected at least 1, got " + count);
        }
        this.rounds = count;
        return this;
    }

    /** Inputs per {@code predictBatch} call (default {@value #BATCH_SIZE}; the last batch may be shorter). */
    public ConcurrencyCheck<I, O> batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** Seed of the threads' call orders (default 1). */
    public ConcurrencyCheck<I, O> seed(long value) {
        this.seed = value;
        return this;
    }

    /** One call's task: {@code predict(inputs[index])}, or {@code predictBatch} of batch {@code index}. */
    private record Call(boolean batch, int index) {
    }

    /**
     * Computes the sequential results, then runs the concurrent calls and compares.
     *
     * @throws AssertionError if a sequential {@code predictBatch} disagrees in length with its batch
     */
    public Report run() {
        List<O> expected = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            expected.add(predictor.predict(input));
        }
        List<List<I>> batches = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += batchSize) {
            batches.add(inputs.subList(from, Math.min(inputs.size(), from + batchSize)));
        }
        List<List<O>> expectedBatches = new ArrayList<>();
        for (List<I> batch : batches) {
            List<O> out = predictor.predictBatch(batch);
            if (out.size() != batch.size()) {
                throw new AssertionError("predictBatch of " + batch.size() + " inputs gave " + out.size()
                        + " results");
            }
            expectedBatches.add(out);
        }

        ConcurrentLinkedQueue<String> differences = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<Call> calls = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < inputs.size(); i++) {
                        calls.add(new Call(false, i));
                    }
                    for (int b = 0; b < batches.size(); b++) {
                        calls.add(new Call(true, b));
                    }
                }
                Collections.shuffle(calls, new Random(seed + t)); // each thread its own order
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (Call call : calls) {
                        try {
                            if (call.batch()) {
                                List<O> got = predictor.predictBatch(batches.get(call.index()));
                                List<O> want = expectedBatches.get(call.index());
                                for (int k = 0; k < want.size(); k++) {
                                    if (k >= got.size() || !same.test(want.get(k), got.get(k))) {
                                        differences.add("thread " + thread + ", predictBatch of batch "
                                                + call.index() + ", item " + k + ": expected " + want.get(k)
                                                + ", got " + (k < got.size() ? got.get(k) : "no result"));
                                    }
                                }
                            } else {
                                O got = predictor.predict(inputs.get(call.index()));
                                O want = expected.get(call.index());
                                if (!same.test(want, got)) {
                                    differences.add("thread " + thread + ", predict of input " + call.index()
                                            + ": expected " + want + ", got " + got);
                                }
                            }
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                        }
                    }
                    return calls.size();
                }));
            }
            start.countDown();
            int calls = 0;
            for (Future<Integer> f : done) {
                calls += f.get(10, TimeUnit.MINUTES);
            }
            return new Report(calls, List.copyOf(differences), List.copyOf(failures));
        } catch (Exception e) {
            throw new AssertionError("the concurrent calls did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * What the concurrent calls gave.
     *
     * @param calls       calls made by all threads ({@code predictBatch} counts once)
     * @param differences one line per concurrent result that differs from the sequential one
     * @param failures    exceptions thrown by concurrent calls
     */
    public record Report(int calls, List<String> differences, List<Throwable> failures) {

        /** Whether every concurrent call gave the sequential result. */
        public boolean clean() {
            return differences.isEmpty() && failures.isEmpty();
        }

        /** Throws an {@link AssertionError} naming the first differences and failures unless {@link #clean()}. */
        public void assertNoDifference() {
            if (clean()) {
                return;
            }
            StringBuilder m = new StringBuilder("concurrent calls differ from sequential ones: ")
                    .append(differences.size()).append(" different result(s) and ").append(failures.size())
                    .append(" exception(s) in ").append(calls).append(" calls");
            differences.stream().limit(5).forEach(d -> m.append("\n  ").append(d));
            failures.stream().limit(3).forEach(f -> m.append("\n  ").append(f));
            AssertionError error = new AssertionError(m.toString());
            failures.stream().limit(3).forEach(error::addSuppressed);
            throw error;
        }
    }
}
