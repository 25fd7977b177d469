package dev.rnn4j.text;

/**
 * A data set could not be downloaded or failed its checksum. The message names the address and,
 * for a checksum failure, the expected and actual SHA-256.
 */
public class DownloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
