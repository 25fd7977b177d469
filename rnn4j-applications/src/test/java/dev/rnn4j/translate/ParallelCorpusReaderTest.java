package dev.rnn4j.translate;

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

class ParallelCorpusReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void readsPairsWithLineNumbersStrippingWhitespaceCarriageReturnsAndTheByteOrderMark() throws IOException {
        Path de = write("train.de", "\uFEFFEin Hund läuft.\r\n  Zwei Männer.  \nGrüße!\n");
        Path en = write("train.en", "A dog runs.\r\nTwo men.\nGreetings!");
        ParallelCorpus corpus = ParallelCorpusReader.read(de, en);
        assertEquals(List.of(new SentencePair(1, "Ein Hund läuft.", "A dog runs."),
                new SentencePair(2, "Zwei Männer.", "Two men."),
                new SentencePair(3, "Grüße!", "Greetings!")), corpus.pairs());
        assertEquals(List.of(), corpus.emptyLines());
        assertEquals("3 sentence pairs from " + de + " / " + en, corpus.summary());
    }

    @Test
    void differentLineCountsNameBothFilesAndBothCounts() throws IOException {
        Path de = write("train.de", "a\nb\nc\n");
        Path en = write("train.en", "x\ny\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelCorpusReader.read(de, en));
        assertEquals(de + ": parallel files differ in length: " + de + " has 3 lines, " + en + " has 2"
                + "; line i of one must be the translation of line i of the other", e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheFileAndTheLine() throws IOException {
        Path de = write("train.de", "eins\nzwei\ndrei\n");
        // line 3 holds "caf" then 0xE9 (windows-1252 é), which is no UTF-8
        Path en = writeBytes("train.en", new byte[] {'o', 'n', 'e', '\n', 't', 'w', 'o', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelCorpusReader.read(de, en));
        assertEquals(en, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(en + ":3: invalid UTF-8 at byte 4 of the line (file offset 11): 0xE9"),
                e.getMessage());
    }

    @Test
    void aMultiByteCharacterCutByTheEndOfTheFileIsInvalid() throws IOException {
        Path file = writeBytes("cut.txt", new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3});
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelCorpusReader.readLines(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("0xC3"), e.getMessage());
    }

    @Test
    void pairsWithAnEmptySideAreSkippedAndCounted() throws IOException {
        Path de = write("train.de", "eins\n\ndrei\n   \nfünf\nsechs\n");
        Path en = write("train.en", "one\ntwo\n\nfour\nfive\n\t\n");
        ParallelCorpus corpus = ParallelCorpusReader.read(de, en);
        assertEquals(List.of(1L, 5L), corpus.pairs().stream().map(SentencePair::line).toList());
        assertEquals(List.of(2L, 3L, 4L, 6L), corpus.emptyLines());
        assertEquals("2 sentence pairs from " + de + " / " + en + " (4 skipped with an empty side: lines 2, 3, 4, 6)",
                corpus.summary());
    }

    @Test
    void filesWithoutAnyCompletePairAreAnError() throws IOException {
        Path de = write("a.de", "eins\n\n");
        Path en = write("a.en", "\nzwei\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelCorpusReader.read(de, en));
        assertEquals(de + ": no sentence pairs: " + de + " and " + en + " have 2 lines, none with both sides non-empty",
                e.getMessage());
        Path empty = write("empty.de", "");
        assertThrows(DataFormatException.class, () -> ParallelCorpusReader.read(empty, empty));
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path en = write("a.en", "one\n");
        Path missing = dir.resolve("missing.de");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelCorpusReader.read(missing, en));
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void readLinesKeepsEmptyLinesSoIndicesAreLineNumbers() throws IOException {
        Path file = write("input.txt", "Hallo Welt.\n\n Noch einer. \n");
        assertEquals(List.of("Hallo Welt.", "", "Noch einer."), ParallelCorpusReader.readLines(file));
    }
}
