package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSetTest {
    @TempDir
    Path dir;

    @Test
    void labelsAreSortedDeterministically() {
        assertEquals(List.of("neg", "pos"), LabelSet.of(List.of("pos", "neg", "pos")).labels());
        assertEquals(List.of("2", "10", "33"), LabelSet.of(List.of("10", "2", "33")).labels());
        assertEquals(List.of("01", "1"), LabelSet.of(List.of("1", "01")).labels());
    }

    @Test
    void indexAndLabel() {
        LabelSet labels = LabelSet.of(List.of("pos", "neg"));
        assertEquals(1, labels.index("pos"));
        assertEquals("neg", labels.label(0));
        assertEquals(2, labels.size());
        Path file = dir.resolve("train");
        assertArrayEquals(new int[] {1, 0}, labels.indices(List.of(new LabeledText("a", "pos", file, 1),
                new LabeledText("b", "neg", file, 2))));
    }

    @Test
    void unknownLabelIsAClearError() {
        LabelSet labels = LabelSet.of(List.of("pos", "neg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.index("meh"));
        assertTrue(e.getMessage().contains("\"meh\"") && e.getMessage().contains("[neg, pos]"), e.getMessage());
        Path file = dir.resolve("test.tsv");
        DataFormatException d = assertThrows(DataFormatException.class,
                () -> labels.index(new LabeledText("so-so", "meh", file, 7)));
        assertTrue(d.getMessage().startsWith(file + ":7: unknown label \"meh\""), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> labels.label(2));
    }

    @Test
    void badConstructionArguments() {
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of("a", " ")));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.fromData(List.of()));
    }

    @Test
    void saveAndLoadKeepTheOrder() {
        LabelSet labels = LabelSet.fromData(List.of(new LabeledText("x", "b"), new LabeledText("y", "a")));
        Path file = dir.resolve("model/labels.json");
        labels.save(file);
        assertEquals(labels, LabelSet.load(file));
    }

    @Test
    void loadMissingFile() {
        Path file = dir.resolve("labels.json");
        DataFormatException e = assertThrows(DataFormatException.class, () -> LabelSet.load(file));
        assertTrue(e.getMessage().startsWith(file + ": label set file not found"), e.getMessage());
    }

    @Test
    void loadVocabularyFileAsLabelsIsRejected() {
        Path file = dir.resolve("vocab.json");
        Vocabulary.build(List.of(List.of("a")), 1, 10).save(file);
        DataFormatException e = assertThrows(DataFormatException.class, () -> LabelSet.load(file));
        assertTrue(e.getMessage().contains("not a label set file"), e.getMessage());
    }

    @Test
    void loadDuplicateLabelsIsRejected() throws IOException {
        Path file = dir.resolve("labels.json");
        Files.writeString(file, "{\"format\":\"rnn4j-labels\",\"version\":1,\"labels\":[\"a\",\"a\"]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> LabelSet.load(file));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void loadMalformedJsonNamesTheLine() throws IOException {
        Path file = dir.resolve("labels.json");
        Files.writeString(file, "{\"format\":\"rnn4j-labels\",\n\"version\":1,\n\"labels\":[\"a\",]]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> LabelSet.load(file));
        assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
    }
}
