package dev.rnn4j.train;

import java.nio.file.Path;

/**
 * Thrown when a step's loss (or a gradient) is NaN or infinite under {@link NonFinitePolicy#STOP}.
 * The message names the epoch and step, the value, and the last good checkpoint to resume from.
 */
public final class NonFiniteLossException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final transient Path lastCheckpoint;

    NonFiniteLossException(String message, long step, Path lastCheckpoint) {
        super(message);
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    /** The 1-based global step whose loss was not finite. */
    public long step() {
        return step;
    }

    /** The last checkpoint written before the failure, or null if none was written. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}
