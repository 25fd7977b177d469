package dev.rnn4j.train;

import java.io.IOException;

/**
 * A checkpoint that cannot be used: missing, corrupted or truncated, saved from a model of another
 * shape, or lacking optimiser or generator state. The message names the folder or file and says
 * what was expected and what was found.
 */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
