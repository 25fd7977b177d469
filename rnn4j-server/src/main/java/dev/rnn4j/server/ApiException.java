package dev.rnn4j.server;

/**
 * A request the server answers with an error status and a JSON body in TorchServe's shape:
 * {@code {"code": 404, "type": "ModelNotFoundException", "message": "..."}}. The message is meant for the
 * client, so it never holds a stack trace or a path of the server's machine.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String retryAfterSeconds;

    /**
     * @param status  the HTTP status, 400..599
     * @param type    the error's name, e.g. {@code BadRequestException}
     * @param message what went wrong, for the client
     */
    public ApiException(int status, String type, String message) {
        this(status, type, message, null);
    }

    private ApiException(int status, String type, String message, String retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code 400}: the body is malformed or a field is missing or wrong; {@code message} names the field. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestException", message);
    }

    /** {@code 503} with a {@code Retry-After} header of {@code seconds}. */
    public static ApiException unavailable(String message, int seconds) {
        return new ApiException(503, "ServiceUnavailableException", message, Integer.toString(seconds));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error's name in the body's {@code type}. */
    public String type() {
        return type;
    }

    /** The {@code Retry-After} value in seconds, or null for none. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
