package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code curl} examples of README.md's "Serving" section, run against a live server with models of the same
 * names: each request is sent as written (URL, method, headers, body; only the port differs), and its answer
 * has the status and the fields of the JSON response the README shows after it.
 */
class ReadmeExamplesTest {

    static final String README_BASE = "http://127.0.0.1:8080";

    /** One example: the curl command's parts and the response the README shows, if any. */
    record Example(String command, String method, String url, List<String[]> headers, String body,
                   String documented) {
    }

    static ModelServer server;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier()),
                ServedModel.load("passengers", TestModels.forecaster())), ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The examples of the README's "Serving" section, in order. */
    static List<Example> examples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Serving");
        assertTrue(start >= 0, "README.md has no \"## Serving\" section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<Example> out = new ArrayList<>();
        String[] lines = section.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("curl ")) {
                continue;
            }
            StringBuilder command = new StringBuilder();
            while (lines[i].endsWith("\\")) {
                command.append(lines[i], 0, lines[i].length() - 1).append(' ');
                i++;
            }
            command.append(lines[i]);
            // the response: the fenced block right after the command's own block, when it is JSON
            String documented = null;
            int close = i + 1;
            while (close < lines.length && !lines[close].startsWith("```")) {
                close++;
            }
            int next = close + 1;
            while (next < lines.length && !lines[next].startsWith("```")) {
                next++;
            }
            if (next < lines.length && lines[next].startsWith("```json")) {
                StringBuilder json = new StringBuilder();
                for (int k = next + 1; !lines[k].startsWith("```"); k++) {
                    json.append(lines[k]).append('\n');
                }
                documented = json.toString();
            }
            out.add(parse(command.toString(), documented));
        }
        return out;
    }

    /** Parses {@code curl [-s] [-i] [-X METHOD] [-H 'K: V'] [-d 'BODY'] URL}. */
    static Example parse(String command, String documented) {
        List<String> words = shellWords(command);
        String method = null;
        String url = null;
        String body = null;
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s", "-i", "--silent" -> { }
                case "-X", "--request" -> method = words.get(++i);
                case "-H", "--header" -> {
                    String h = words.get(++i);
                    headers.add(new String[] {h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim()});
                }
                case "-d", "--data", "--data-binary", "--data-raw" -> body = words.get(++i);
                default -> {
                    assertTrue(w.startsWith("http://"), () -> "unknown curl word '" + w + "' in: " + command);
                    url = w;
                }
            }
        }
        assertTrue(url != null, () -> "no URL in: " + command);
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        return new Example(command, method, url, headers, body, documented);
    }

    // words as a POSIX shell splits them: whitespace outside quotes; '...' and "..." quote
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertEquals(0, quote, () -> "unclosed quote in: " + line);
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void everyCurlExampleGetsTheDocumentedKindOfAnswer() throws IOException {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 8, () -> "only " + examples.size() + " curl examples");
        TreeSet<String> covered = new TreeSet<>();
        for (Example e : examples) {
            assertTrue(e.url().startsWith(README_BASE), () -> "not the README's server: " + e.command());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()
                    + e.url().substring(README_BASE.length())));
            for (String[] h : e.headers()) {
                request.header(h[0], h[1]);
            }
            request.method(e.method(), e.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(e.body()));
            HttpResponse<String> r = Http.send(request);
            covered.add(e.method() + " " + URI.create(e.url()).getPath().replaceAll("^/(models|predictions|explanations)/.+",
                    "/$1/{name}"));
            if (e.documented() == null) {
                assertEquals(200, r.statusCode(), () -> e.command() + " -> " + r.body());
                continue;
            }
            JsonNode documented = ServerEndpointsTest.JSON.readTree(e.documented());
            JsonNode got = ServerEndpointsTest.json(r);
            int expectedStatus = documented.has("code") && documented.has("type") ? documented.get("code").asInt() : 200;
            assertEquals(expectedStatus, r.statusCode(), () -> e.command() + " -> " + r.body());
            assertEquals(fieldNames(documented), fieldNames(got), () -> e.command() + " -> " + r.body());
        }
        for (String route : List.of("GET /ping", "GET /models", "GET /models/{name}", "POST /predictions/{name}",
                "POST /explanations/{name}", "GET /metrics", "GET /openapi.json")) {
            assertTrue(covered.contains(route), () -> "no curl example of " + route + " in " + covered);
        }
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
