package dev.rnn4j.text.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeFilesTest {

    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesTheSameModel() throws IOException {
        BpeModel model = BpeLearner.builder().merges(50).normalization(Normalization.NFKC)
                .build().learn(List.of("Ein \"Mann\" fährt\\ über die Straße.", "tab\there, quote \" and ünï \u00a0 😀"));
        Path file = dir.resolve("sub/bpe.json");
        model.save(file);
        BpeModel back = BpeModel.load(file);
        assertEquals(model.normalization(), back.normalization());
        assertEquals(model.alphabet(), back.alphabet());
        assertEquals(model.merges(), back.merges());
        assertEquals(model.vocabulary(), back.vocabulary());
        String text = "Ein Mann fährt über die Straße, tab\t😀";
        assertEquals(model.tokenize(text), back.tokenize(text));
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"format\": \"rnn4j-bpe\",\n  \"version\": 1,\n  \"normalization\": \"NFKC\",\n"), json);
    }

    @Test
    void emptyModelRoundTrips() {
        BpeModel empty = BpeLearner.builder().build().learn(List.of());
        Path file = dir.resolve("empty.json");
        empty.save(file);
        assertEquals(List.of(), BpeModel.load(file).merges());
    }

    private DataFormatException loadBad(String content) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        DataFormatException e = assertThrows(DataFormatException.class, () -> BpeModel.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    private static final String HEAD = "{\"format\": \"rnn4j-bpe\", \"version\": 1, \"normalization\": \"NFC\", ";

    @Test
    void malformedFilesNameTheFileAndTheLineOrField() throws IOException {
        DataFormatException e = loadBad("{\n  \"format\": \"rnn4j-bpe\",\n  \"version\": 1,\n  oops\n}");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("not a valid BPE model JSON file"), e.getMessage());
        e = loadBad("");
        assertTrue(e.getMessage().endsWith("BPE model file is empty"), e.getMessage());
        e = loadBad("[1, 2]");
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
        e = loadBad("{\"format\": \"rnn4j-vocabulary\", \"version\": 1}");
        assertTrue(e.getMessage().contains("not a BPE model file: expected \"format\": \"rnn4j-bpe\", found \"rnn4j-vocabulary\""),
                e.getMessage());
        e = loadBad("{\"format\": \"rnn4j-bpe\", \"version\": 2}");
        assertTrue(e.getMessage().endsWith("unsupported BPE model version: expected 1, found 2"), e.getMessage());
        e = loadBad("{\"format\": \"rnn4j-bpe\", \"version\": 1, \"normalization\": \"NFD\"}");
        assertTrue(e.getMessage().endsWith("field \"normalization\": expected \"NFC\" or \"NFKC\", found \"NFD\""), e.getMessage());
        e = loadBad(HEAD + "\"merges\": []}");
        assertTrue(e.getMessage().endsWith("field \"alphabet\": expected an array, found no such field"), e.getMessage());
        e = loadBad(HEAD + "\"alphabet\": [\"a\", 7], \"merges\": []}");
        assertTrue(e.getMessage().endsWith("field \"alphabet\"[1]: expected a string, found 7"), e.getMessage());
        e = loadBad(HEAD + "\"alphabet\": [\"a\", \"bc\"], \"merges\": []}");
        assertTrue(e.getMessage().endsWith("field alphabet[1]: expected one character, found \"bc\""), e.getMessage());
        e = loadBad(HEAD + "\"alphabet\": [\"a\", \"b\"], \"merges\": [[\"a\", \"b\"], [\"a\", \"b\", \"c\"]]}");
        assertTrue(e.getMessage().endsWith("field \"merges\"[1]: expected an array of two strings, found [\"a\",\"b\",\"c\"]"),
                e.getMessage());
        e = loadBad(HEAD + "\"alphabet\": [\"a\", \"b\"], \"merges\": [[\"a\", \"b\"], [\"ab\", \"x\"]]}");
        assertTrue(e.getMessage().endsWith(
                "field merges[1]: \"x\" is neither in the alphabet nor the result of an earlier merge"), e.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> BpeModel.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().endsWith("BPE model file not found"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BpeModel.load(null));
    }

    @Test
    void invalidUtf8IsReported() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> BpeModel.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
