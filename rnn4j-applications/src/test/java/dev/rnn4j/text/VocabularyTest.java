package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir
    Path dir;

    private static final List<List<String>> DATA = List.of(
            List.of("the", "cat", "sat", "the", "b"),
            List.of("the", "dog", "a", "b", "cat"),
            List.of("a", "zebra", "<unk>"));

    @Test
    void buildOrdersByCountThenTokenAndKeepsSpecialsFirst() {
        Vocabulary vocabulary = Vocabulary.build(DATA, 1, Vocabulary.UNLIMITED);
        // counts: the 3; a 2, b 2, cat 2; dog 1, sat 1, zebra 1
        assertEquals(List.of("<pad>", "<unk>", "the", "a", "b", "cat", "dog", "sat", "zebra"), vocabulary.tokens());
        assertEquals(0, vocabulary.id(Vocabulary.PAD));
        assertEquals(1, vocabulary.id(Vocabulary.UNK));
    }

    @Test
    void buildAppliesMinFrequencyAndMaxSize() {
        assertEquals(List.of("<pad>", "<unk>", "the", "a", "b", "cat"), Vocabulary.build(DATA, 2, 100).tokens());
        assertEquals(List.of("<pad>", "<unk>", "the", "a"), Vocabulary.build(DATA, 1, 4).tokens());
        assertEquals(List.of("<pad>", "<unk>"), Vocabulary.build(DATA, 1, 2).tokens());
    }

    @Test
    void encodeMapsUnknownTokensToUnk() {
        Vocabulary vocabulary = Vocabulary.build(DATA, 2, 100);
        assertArrayEquals(new int[] {2, 5, 1, 0}, vocabulary.encode(List.of("the", "cat", "zebra", "<pad>")));
        assertEquals("cat", vocabulary.token(5));
        assertTrue(vocabulary.contains("a"));
        assertFalse(vocabulary.contains("dog"));
        assertEquals(6, vocabulary.size());
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(DATA, 0, 10));
        assertTrue(e.getMessage().contains("minFrequency"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(DATA, 1, 1));
        assertTrue(e.getMessage().contains("maxSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(DATA, 1, 10).token(10));
        assertTrue(e.getMessage().contains("[0, 9)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "b")));
    }

    @Test
    void saveAndLoadRoundTrip() {
        Vocabulary vocabulary = Vocabulary.build(DATA, 1, Vocabulary.UNLIMITED);
        Path file = dir.resolve("model/vocab.json");
        vocabulary.save(file);
        assertEquals(vocabulary, Vocabulary.load(file));
    }

    @Test
    void loadMissingFileNamesTheFile() {
        Path file = dir.resolve("nope.json");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void loadMalformedJsonNamesFileAndLine() throws IOException {
        Path file = dir.resolve("vocab.json");
        Files.writeString(file, "{\n  \"format\": \"rnn4j-vocabulary\",\n  \"tokens\": [\"<pad>\" \"<unk>\"]\n}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void loadOtherKindOfJsonFileIsRejected() throws IOException {
        Path file = dir.resolve("labels.json");
        new LabelSetStub().write(file);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a vocabulary file"),
                e.getMessage());
    }

    @Test
    void loadInvalidTokenListIsRejected() throws IOException {
        Path file = dir.resolve("vocab.json");
        Files.writeString(file, "{\"format\": \"rnn4j-vocabulary\", \"version\": 1, \"tokens\": [\"<pad>\", \"x\"]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("must start with"), e.getMessage());
    }

    @Test
    void loadEmptyFileIsRejected() throws IOException {
        Path file = dir.resolve("vocab.json");
        Files.writeString(file, "");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    /** Writes a JSON file of a different format, as another component would. */
    private static final class LabelSetStub {
        void write(Path file) throws IOException {
            Files.writeString(file, "{\"format\": \"rnn4j-labels\", \"version\": 1, \"labels\": [\"0\", \"1\"]}");
        }
    }
}
