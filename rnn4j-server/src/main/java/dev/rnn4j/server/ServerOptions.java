package dev.rnn4j.server;

/**
 * How a {@link ModelServer} listens and batches.
 *
 * @param host              the address to bind; {@code 127.0.0.1} (loopback only) unless the caller asks for another
 * @param port              the TCP port; 0 picks a free one ({@link ModelServer#port()} says which)
 * @param maxBatch          the most requests one {@code predictBatch} call gathers; 1 serves one request at a time
 * @param maxWaitMillis     how long the first request of a batch waits for others to join it; 0 runs at once
 *                          with whatever is queued
 * @param queueCapacity     requests a model may hold waiting; when full, new ones get {@code 503} with
 *                          {@code Retry-After}
 * @param timeoutMillis     how long one prediction may take from arrival to answer before it gets {@code 504}
 * @param maxBodyBytes      the largest request body accepted; larger ones get {@code 413}
 * @param shutdownGraceMillis how long {@link ModelServer#close()} waits for requests in flight to finish
 */
public record ServerOptions(String host, int port, int maxBatch, long maxWaitMillis, int queueCapacity,
                            long timeoutMillis, int maxBodyBytes, long shutdownGraceMillis) {

    /** The loopback address, the default host: only this machine can connect. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Validates every field; messages name the option and say expected vs actual. */
    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: expected an address to bind such as " + LOOPBACK + ", got "
                    + (host == null ? "null" : "'" + host + "'"));
        }
        check(port >= 0 && port <= 65535, "port", "0..65535", port);
        check(maxBatch >= 1 && maxBatch <= 4096, "max-batch", "1..4096", maxBatch);
        check(maxWaitMillis >= 0 && maxWaitMillis <= 60_000, "max-wait-ms", "0..60000", maxWaitMillis);
        check(queueCapacity >= 1 && queueCapacity <= 1_000_000, "queue", "1..1000000", queueCapacity);
        check(timeoutMillis >= 1 && timeoutMillis <= 3_600_000, "timeout-ms", "1..3600000", timeoutMillis);
        check(maxBodyBytes >= 1, "max-body-bytes", ">= 1", maxBodyBytes);
        check(shutdownGraceMillis >= 0, "shutdown-grace-ms", ">= 0", shutdownGraceMillis);
    }

    /**
     * Loopback, port 8080, batches of up to 32 gathered for at most 5 ms, 1024 requests queued per model, 30 s
     * per request, bodies up to 1 MiB, 30 s to finish requests in flight at shutdown.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(LOOPBACK, 8080, 32, 5, 1024, 30_000, 1 << 20, 30_000);
    }

    /** These options on another port. */
    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, maxBatch, maxWaitMillis, queueCapacity, timeoutMillis, maxBodyBytes,
                shutdownGraceMillis);
    }

    /** These options with other batching limits. */
    public ServerOptions withBatching(int newMaxBatch, long newMaxWaitMillis, int newQueueCapacity) {
        return new ServerOptions(host, port, newMaxBatch, newMaxWaitMillis, newQueueCapacity, timeoutMillis,
                maxBodyBytes, shutdownGraceMillis);
    }

    /** These options with another per-request timeout. */
    public ServerOptions withTimeoutMillis(long newTimeoutMillis) {
        return new ServerOptions(host, port, maxBatch, maxWaitMillis, queueCapacity, newTimeoutMillis, maxBodyBytes,
                shutdownGraceMillis);
    }

    /** These options with another body limit. */
    public ServerOptions withMaxBodyBytes(int newMaxBodyBytes) {
        return new ServerOptions(host, port, maxBatch, maxWaitMillis, queueCapacity, timeoutMillis, newMaxBodyBytes,
                shutdownGraceMillis);
    }

    private static void check(boolean ok, String option, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException(option + ": expected " + expected + ", got " + actual);
        }
    }
}
