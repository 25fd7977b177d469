package dev.rnn4j.spark;

import org.apache.spark.BarrierTaskContext;

import java.io.Serializable;

/**
 * A failure injected into a data-parallel run, for the tests of recovery: the task of rank
 * {@code rank} throws when it reaches global step {@code step}, in the stage's first attempt only,
 * so that Spark's retry of the barrier stage runs through.
 *
 * @param rank the failing task's rank, or -1 for none
 * @param step the 0-based global step at which it fails
 */
record GradientFault(int rank, long step) implements Serializable {

    /** No failure. */
    static final GradientFault NONE = new GradientFault(-1, -1);

    /** Throws if this is the failing task's step in the stage's first attempt. */
    void check(BarrierTaskContext context, long globalStep) {
        if (rank >= 0 && context.partitionId() == rank && globalStep == step && context.stageAttemptNumber() == 0) {
            throw new IllegalStateException("injected failure of rank " + rank + " at step " + step
                    + " (stage attempt 0)");
        }
    }
}
