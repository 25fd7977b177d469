package dev.rnn4j.spark;

import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.GradientHook;
import org.apache.spark.BarrierTaskContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trainer's gradient hook in a data-parallel barrier task: every step it copies the gradients of all
 * parameters (in the optimiser's order) into one float array of P values, has {@link #reduce} replace them
 * by their sum over the workers, and writes the sum back into the gradients. Subclasses are the two ways the
 * sum travels: {@link RingReducer} (a direct TCP ring) and {@link AllGatherReducer} (Spark's
 * {@code allGather}). It also injects a test's failure ({@link GradientFault}) and counts where the time
 * goes ({@link #stats()}). Used by one task's training thread; not thread-safe.
 */
abstract class GradientExchange implements GradientHook, AutoCloseable {

    /** The barrier task's context: its partition is the worker's rank. */
    protected final BarrierTaskContext context;
    /** How many workers train together. */
    protected final int workers;
    private final GradientFault fault;

    private long steps;
    /** When the previous call returned, 0 before the first. */
    private long lastReturn;
    /** Nanoseconds between one call's return and the next call: the optimiser step, forward and backward. */
    private final List<Long> computeNanos = new ArrayList<>();
    private long copyNanos;
    private long reduceNanos;

    GradientExchange(BarrierTaskContext context, GradientFault fault) {
        this.context = context;
        this.workers = context.getTaskInfos().length;
        this.fault = fault;
    }

    /**
     * Replaces {@code gradients} (this worker's, P values) by their sum over the workers and returns the sum
     * of the workers' losses.
     *
     * @param step the 0-based global step; every worker must be at the same one
     */
    abstract double reduce(float[] gradients, double loss, long step);

    /** The exchange's name in reports: {@code ring} or {@code allgather}. */
    abstract String name();

    /** The bytes this worker sent in one step, or 0 before the first exchange. */
    abstract long bytesPerStep();

    /** Of the reduce time so far: nanoseconds moving bytes (waiting for the neighbours included). */
    abstract long transferNanos();

    @Override
    public final double afterBackward(List<Tensor> parameters, double loss, long step) {
        long start = System.nanoTime();
        if (lastReturn != 0) {
            computeNanos.add(start - lastReturn);
        }
        fault.check(context, step);
        if (workers == 1) {
            steps++;
            lastReturn = System.nanoTime();
            return loss; // one worker: its gradients are the sum
        }
        int count = 0;
        for (Tensor p : parameters) {
            count += p.numel();
        }
        float[] flat = new float[count]; // zeros where no gradient reached a parameter
        int at = 0;
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                System.arraycopy(floats(p.grad(), p), 0, flat, at, p.numel());
            }
            at += p.numel();
        }
        long copied = System.nanoTime();
        double lossSum = reduce(flat, loss, step);
        long reduced = System.nanoTime();
        at = 0;
        for (Tensor p : parameters) {
            if (p.grad() == null) {
                p.backward(Tensor.zeros(p.dtype(), p.shape())); // a zero gradient to write the sum into
            }
            System.arraycopy(flat, at, floats(p.grad(), p), 0, p.numel());
            at += p.numel();
        }
        long done = System.nanoTime();
        steps++;
        copyNanos += (copied - start) + (done - reduced);
        reduceNanos += reduced - copied;
        lastReturn = done;
        return lossSum;
    }

    private static float[] floats(Tensor gradient, Tensor parameter) {
        float[] f = gradient.f();
        if (f == null) {
            throw new IllegalStateException("data-parallel training sums float32 gradients; a parameter of shape "
                    + Arrays.toString(parameter.shape()) + " has " + parameter.dtype());
        }
        return f;
    }

    /** Where this task's time went, for the command's report and BENCHMARKS.md. */
    ReduceStats stats() {
        long[] sorted = computeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        long transfer = transferNanos();
        return new ReduceStats(context.partitionId(), workers, name(), steps, bytesPerStep(), copyNanos, transfer,
                reduceNanos - transfer, median);
    }

    /** Releases what the exchange holds (connections); the default holds nothing. */
    @Override
    public void close() {
    }
}
