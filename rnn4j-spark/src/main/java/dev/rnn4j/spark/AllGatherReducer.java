package dev.rnn4j.spark;

import org.apache.spark.BarrierTaskContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The all-reduce of a data-parallel barrier stage over Spark's own channel,
 * {@link BarrierTaskContext#allGather(String)}: every step each task sends one message (its global
 * step, its loss and its gradients as little-endian bytes in Base64, since {@code allGather} carries
 * strings), receives every task's message in rank order, and sums the gradients and losses in that
 * fixed order (rank 0, 1, ...), so every task computes the identical sum, run after run.
 *
 * <p>The message of P float parameters is {@code 16 + 4P} bytes, {@code 4/3} of that in Base64; the
 * driver gathers the N messages and sends all N back to each task, so each task sends one message
 * and receives N per step (BENCHMARKS.md, "Data-parallel training on Spark"). It needs no sockets of its
 * own; {@link RingReducer} moves a fraction of the bytes without the driver.
 *
 * <p>It also checks that all tasks are at the same global step (tasks that resumed from different
 * checkpoints fail the stage rather than train apart).
 */
final class AllGatherReducer extends GradientExchange {

    private long messageChars;
    private long gatherNanos;

    /**
     * @param context the barrier task's context (its partition is the worker's rank)
     * @param fault   a test's injected failure, or {@link GradientFault#NONE}
     */
    AllGatherReducer(BarrierTaskContext context, GradientFault fault) {
        super(context, fault);
    }

    @Override
    double reduce(float[] gradients, double loss, long step) {
        int count = gradients.length;
        // message: step (long), loss (double), gradients (float × count), little-endian
        ByteBuffer mine = ByteBuffer.allocate(16 + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        mine.putLong(step).putDouble(loss);
        mine.asFloatBuffer().put(gradients);
        String message = Base64.getEncoder().encodeToString(mine.array());
        long encoded = System.nanoTime();
        String[] all = context.allGather(message);
        gatherNanos += System.nanoTime() - encoded;
        messageChars = message.length();
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
        System.arraycopy(sum, 0, gradients, 0, count);
        return lossSum;
    }

    @Override
    String name() {
        return "allgather";
    }

    @Override
    long bytesPerStep() {
        return messageChars;
    }

    @Override
    long transferNanos() {
        return gatherNanos;
    }
}
