package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI description served at {@code /openapi.json} lists exactly the server's routes. */
class OpenApiTest {

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsARoute() {
        try (ModelServer server = ModelServer.start(List.of(ServedModel.of("slow", FakePredictors.slow(0))),
                ServerOptions.defaults().withPort(0))) {
            JsonNode spec = ServerEndpointsTest.json(Http.get(server.url() + "/openapi.json"));
            assertTrue(spec.get("openapi").asText().startsWith("3."), spec.get("openapi")::toString);
            TreeSet<String> described = new TreeSet<>();
            Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method -> {
                    JsonNode operation = path.getValue().get(method);
                    assertTrue(operation.has("responses") && operation.get("responses").has("200"),
                            () -> method + " " + path.getKey() + " describes no 200 answer");
                    described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                });
            }
            TreeSet<String> served = new TreeSet<>(server.routes());
            assertFalse(served.isEmpty());
            assertEquals(served, described);
        }
    }
}
