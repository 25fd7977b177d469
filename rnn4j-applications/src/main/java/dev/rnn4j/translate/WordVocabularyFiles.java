package dev.rnn4j.translate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.classify.ModelFolderException;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.text.bpe.Normalization;
import dev.rnn4j.text.bpe.WordLevelTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of one side's word vocabulary in a word-level translation model folder: UTF-8 JSON, one
 * word per line, in id order from id {@value SubwordVocabulary#SPECIALS}.
 * <pre>
 * {
 *   "format": "rnn4j-words",
 *   "version": 1,
 *   "normalization": "NFC",
 *   "words": [
 *     ".",
 *     " a",
 *     ...
 *   ]
 * }
 * </pre>
 * Words keep their leading whitespace, which is why they live in JSON strings rather than lines of
 * text. Reading checks every field and reports a {@link ModelFolderException} that names the file and
 * the field ({@code "words"[12]}) or, for JSON syntax, the line.
 */
final class WordVocabularyFiles {

    static final String FORMAT = "rnn4j-words";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WordVocabularyFiles() {
    }

    static void write(SubwordVocabulary vocabulary, Path file) throws IOException {
        if (!(vocabulary.tokenizer() instanceof WordLevelTokenizer words)) {
            throw new IllegalArgumentException("vocabulary: expected a word-level vocabulary, got "
                    + vocabulary.unit());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": \"").append(FORMAT).append("\",\n  \"version\": ").append(VERSION)
                .append(",\n  \"normalization\": \"").append(words.normalization().name()).append("\",\n")
                .append("  \"words\": [");
        List<String> entries = vocabulary.entries();
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ").append(MAPPER.writeValueAsString(entries.get(i)));
        }
        sb.append(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        ReplaceFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws ModelFolderException naming the file when it is missing, unreadable, not JSON, or a field is
     *     missing or wrong
     */
    static SubwordVocabulary read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ")";
            throw new ModelFolderException(file, "not a valid word vocabulary JSON file" + line + ": "
                    + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ModelFolderException(file, "word vocabulary file not found", e);
        } catch (IOException e) {
            throw new ModelFolderException(file, "cannot read the word vocabulary: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ModelFolderException(file, "expected a JSON object holding a word vocabulary, found "
                    + (root == null || root.isMissingNode() ? "an empty file" : root.getNodeType().toString()));
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.asText().equals(FORMAT)) {
            throw new ModelFolderException(file, "not a word vocabulary file: expected \"format\": \"" + FORMAT
                    + "\", found " + (format == null ? "no format field" : format.toString()));
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.asInt() != VERSION) {
            throw new ModelFolderException(file, "unsupported word vocabulary version: expected " + VERSION
                    + ", found " + version);
        }
        JsonNode normalizationNode = root.get("normalization");
        Normalization normalization = null;
        for (Normalization n : Normalization.values()) {
            if (normalizationNode != null && normalizationNode.isTextual()
                    && n.name().equals(normalizationNode.asText())) {
                normalization = n;
            }
        }
        if (normalization == null) {
            throw new ModelFolderException(file, "field \"normalization\": expected \"NFC\" or \"NFKC\", found "
                    + (normalizationNode == null ? "no such field" : normalizationNode.toString()));
        }
        JsonNode wordsNode = root.get("words");
        if (wordsNode == null || !wordsNode.isArray()) {
            throw new ModelFolderException(file, "field \"words\": expected an array of strings, found "
                    + (wordsNode == null ? "no such field" : wordsNode.getNodeType().toString()));
        }
        List<String> words = new ArrayList<>(wordsNode.size());
        for (int i = 0; i < wordsNode.size(); i++) {
            if (!wordsNode.get(i).isTextual()) {
                throw new ModelFolderException(file, "field \"words\"[" + i + "]: expected a string, found "
                        + wordsNode.get(i));
            }
            words.add(wordsNode.get(i).asText());
        }
        try {
            return SubwordVocabulary.words(new WordLevelTokenizer(normalization), words);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file, "field " + e.getMessage(), e);
        }
    }
}
