package dev.rnn4j.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToIntFunction;

/**
 * The server's counters in the Prometheus text exposition format (version 0.0.4): requests by method, route
 * and status; request latency by route; batch sizes and queue length by model; the JVM heap. The format is a
 * few lines of text per series, so it is written here rather than through a client library.
 */
final class ServerMetrics {

    /** Latency bucket bounds in seconds. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Batch size bucket bounds. */
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    /** A cumulative histogram with fixed bounds; thread-safe. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts; // one per bound, then +Inf (not cumulative; summed when written)
        private final DoubleAdder sum = new DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length + 1);
        }

        void observe(double value) {
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            counts.incrementAndGet(i);
            sum.add(value);
        }

        void write(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            String sep = labels.isEmpty() ? "" : labels + ",";
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts.get(i);
                String le = i < bounds.length ? number(bounds[i]) : "+Inf";
                out.append(name).append("_bucket{").append(sep).append("le=\"").append(le).append("\"} ")
                        .append(cumulative).append('\n');
            }
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(name).append("_sum").append(braces).append(' ').append(number(sum.sum())).append('\n');
            out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
        }
    }

    private final Map<String, AtomicLong> requests = new ConcurrentSkipListMap<>();
    private final Map<String, Histogram> latency = new ConcurrentSkipListMap<>();
    private final Map<String, Histogram> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, ToIntFunction<String>> queues = new ConcurrentSkipListMap<>();

    /** Counts one answered request and its latency; {@code route} is the matched path, e.g. {@code /models/{name}}. */
    void request(String method, String route, int status, double seconds) {
        String labels = "method=\"" + escape(method) + "\",route=\"" + escape(route) + "\",status=\"" + status + "\"";
        requests.computeIfAbsent(labels, k -> new AtomicLong()).incrementAndGet();
        latency.computeIfAbsent("route=\"" + escape(route) + "\"", k -> new Histogram(LATENCY_BUCKETS))
                .observe(seconds);
    }

    /** Counts one batch of {@code size} predictions run for {@code model}. */
    void batch(String model, int size) {
        batchSizes.computeIfAbsent(model, k -> new Histogram(BATCH_BUCKETS)).observe(size);
    }

    /** Registers where the queue length of {@code model} is read. */
    void queue(String model, ToIntFunction<String> length) {
        queues.put(model, length);
        batchSizes.computeIfAbsent(model, k -> new Histogram(BATCH_BUCKETS));
    }

    /** Every series, in the Prometheus text format. */
    String scrape() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP rnn4j_requests_total HTTP requests answered, by method, matched route and status.\n");
        out.append("# TYPE rnn4j_requests_total counter\n");
        requests.forEach((labels, n) -> out.append("rnn4j_requests_total{").append(labels).append("} ")
                .append(n.get()).append('\n'));
        out.append("# HELP rnn4j_request_duration_seconds Time from a request's arrival to its answer, by route.\n");
        out.append("# TYPE rnn4j_request_duration_seconds histogram\n");
        latency.forEach((labels, h) -> h.write(out, "rnn4j_request_duration_seconds", labels));
        out.append("# HELP rnn4j_batch_size Inputs per predictBatch call, by model.\n");
        out.append("# TYPE rnn4j_batch_size histogram\n");
        new ConcurrentSkipListMap<>(batchSizes).forEach((model, h) ->
                h.write(out, "rnn4j_batch_size", "model=\"" + escape(model) + "\""));
        out.append("# HELP rnn4j_queue_length Requests waiting for a batch, by model.\n");
        out.append("# TYPE rnn4j_queue_length gauge\n");
        queues.forEach((model, length) -> out.append("rnn4j_queue_length{model=\"").append(escape(model))
                .append("\"} ").append(length.applyAsInt(model)).append('\n'));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "jvm_memory_heap_used_bytes", "Heap in use, bytes.", heap.getUsed());
        gauge(out, "jvm_memory_heap_committed_bytes", "Heap the JVM holds from the system, bytes.", heap.getCommitted());
        gauge(out, "jvm_memory_heap_max_bytes", "The largest heap the JVM may use, bytes (-1: no limit).", heap.getMax());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
