package dev.rnn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j classify download}: cache reuse and clear errors (the downloader itself is tested on file:// URLs). */
class ClassifyDownloadTest {

    @Test
    void aCompleteCachedCopyIsReusedWithoutTheNetwork(@TempDir Path cache) throws Exception {
        Path extracted = Files.createDirectories(cache.resolve("imdb").resolve("aclImdb"));
        String[] r = CliTest.run("classify", "download", "imdb", "--cache", cache.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(extracted.toString(), r[1].trim());
    }

    @Test
    void anUnknownDataSetIsNamed(@TempDir Path cache) {
        String[] r = CliTest.run("classify", "download", "mnist", "--cache", cache.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown data set 'mnist' (expected imdb or sst2)"), r[2]);
    }
}
