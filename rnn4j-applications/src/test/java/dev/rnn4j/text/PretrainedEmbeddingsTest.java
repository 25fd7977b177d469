package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedEmbeddingsTest {
    @TempDir
    Path dir;

    // ids: <pad> 0, <unk> 1, the 2, cat 3, sat 4
    private final Vocabulary vocabulary = Vocabulary.of(List.of("<pad>", "<unk>", "the", "cat", "sat"));

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private float[] row(PretrainedEmbeddings e, int id) {
        return Arrays.copyOfRange(e.weights(), id * e.dimension(), (id + 1) * e.dimension());
    }

    @Test
    void gloveFormat() throws IOException {
        Path file = write("glove.txt", "the 0.1 0.2 0.3\ndog 1 2 3\ncat -1.5 2e-1 0\nthe 9 9 9\n");
        PretrainedEmbeddings e = PretrainedEmbeddings.load(file, vocabulary);
        assertEquals(3, e.dimension());
        assertEquals(2, e.hits());
        assertEquals(5, e.vocabularySize());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, row(e, 2), "first occurrence wins");
        assertArrayEquals(new float[] {-1.5f, 0.2f, 0f}, row(e, 3));
        assertArrayEquals(new float[3], row(e, 4));
        assertArrayEquals(new boolean[] {false, false, true, true, false}, e.found());
    }

    @Test
    void word2vecHeaderAndTrailingSpaces() throws IOException {
        Path file = write("w2v.txt", "3 2\nThe 1 2 \nsat 3 4 \ncat 5 6 \n");
        PretrainedEmbeddings e = PretrainedEmbeddings.load(file, vocabulary);
        assertEquals(2, e.dimension());
        assertEquals(2, e.hits());
        assertArrayEquals(new float[] {5, 6}, row(e, 3));
        PretrainedEmbeddings lower = PretrainedEmbeddings.load(file, vocabulary, StandardCharsets.UTF_8, true);
        assertEquals(3, lower.hits());
        assertArrayEquals(new float[] {1, 2}, row(lower, 2));
    }

    @Test
    void aHeaderClaimingAHugeDimensionAllocatesNothingBeforeAVectorLineHasThatMany() throws IOException {
        // 100000 columns for each of the 5 words are claimed by 9 bytes; nothing is allocated for them
        Path headerOnly = write("header.txt", "3 100000\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(headerOnly, vocabulary));
        assertTrue(e.getMessage().contains("header but no vectors"), e.getMessage());
        Path shortLines = write("short.txt", "3 100000\nthe 1 2\n");
        e = assertThrows(DataFormatException.class, () -> PretrainedEmbeddings.load(shortLines, vocabulary));
        assertTrue(e.getMessage().startsWith(shortLines + ":2: expected a word and 100000 values"), e.getMessage());
    }

    @Test
    void exactMatchBeatsLowerCaseFallback() throws IOException {
        Path file = write("v.txt", "The 1 1\nthe 2 2\n");
        PretrainedEmbeddings e = PretrainedEmbeddings.load(file, vocabulary, StandardCharsets.UTF_8, true);
        assertArrayEquals(new float[] {2, 2}, row(e, 2));
        assertEquals(1, e.hits());
    }

    @Test
    void wordsWithSpacesAreKept() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("<pad>", "<unk>", ". . ."));
        Path file = write("glove840.txt", "a 1 2\n. . . 3 4\n");
        PretrainedEmbeddings e = PretrainedEmbeddings.load(file, v);
        assertArrayEquals(new float[] {3, 4}, row(e, 2));
    }

    @Test
    void gzippedFile() throws IOException {
        Path file = dir.resolve("v.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("cat 1 2\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(1, PretrainedEmbeddings.load(file, vocabulary).hits());
    }

    @Test
    void tooFewValuesNamesFileAndLine() throws IOException {
        Path file = write("glove.txt", "the 0.1 0.2 0.3\ncat 1 2\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 2, "expected a word and 3 values, found 2");
    }

    @Test
    void tooManyValuesNamesFileAndLine() throws IOException {
        Path file = write("glove.txt", "the 0.1 0.2\ndog 1 2\ncat 1 2 3\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 3, "expected a word and 2 values, found 3");
    }

    @Test
    void notANumberNamesFileAndLine() throws IOException {
        Path file = write("glove.txt", "the 0.1 0.2\ncat 1 x\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 2, "not a number: \"x\"");
    }

    @Test
    void nonFiniteValueNamesFileAndLine() throws IOException {
        Path file = write("glove.txt", "the 0.1 0.2\ncat NaN 1\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 2, "not finite");
    }

    @Test
    void headerCountMismatch() throws IOException {
        Path file = write("w2v.txt", "5 2\nthe 1 2\ncat 3 4\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 1, "header says 5 vectors, the file has 2");
    }

    @Test
    void invalidBytesNamesFileAndLine() throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.write(file, "the 1 2\ncaf\u00e9 1 2\n".getBytes(StandardCharsets.ISO_8859_1));
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 2, "UTF-8");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("glove.txt", "\n\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 0, "empty");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("none.txt");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 0, "not found");
    }

    @Test
    void singleFieldLine() throws IOException {
        Path file = write("glove.txt", "the\n");
        ReadersTest.assertNames(assertThrows(DataFormatException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary)), file, 1, "single field");
    }

    @Test
    void nonAsciiCompatibleEncodingIsRejected() throws IOException {
        Path file = write("glove.txt", "the 1\n");
        assertThrows(IllegalArgumentException.class,
                () -> PretrainedEmbeddings.load(file, vocabulary, StandardCharsets.UTF_16, false));
        assertFalse(Files.size(file) == 0);
        assertTrue(PretrainedEmbeddings.load(file, vocabulary, StandardCharsets.ISO_8859_1, false).hits() == 1);
    }
}
