package dev.rnn4j.train;

/** What the trainer does when a step's loss or a gradient is NaN or infinite. */
public enum NonFinitePolicy {
    /**
     * Stop training with a {@link NonFiniteLossException} naming the step and the last good
     * checkpoint; the parameters are not updated and no checkpoint is written for the bad step.
     */
    STOP,
    /**
     * Skip the step: no parameter update, gradients discarded, a warning on stderr and a
     * {@code skipped_steps} count in the epoch metrics; training continues with the next batch.
     */
    SKIP
}
