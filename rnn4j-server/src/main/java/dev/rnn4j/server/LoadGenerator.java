package dev.rnn4j.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running model server on this machine with N concurrent clients, each sending one prediction after
 * another, for a fixed time or a fixed number of requests, whichever comes first. Reports throughput, latency
 * percentiles, errors (any answer but 200, or no answer) and the server's heap over time, read from its
 * {@code /metrics}. Loopback only: it refuses any host that is not this machine.
 *
 * <p>Each client is a thread holding one keep-alive connection ({@link KeepAliveConnection}) over which it sends
 * requests prepared once: the generator runs on the server's own cores, so every microsecond its clients spend
 * per request is taken from the server it measures, in every serving mode alike.
 */
public final class LoadGenerator {

    /** The longest run allowed. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    /** The most clients allowed. */
    public static final int MAX_CLIENTS = 1024;

    /** How long a client waits for a connection and for each read of an answer before counting an error. */
    private static final int REQUEST_TIMEOUT_MILLIS = 60_000;
    /** How long the heap sampler waits for {@code /metrics}. */
    private static final int SAMPLE_TIMEOUT_MILLIS = 10_000;
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_heap_used_bytes (\\d+)");

    /**
     * What to run.
     *
     * @param server      the server's base URL, e.g. {@code http://127.0.0.1:8080}; its host must be loopback
     * @param model       the model's name in {@code /predictions/{name}}
     * @param bodies      the JSON request bodies, sent in turn (client k starts at body k)
     * @param clients     concurrent clients, 1..{@value #MAX_CLIENTS}
     * @param duration    how long to run, at most {@link #MAX_DURATION}
     * @param maxRequests stop after this many requests in all (at least 1)
     * @param sampleEvery how often to read the server's heap and print a progress line
     */
    public record Settings(URI server, String model, List<String> bodies, int clients, Duration duration,
                           long maxRequests, Duration sampleEvery) {

        /** Validates every field; refuses a host that is not loopback. */
        public Settings {
            if (server == null || server.getHost() == null || !"http".equals(server.getScheme())) {
                throw new IllegalArgumentException("url: expected http://127.0.0.1:PORT, got " + server);
            }
            if (!isLoopback(server.getHost())) {
                throw new IllegalArgumentException("url: the load generator drives this machine's loopback only"
                        + " (127.0.0.1, ::1, localhost), got host " + server.getHost());
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model: expected the name of a served model, got " + model);
            }
            if (bodies == null || bodies.isEmpty()) {
                throw new IllegalArgumentException("bodies: expected at least one request body, got none");
            }
            bodies = List.copyOf(bodies);
            if (clients < 1 || clients > MAX_CLIENTS) {
                throw new IllegalArgumentException("clients: expected 1.." + MAX_CLIENTS + ", got " + clients);
            }
            if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("duration: expected more than 0 and at most " + MAX_DURATION
                        + ", got " + duration);
            }
            if (maxRequests < 1) {
                throw new IllegalArgumentException("requests: expected at least 1, got " + maxRequests);
            }
            if (sampleEvery == null || sampleEvery.toMillis() < 100) {
                throw new IllegalArgumentException("sampleEvery: expected at least 100 ms, got " + sampleEvery);
            }
        }
    }

    /**
     * The server's heap at one moment of the run.
     *
     * @param seconds   since the start
     * @param requests  answered so far
     * @param heapBytes the server's {@code jvm_memory_heap_used_bytes}, or -1 when it could not be read
     */
    public record Sample(double seconds, long requests, long heapBytes) {
    }

    /**
     * What a run measured.
     *
     * @param requests   requests answered (any status) or failed
     * @param errors     requests not answered 200
     * @param statuses   count by HTTP status; 0 counts requests that got no answer
     * @param seconds    the run's length
     * @param p50Millis  median latency of all requests
     * @param p99Millis  99th percentile latency
     * @param maxMillis  the slowest request
     * @param samples    the server's heap over time
     */
    public record Report(long requests, long errors, Map<Integer, Long> statuses, double seconds, double p50Millis,
                         double p99Millis, double maxMillis, List<Sample> samples) {

        /** Requests per second. */
        public double throughput() {
            return seconds > 0 ? requests / seconds : 0;
        }

        /**
         * The lowest heap of each quarter of the run, in MiB: what is left after the collector ran, so a figure
         * that stays level quarter after quarter is flat memory.
         */
        public double[] heapFloorByQuarterMiB() {
            double[] floor = new double[4];
            Arrays.fill(floor, Double.NaN);
            for (Sample s : samples) {
                if (s.heapBytes() < 0) {
                    continue;
                }
                int q = Math.min(3, (int) (4 * s.seconds() / Math.max(seconds, 1e-9)));
                double mib = s.heapBytes() / (1024.0 * 1024.0);
                floor[q] = Double.isNaN(floor[q]) ? mib : Math.min(floor[q], mib);
            }
            return floor;
        }

        /** The report in a few lines, for a person. */
        public String summary() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%d requests in %.1f s: %.1f requests/s, %d errors %s%n", requests,
                    seconds, throughput(), errors, statuses));
            out.append(String.format(Locale.ROOT, "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", p50Millis,
                    p99Millis, maxMillis));
            double[] floor = heapFloorByQuarterMiB();
            out.append("server heap floor by quarter of the run (MiB):");
            for (double f : floor) {
                out.append(Double.isNaN(f) ? " -" : String.format(Locale.ROOT, " %.1f", f));
            }
            out.append(System.lineSeparator());
            return out.toString();
        }
    }

    private LoadGenerator() {
    }

    /** Whether {@code host} names this machine's loopback interface. */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the load and returns what it measured; prints a progress line per sample to {@code progress}
     * (null for none).
     */
    public static Report run(Settings settings, PrintStream progress) throws InterruptedException {
        String hostHeader = settings.server().getRawAuthority();
        String predict = settings.server().resolve("/predictions/" + settings.model()).getRawPath();
        Target target = new Target(settings.server().getHost(),
                settings.server().getPort() < 0 ? 80 : settings.server().getPort(),
                settings.bodies().stream().map(body -> KeepAliveConnection.request("POST", predict, hostHeader,
                        "application/json", body.getBytes(StandardCharsets.UTF_8))).toList(),
                KeepAliveConnection.request("GET", "/metrics", hostHeader, null, null));
        try (KeepAliveConnection sampler = new KeepAliveConnection(target.host(), target.port(),
                SAMPLE_TIMEOUT_MILLIS)) {
            return drive(settings, target, sampler, progress);
        }
    }

    /**
     * Where the clients connect, and the requests they send, prepared once.
     *
     * @param predictions one prediction request per body of the settings
     * @param metrics     the request of {@code GET /metrics}
     */
    private record Target(String host, int port, List<byte[]> predictions, byte[] metrics) {
    }

    private static Report drive(Settings settings, Target target, KeepAliveConnection sampler, PrintStream progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        AtomicLong issued = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long[][] latencies = new long[settings.clients()][];
        int[] counts = new int[settings.clients()];
        CountDownLatch done = new CountDownLatch(settings.clients());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int clientIndex = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                int next = clientIndex;
                // one keep-alive connection per client, as a browser or an HTTP client pool would hold
                try (KeepAliveConnection connection = new KeepAliveConnection(target.host(), target.port(),
                        REQUEST_TIMEOUT_MILLIS)) {
                    while (System.nanoTime() < end && issued.incrementAndGet() <= settings.maxRequests()) {
                        byte[] request = target.predictions().get(next++ % target.predictions().size());
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = connection.exchange(request).status();
                        } catch (IOException e) {
                            status = 0;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, 2 * n);
                        }
                        mine[n++] = System.nanoTime() - t0;
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        answered.incrementAndGet();
                    }
                } finally {
                    latencies[clientIndex] = mine;
                    counts[clientIndex] = n;
                    done.countDown();
                }
            }, "rnn4j-load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(0, 0, heap(sampler, target.metrics())));
        long every = settings.sampleEvery().toNanos();
        while (!done.await(every, TimeUnit.NANOSECONDS)) {
            Sample s = new Sample((System.nanoTime() - start) / 1e9, answered.get(), heap(sampler, target.metrics()));
            samples.add(s);
            if (progress != null) {
                progress.printf(Locale.ROOT, "%6.0f s  %9d requests  %8.1f requests/s  %6d errors  heap %s%n",
                        s.seconds(), s.requests(), s.requests() / Math.max(s.seconds(), 1e-9),
                        answered.get() - statuses.getOrDefault(200, new AtomicLong()).get(),
                        s.heapBytes() < 0 ? "?"
                                : String.format(Locale.ROOT, "%.1f MiB", s.heapBytes() / 1048576.0));
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        samples.add(new Sample(seconds, answered.get(), heap(sampler, target.metrics())));
        long total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, n) -> byStatus.put(status, n.get()));
        long errors = total - byStatus.getOrDefault(200, 0L);
        return new Report(total, errors, byStatus, seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, List.copyOf(samples));
    }

    // the nearest-rank percentile of sorted nanoseconds, in milliseconds
    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    // the server's heap in use, or -1 when /metrics does not answer; tried twice, since the server may have
    // closed the sampler's connection while it sat idle between samples
    private static long heap(KeepAliveConnection connection, byte[] metrics) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                KeepAliveConnection.Response r = connection.exchange(metrics);
                Matcher m = HEAP.matcher(r.text());
                return r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
            } catch (IOException e) {
                // the connection is closed now; the second attempt opens a new one
            }
        }
        return -1;
    }
}
