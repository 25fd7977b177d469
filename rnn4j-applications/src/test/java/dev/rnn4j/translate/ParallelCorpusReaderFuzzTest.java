package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target of the parallel-corpus reader ({@link ParallelCorpusReader#read(Path, Path)}): any
 * two files either read as a corpus whose pairs and skipped lines account for every line, or
 * raise a {@link DataFormatException} with a message. Any other exception or error, or a hang,
 * is a finding.
 *
 * <p>An input's first NUL byte separates the source file's bytes from the target file's; an input
 * without one is written to both files. Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/translate/ParallelCorpusReaderFuzzTestInputs/readsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class ParallelCorpusReaderFuzzTest {

    /** Two files rewritten for every input, so an input costs two writes, not file creations and deletions. */
    private static final Path SOURCE = newTempFile(".de");
    private static final Path TARGET = newTempFile(".en");

    private static Path newTempFile(String suffix) {
        try {
            Path file = Files.createTempFile("parallel-fuzz", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        int separator = 0;
        while (separator < input.length && input[separator] != 0) {
            separator++;
        }
        byte[] source = separator < input.length ? Arrays.copyOf(input, separator) : input;
        byte[] target = separator < input.length ? Arrays.copyOfRange(input, separator + 1, input.length) : input;
        Files.write(SOURCE, source);
        Files.write(TARGET, target);
        ParallelCorpus corpus;
        try {
            corpus = ParallelCorpusReader.read(SOURCE, TARGET);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        int lines = ParallelCorpusReader.readLines(SOURCE).size();
        assertEquals(lines, corpus.size() + corpus.emptyLines().size(), "every line is a pair or a skipped line");
        long previous = 0;
        for (SentencePair pair : corpus.pairs()) {
            assertTrue(pair.line() > previous && pair.line() <= lines, "line numbers increase within the file");
            previous = pair.line();
            assertFalse(pair.source().isEmpty() || pair.target().isEmpty(), "a pair with an empty side");
            assertEquals(pair.source().strip(), pair.source());
            assertEquals(pair.target().strip(), pair.target());
        }
        assertFalse(corpus.summary().isBlank());
    }
}
