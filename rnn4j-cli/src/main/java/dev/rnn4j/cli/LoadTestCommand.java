package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.server.LoadGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j loadtest}: drives a running {@code rnn4j serve} on this machine and reports what it sustained. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends predictions to a running rnn4j serve on this machine (loopback only) from N concurrent",
                "clients for a fixed time or number of requests. Prints throughput, p50/p99 latency, errors and the",
                "server's heap over time (from its /metrics). BENCHMARKS.md, \"Serving\", has the figures."})
final class LoadTestCommand implements Callable<Integer> {

    /** Sentences sent to a text classifier when no --bodies file is given. */
    static final List<String> SENTENCES = List.of(
            "a gripping, beautifully acted film",
            "the plot is thin and the jokes fall flat",
            "an unexpectedly moving story about two brothers",
            "two hours of my life i will never get back",
            "the director keeps the tension high until the very last scene",
            "dull",
            "witty, warm and wonderfully strange",
            "it looks expensive but feels empty, a long parade of noise with nothing underneath it at all");

    @Option(names = "--url", description = "The server (default: ${DEFAULT-VALUE}).")
    URI url = URI.create("http://127.0.0.1:8080");

    @Option(names = "--model", required = true, description = "The model's name in /predictions/NAME.")
    String model;

    @Option(names = "--clients", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients = 64;

    @Option(names = "--duration", description = "How long: 30s, 10m, 1h (at most 1h; default: ${DEFAULT-VALUE}).")
    String duration = "10s";

    @Option(names = "--requests", description = "Stop after this many requests in all (default: no limit but the time).")
    long requests = Long.MAX_VALUE;

    @Option(names = "--bodies", description = "A file of JSON request bodies, one per line, sent in turn (default: built-in sentences for a text classifier).")
    Path bodies;

    @Option(names = "--sample-every", description = "Seconds between progress lines and heap readings (default: ${DEFAULT-VALUE}).")
    double sampleSeconds = 10;

    @Option(names = "--json", description = "Also print the report as one JSON line.")
    boolean json;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (url.getHost() == null || !LoadGenerator.isLoopback(url.getHost())) {
            throw new IllegalArgumentException("--url: the load generator drives this machine's loopback only"
                    + " (127.0.0.1, ::1, localhost), got " + url);
        }
        LoadGenerator.Settings settings = new LoadGenerator.Settings(url, model, bodies(), clients,
                parseDuration(duration), requests, Duration.ofMillis(Math.round(sampleSeconds * 1000)));
        System.out.printf(Locale.ROOT, "rnn4j loadtest: %d clients against %s/predictions/%s for %s%n", clients,
                url, model, duration);
        LoadGenerator.Report report = LoadGenerator.run(settings, System.out);
        System.out.print(report.summary());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode line = mapper.createObjectNode();
            line.put("clients", clients).put("requests", report.requests()).put("errors", report.errors())
                    .put("seconds", report.seconds()).put("throughput", report.throughput())
                    .put("p50_ms", report.p50Millis()).put("p99_ms", report.p99Millis())
                    .put("max_ms", report.maxMillis());
            ArrayNode floor = line.putArray("heap_floor_mib_by_quarter"); // null: no reading in that quarter
            for (double mib : report.heapFloorByQuarterMiB()) {
                if (Double.isNaN(mib)) {
                    floor.addNull();
                } else {
                    floor.add(mib);
                }
            }
            System.out.println(line);
        }
        return report.errors() == 0 ? 0 : 1;
    }

    private List<String> bodies() throws IOException, InterruptedException {
        if (bodies != null) {
            List<String> lines = Files.readAllLines(bodies).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("--bodies: " + bodies + " holds no request body");
            }
            return lines;
        }
        String task = task();
        if (!"text-classification".equals(task)) {
            throw new IllegalArgumentException("--bodies: model '" + model + "' is a " + task
                    + " model; give a file of JSON request bodies, one per line");
        }
        ObjectMapper mapper = new ObjectMapper();
        return SENTENCES.stream().map(s -> mapper.createObjectNode().put("text", s).toString()).toList();
    }

    // the model's task, from GET /models/{name}
    private String task() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                url.resolve("/models/" + model)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalArgumentException("--model: " + url + " answers " + r.statusCode() + ": "
                    + body.path("message").asText());
        }
        return body.path("task").asText();
    }

    /** {@code 30s}, {@code 10m}, {@code 1h} or an ISO-8601 duration such as {@code PT90S}. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--duration: expected a time such as 30s, 10m or 1h, got '" + text + "'");
        }
    }
}
