package dev.rnn4j.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading and writing the small JSON files of this package (vocabulary, label set). */
final class JsonFiles {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** A new object node with the {@code format} and {@code version} keys set. */
    static ObjectNode header(String format, int version) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", format);
        root.put("version", version);
        return root;
    }

    /** Writes {@code root} to {@code file} (parent folders created). */
    static void write(Path file, JsonNode root) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON object and checks its {@code format} key and {@code version}.
     *
     * @param what what the file should hold, for messages ("vocabulary")
     * @throws DataFormatException if the file is missing, not JSON, or of another format or version
     */
    static JsonNode read(Path file, String what, String format, int version) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (!Files.exists(file)) {
            throw new DataFormatException(file, 0, what + " file not found");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long line = at == null ? 0 : Math.max(0, at.getLineNr());
            throw new DataFormatException(file, line, "not a valid " + what + " JSON file: "
                    + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, what + " file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read " + what + " file: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DataFormatException(file, 0, what + " file is empty");
        }
        if (!root.isObject()) {
            throw new DataFormatException(file, 1, "expected a JSON object holding a " + what
                    + ", found " + root.getNodeType());
        }
        JsonNode formatNode = root.get("format");
        if (formatNode == null || !formatNode.isTextual() || !formatNode.asText().equals(format)) {
            throw new DataFormatException(file, 0, "not a " + what + " file: expected \"format\": \""
                    + format + "\", found " + (formatNode == null ? "no format key" : formatNode.toString()));
        }
        JsonNode versionNode = root.get("version");
        if (versionNode == null || !versionNode.canConvertToInt() || versionNode.asInt() != version) {
            throw new DataFormatException(file, 0, "unsupported " + what + " version: expected "
                    + version + ", found " + versionNode);
        }
        return root;
    }
}
