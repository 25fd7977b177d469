package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

/**
 * A schedule whose rate is a function of the step count alone, so it can be evaluated at any step
 * (used by {@link LinearWarmup} and after a resume).
 */
public abstract class ClosedFormSchedule extends LrSchedule {

    protected ClosedFormSchedule(Optimizer optimizer) {
        super(optimizer);
    }

    /** The learning rate at step {@code epoch} (0 = right after construction). */
    public abstract double lrAt(int epoch);

    @Override
    protected final void advance(double metric, boolean hasMetric) {
        apply(lrAt(epoch()));
    }
}
