package dev.rnn4j.spark;

import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.GradientHook;
import org.apache.spark.BarrierTaskContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The all-reduce of a data-parallel barrier stage over Spark's own channel,
 * {@link BarrierTaskContext#allGather(String)}: every step each task sends one message (its global
 * step, its loss and its gradients, all parameters' in the optimiser's order, as little-endian bytes
 * in Base64, since {@code allGather} carries strings), receives every task's message in rank order,
 * and sums the gradients and losses in that fixed order (rank 0, 1, ...), so every task computes the
 * identical sum and the weights stay identical on every task, run after run.
 *
 * <p>The message of P float parameters is {@code 16 + 4P} bytes, {@code 4/3} of that in Base64; the
 * driver gathers the N messages and sends all N back to each task, so each task sends one message
 * and receives N per step (BENCHMARKS.md, "Data-parallel training on Spark").
 *
 * <p>It also checks that all tasks are at the same global step (tasks that resumed from different
 * checkpoints fail the stage rather than train apart) and counts where the time goes. Used by one
 * task's training thread; not thread-safe.
 */
final class AllGatherReducer implements GradientHook {

    private final BarrierTaskContext context;
    private final int workers;
    private final GradientFault fault;

    private long steps;
    private long messageChars;
    private long encodeNanos;
    private long gatherNanos;
    private long sumNanos;
    /** When the previous call returned, 0 before the first. */
    private long lastReturn;
    /** Nanoseconds between one call's return and the next call: the optimiser step, forward and backward. */
    private final List<Long> computeNanos = new ArrayList<>();

    /**
     * @param context the barrier task's context (its partition is the worker's rank)
     * @param fault   a test's injected failure, or {@link GradientFault#NONE}
     */
    AllGatherReducer(BarrierTaskContext context, GradientFault fault) {
        this.context = context;
        this.workers = context.getTaskInfos().length;
        this.fault = fault;
    }

    @Override
    public double afterBackward(List<Tensor> parameters, double loss, long step) {
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
        // message: step (long), loss (double), gradients (float × count), little-endian
        ByteBuffer mine = ByteBuffer.allocate(16 + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        mine.putLong(step).putDouble(loss);
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                mine.position(mine.position() + 4 * p.numel()); // zeros: no gradient reached p
            } else {
                mine.asFloatBuffer().put(floats(g, p));
                mine.position(mine.position() + 4 * p.numel());
            }
        }
        String message = Base64.getEncoder().encodeToString(mine.array());
        long encoded = System.nanoTime();
        String[] all = context.allGather(message);
        long gathered = System.nanoTime();
        if (all.length != workers) {
            throw new IllegalStateException("allGather returned " + all.length + " messages; expected " + workers);
        }
        float[] sum = new float[count];
        float[] theirGradients = new float[count];
        double lossSum = 0;
        for (int rank = 0; rank < workers; rank++) {
            ByteBuffer theirs = ByteBuffer.wrap(Base64.getDecoder().decode(all[rank])).order(ByteOrder.LITTLE_ENDIAN);
            if (theirs.remaining() != 16 + 4 * count) {
                throw new IllegalStateException("rank " + rank + " sent " + theirs.remaining() + " bytes of gradients;"
                        + " expected " + (16 + 4 * count) + " (" + count + " parameters): the tasks train different models");
            }
            long theirStep = theirs.getLong();
            if (theirStep != step) {
                throw new IllegalStateException("rank " + rank + " is at step " + theirStep + " while rank "
                        + context.partitionId() + " is at step " + step + ": the tasks resumed from different checkpoints");
            }
            lossSum += theirs.getDouble();
            theirs.asFloatBuffer().get(theirGradients);
            for (int i = 0; i < count; i++) {
                sum[i] += theirGradients[i];
            }
        }
        int at = 0;
        for (Tensor p : parameters) {
            if (p.grad() == null) {
                p.backward(Tensor.zeros(p.dtype(), p.shape())); // a zero gradient to write the sum into
            }
            System.arraycopy(sum, at, floats(p.grad(), p), 0, p.numel());
            at += p.numel();
        }
        long done = System.nanoTime();
        steps++;
        messageChars = message.length();
        encodeNanos += encoded - start;
        gatherNanos += gathered - encoded;
        sumNanos += done - gathered;
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
        return new ReduceStats(context.partitionId(), workers, steps, messageChars, encodeNanos, gatherNanos,
                sumNanos, median);
    }
}
