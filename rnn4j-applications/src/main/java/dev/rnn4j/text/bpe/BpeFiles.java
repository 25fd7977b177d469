package dev.rnn4j.text.bpe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of a {@link BpeModel}: UTF-8 JSON, one alphabet entry and one merge per line.
 * <pre>
 * {
 *   "format": "rnn4j-bpe",
 *   "version": 1,
 *   "normalization": "NFC",
 *   "alphabet": [
 *     " ",
 *     "a",
 *     ...
 *   ],
 *   "merges": [
 *     [" ", "a"],
 *     ["e", "n"],
 *     ...
 *   ]
 * }
 * </pre>
 * {@code normalization} is {@code NFC} or {@code NFKC}; {@code alphabet} lists single characters
 * in id order; {@code merges} lists the (left, right) pairs in the order they apply, each part a
 * character of the alphabet or the concatenation of an earlier merge. Pre-tokenisation and byte
 * fallback are fixed by the format version. Reading checks all of this and reports a
 * {@link DataFormatException} that names the file and the line (for JSON syntax) or the field
 * ({@code merges[12]}).
 */
public final class BpeFiles {

    static final String FORMAT = "rnn4j-bpe";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BpeFiles() {
    }

    static void write(BpeModel model, Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": \"").append(FORMAT).append("\",\n  \"version\": ").append(VERSION)
                .append(",\n  \"normalization\": \"").append(model.normalization().name()).append("\",\n")
                .append("  \"alphabet\": [");
        List<String> alphabet = model.alphabet();
        for (int i = 0; i < alphabet.size(); i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ").append(quote(alphabet.get(i)));
        }
        sb.append(alphabet.isEmpty() ? "],\n" : "\n  ],\n").append("  \"merges\": [");
        List<List<String>> merges = model.merges();
        for (int i = 0; i < merges.size(); i++) {
            sb.append(i == 0 ? "\n    [" : ",\n    [").append(quote(merges.get(i).get(0))).append(", ")
                    .append(quote(merges.get(i).get(1))).append(']');
        }
        sb.append(merges.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write BPE model " + file + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    static BpeModel read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long line = at == null ? 0 : Math.max(0, at.getLineNr());
            throw new DataFormatException(file, line, "not a valid BPE model JSON file: " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "BPE model file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read BPE model file: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DataFormatException(file, 0, "BPE model file is empty");
        }
        if (!root.isObject()) {
            throw new DataFormatException(file, 0, "expected a JSON object holding a BPE model, found " + root.getNodeType());
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.asText().equals(FORMAT)) {
            throw new DataFormatException(file, 0, "not a BPE model file: expected \"format\": \"" + FORMAT
                    + "\", found " + (format == null ? "no format field" : format.toString()));
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.asInt() != VERSION) {
            throw new DataFormatException(file, 0, "unsupported BPE model version: expected " + VERSION + ", found " + version);
        }
        JsonNode normalizationNode = root.get("normalization");
        Normalization normalization = null;
        for (Normalization n : Normalization.values()) {
            if (normalizationNode != null && normalizationNode.isTextual() && n.name().equals(normalizationNode.asText())) {
                normalization = n;
            }
        }
        if (normalization == null) {
            throw new DataFormatException(file, 0, "field \"normalization\": expected \"NFC\" or \"NFKC\", found "
                    + (normalizationNode == null ? "no such field" : normalizationNode.toString()));
        }
        List<String> alphabet = strings(file, root, "alphabet");
        JsonNode mergesNode = array(file, root, "merges");
        List<List<String>> merges = new ArrayList<>(mergesNode.size());
        for (int i = 0; i < mergesNode.size(); i++) {
            JsonNode pair = mergesNode.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new DataFormatException(file, 0, "field \"merges\"[" + i
                        + "]: expected an array of two strings, found " + pair);
            }
            merges.add(List.of(pair.get(0).asText(), pair.get(1).asText()));
        }
        try {
            return new BpeModel(normalization, alphabet, merges);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, 0, "field " + e.getMessage(), e);
        }
    }

    private static JsonNode array(Path file, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray()) {
            throw new DataFormatException(file, 0, "field \"" + field + "\": expected an array, found "
                    + (node == null ? "no such field" : node.getNodeType().toString()));
        }
        return node;
    }

    private static List<String> strings(Path file, JsonNode root, String field) {
        JsonNode node = array(file, root, field);
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new DataFormatException(file, 0, "field \"" + field + "\"[" + i + "]: expected a string, found "
                        + node.get(i));
            }
            values.add(node.get(i).asText());
        }
        return values;
    }
}
