package dev.rnn4j.spark;

import org.apache.spark.BarrierTaskContext;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a data-parallel run sums gradients over its workers, and how long the ring may wait.
 *
 * @param kind           {@link Kind#RING} (a direct TCP ring, the default) or {@link Kind#ALLGATHER} (Spark's
 *                       barrier {@code allGather}, through the driver)
 * @param timeoutSeconds how long the ring waits for a neighbour (its compute of a step included) before the
 *                       stage fails, at least 1
 * @param fault          a test's injected failure, or {@link GradientFault#NONE}
 */
record Exchange(Kind kind, int timeoutSeconds, GradientFault fault) implements Serializable {

    /** The ring's default wait for a neighbour: long enough for a slow step or a checkpoint written by rank 0. */
    static final int DEFAULT_TIMEOUT_SECONDS = 600;

    /** The two ways gradients travel. */
    enum Kind {
        /** {@link RingReducer}. */
        RING,
        /** {@link AllGatherReducer}. */
        ALLGATHER;

        /** The kind named {@code ring} or {@code allgather}. */
        static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--exchange: expected ring or allgather, got " + name);
        }
    }

    Exchange {
        if (kind == null || fault == null) {
            throw new IllegalArgumentException("kind, fault: expected non-null, got " + kind + ", " + fault);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds: expected at least 1, got " + timeoutSeconds);
        }
    }

    /** The default: the ring, a 600 s timeout, no injected failure. */
    static Exchange defaults() {
        return new Exchange(Kind.RING, DEFAULT_TIMEOUT_SECONDS, GradientFault.NONE);
    }

    /** The same exchange with an injected failure. */
    Exchange withFault(GradientFault newFault) {
        return new Exchange(kind, timeoutSeconds, newFault);
    }

    /** This task's gradient hook; close it when the task ends. */
    GradientExchange open(BarrierTaskContext context) {
        return kind == Kind.RING ? RingReducer.open(context, fault, timeoutSeconds * 1000)
                : new AllGatherReducer(context, fault);
    }
}
