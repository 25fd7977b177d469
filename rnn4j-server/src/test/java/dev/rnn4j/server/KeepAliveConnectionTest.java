package dev.rnn4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's HTTP/1.1 client: against a live model server its answers are those of the JDK's client,
 * over one socket kept alive; against a scripted server it reads chunked bodies, bodies that end when the server
 * closes, and {@code Connection: close}, and reconnects after a failure.
 */
class KeepAliveConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelServer server;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier())),
                ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] predictionRequest(String text) {
        return KeepAliveConnection.request("POST", "/predictions/sentiment", "127.0.0.1:" + server.port(),
                "application/json", ("{\"text\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void manyPredictionsOverOneSocketAnswerAsTheJdkClientDoes() throws Exception {
        List<String> texts = TestModels.texts(12, 7);
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", server.port(), 30_000)) {
            for (int round = 0; round < 3; round++) {
                for (String text : texts) {
                    KeepAliveConnection.Response mine = connection.exchange(predictionRequest(text));
                    var reference = Http.postJson(server.url() + "/predictions/sentiment",
                            "{\"text\": \"" + text + "\"}");
                    assertEquals(200, mine.status(), mine::text);
                    assertEquals(JSON.readTree(reference.body()), JSON.readTree(mine.text()), text);
                }
            }
            assertEquals(1, connection.socketsOpened(), "36 predictions over one kept-alive socket");

            // errors keep the connection too: a 404 with its JSON body, then a GET of the metrics
            KeepAliveConnection.Response missing = connection.exchange(KeepAliveConnection.request("POST",
                    "/predictions/nope", "127.0.0.1:" + server.port(), "application/json",
                    "{\"text\": \"good\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(404, missing.status());
            assertEquals("ModelNotFoundException", JSON.readTree(missing.text()).path("type").asText());
            KeepAliveConnection.Response metrics = connection.exchange(KeepAliveConnection.request("GET", "/metrics",
                    "127.0.0.1:" + server.port(), null, null));
            assertEquals(200, metrics.status());
            assertTrue(metrics.text().contains("jvm_memory_heap_used_bytes "), metrics::text);
            KeepAliveConnection.Response page = connection.exchange(KeepAliveConnection.request("GET", "/",
                    "127.0.0.1:" + server.port(), null, null));
            assertEquals(Http.get(server.url() + "/").body(), page.text());
            assertEquals(1, connection.socketsOpened());
        }
    }

    @Test
    void aPreparedRequestIsItsHeadThenItsBody() {
        byte[] body = "{\"text\": \"ü\"}".getBytes(StandardCharsets.UTF_8);
        String request = new String(KeepAliveConnection.request("POST", "/predictions/m", "127.0.0.1:8080",
                "application/json", body), StandardCharsets.UTF_8);
        assertEquals("POST /predictions/m HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n{\"text\": \"ü\"}", request);
        assertEquals("GET /metrics HTTP/1.1\r\nHost: h:1\r\n\r\n", new String(KeepAliveConnection.request("GET",
                "/metrics", "h:1", null, null), StandardCharsets.US_ASCII));
    }

    @Test
    void chunkedBodiesBodiesToTheCloseAndConnectionCloseAreRead() throws Exception {
        List<String> answers = List.of(
                // chunked, with a chunk extension and a trailer, then kept alive
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n7\r\n, world\r\n0\r\n"
                        + "X-Trailer: t\r\n\r\n",
                // Content-Length with header names in another case, then Connection: close
                "HTTP/1.1 503 Service Unavailable\r\ncontent-LENGTH: 4\r\nCONNECTION: close\r\n\r\nbusy",
                // HTTP/1.0 without a length: the body ends when the server closes
                "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end");
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            ExecutorService scripted = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> served = scripted.submit(() -> serve(listener, answers));
                try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", listener.getLocalPort(),
                        10_000)) {
                    byte[] get = KeepAliveConnection.request("GET", "/", "127.0.0.1", null, null);
                    KeepAliveConnection.Response chunked = connection.exchange(get);
                    assertEquals(200, chunked.status());
                    assertEquals("hello, world", chunked.text());
                    KeepAliveConnection.Response closing = connection.exchange(get);
                    assertEquals(503, closing.status());
                    assertArrayEquals("busy".getBytes(StandardCharsets.US_ASCII), closing.body());
                    assertEquals(1, connection.socketsOpened(), "the first two answers on one socket");
                    KeepAliveConnection.Response toTheEnd = connection.exchange(get);
                    assertEquals(200, toTheEnd.status());
                    assertEquals("to the end", toTheEnd.text());
                    assertEquals(2, connection.socketsOpened(), "a new socket after Connection: close");
                    assertEquals(3, served.get(30, TimeUnit.SECONDS));
                    listener.close();
                    // nobody listens any more: the next exchange fails at once
                    assertThrows(IOException.class, () -> connection.exchange(get));
                }
            } finally {
                scripted.shutdownNow();
            }
        }
    }

    @Test
    void aResponseThatIsNotHttpFailsAndTheNextExchangeReconnects() throws Exception {
        List<String> answers = List.of("SSH-2.0-OpenSSH\r\n", "HTTP/1.1 204 No Content\r\n\r\n");
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            ExecutorService scripted = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> served = scripted.submit(() -> serve(listener, answers));
                try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", listener.getLocalPort(),
                        10_000)) {
                    byte[] get = KeepAliveConnection.request("GET", "/", "127.0.0.1", null, null);
                    IOException e = assertThrows(IOException.class, () -> connection.exchange(get));
                    assertTrue(e.getMessage().contains("not an HTTP/1.x status line"), e.getMessage());
                    KeepAliveConnection.Response empty = connection.exchange(get);
                    assertEquals(204, empty.status());
                    assertEquals(0, empty.body().length);
                    assertEquals(2, connection.socketsOpened());
                }
                assertEquals(2, served.get(30, TimeUnit.SECONDS));
            } finally {
                scripted.shutdownNow();
            }
        }
    }

    @Test
    void itRefusesAnInvalidAddressOrTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new KeepAliveConnection("", 80, 1000));
        assertThrows(IllegalArgumentException.class, () -> new KeepAliveConnection("127.0.0.1", 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new KeepAliveConnection("127.0.0.1", 80, 0));
    }

    /**
     * Answers each request read with the next scripted answer, written as it stands; an answer that asks to
     * close (Connection: close, HTTP/1.0, or not HTTP) closes the socket, and the next request comes on a new
     * one. Returns the number of answers written.
     */
    private static int serve(ServerSocket listener, List<String> answers) throws IOException {
        int written = 0;
        Socket socket = null;
        try {
            for (String answer : answers) {
                if (socket == null) {
                    socket = listener.accept();
                }
                readRequestHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                written++;
                if (answer.contains("close") || answer.startsWith("HTTP/1.0") || !answer.startsWith("HTTP/")) {
                    socket.close();
                    socket = null;
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return written;
    }

    // reads a request without a body up to its empty line
    private static void readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before its request's end");
            }
            head.write(b);
        }
    }
}
