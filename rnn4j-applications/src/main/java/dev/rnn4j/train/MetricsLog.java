package dev.rnn4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines metric log ({@code DIR/metrics.jsonl}): one object per logging step
 * ({@code "type": "step"}) and per epoch ({@code "type": "epoch"}), each with {@code epoch} and
 * {@code step}. Non-finite values are written as {@code null} (JSON has no NaN).
 *
 * <p>On resume the log is cut back to the checkpoint's step (lines written after the checkpoint,
 * by the interrupted run, are dropped, as is a half-written last line), so the log of a resumed
 * run reads like an uninterrupted one.
 */
final class MetricsLog implements Closeable {

    static final String FILE = "metrics.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final BufferedWriter writer;

    private MetricsLog(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /** A new, empty log (replacing any old one). */
    static MetricsLog create(Path file) throws IOException {
        return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    /** The existing log cut back to entries with {@code step <= keepUpToStep}, opened for appending. */
    static MetricsLog resume(Path file, long keepUpToStep) throws IOException {
        if (Files.exists(file)) {
            StringBuilder kept = new StringBuilder();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException e) {
                    continue; // a line cut short by the crash
                }
                if (node != null && node.isObject() && node.path("step").canConvertToLong()
                        && node.get("step").asLong() <= keepUpToStep) {
                    kept.append(line).append('\n');
                }
            }
            AtomicFiles.write(file, kept.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    Path file() {
        return file;
    }

    /**
     * Appends one entry: fixed fields first, then the metrics in their order.
     *
     * @throws java.nio.file.FileSystemException naming the log if it cannot be written (a full disk)
     */
    void write(String type, int epoch, long step, Map<String, Double> metrics, Map<String, Object> extra)
            throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", type);
        node.put("epoch", epoch);
        node.put("step", step);
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            putNumber(node, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d) {
                putNumber(node, e.getKey(), d);
            } else if (v instanceof Number n) {
                node.put(e.getKey(), n.longValue());
            } else {
                node.put(e.getKey(), String.valueOf(v));
            }
        }
        try {
            writer.write(MAPPER.writeValueAsString(node));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw AtomicFiles.naming(file, e);
        }
    }

    private static void putNumber(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
