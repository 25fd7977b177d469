package dev.rnn4j.server;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator on a short, counted run: what it reports, and what it refuses. */
class LoadGeneratorTest {

    @Test
    void aCountedRunReportsEveryRequestItsLatencyAndTheServersHeap() throws Exception {
        try (ModelServer server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier())),
                ServerOptions.defaults().withPort(0))) {
            List<String> bodies = TestModels.texts(10, 5).stream().map(t -> "{\"text\": \"" + t + "\"}").toList();
            LoadGenerator.Report report = LoadGenerator.run(new LoadGenerator.Settings(URI.create(server.url()),
                    "sentiment", bodies, 4, Duration.ofMinutes(2), 60, Duration.ofMillis(100)), null);
            assertEquals(60, report.requests());
            assertEquals(0, report.errors(), report::summary);
            assertEquals(60L, report.statuses().get(200));
            assertTrue(report.p50Millis() > 0 && report.p50Millis() <= report.p99Millis()
                    && report.p99Millis() <= report.maxMillis(), report::summary);
            assertTrue(report.samples().size() >= 2, report::summary);
            assertTrue(report.samples().get(0).heapBytes() > 0, "the heap from /metrics");
            assertTrue(report.summary().contains("60 requests"), report::summary);

            LoadGenerator.Report missing = LoadGenerator.run(new LoadGenerator.Settings(URI.create(server.url()),
                    "nope", bodies, 2, Duration.ofMinutes(1), 6, Duration.ofMillis(100)), null);
            assertEquals(6, missing.errors());
            assertEquals(6L, missing.statuses().get(404));
        }
    }

    @Test
    void itRefusesHostsOtherThanLoopbackAndUnboundedRuns() {
        List<String> bodies = List.of("{\"text\": \"good\"}");
        IllegalArgumentException remote = assertThrows(IllegalArgumentException.class,
                () -> new LoadGenerator.Settings(URI.create("http://10.1.2.3:8080"), "m", bodies, 1,
                        Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
        assertTrue(remote.getMessage().contains("loopback"), remote.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LoadGenerator.Settings(
                URI.create("http://127.0.0.1:8080"), "m", bodies, 1, Duration.ofHours(2), 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new LoadGenerator.Settings(
                URI.create("http://127.0.0.1:8080"), "m", bodies, 5000, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1)));
        assertTrue(LoadGenerator.isLoopback("localhost") && LoadGenerator.isLoopback("::1"));
    }
}
