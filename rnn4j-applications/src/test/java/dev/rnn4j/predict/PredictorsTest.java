package dev.rnn4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Predictors}: which folders it refuses, and with what message. */
class PredictorsTest {
    @TempDir
    Path dir;

    private Path folderWithConfig(String name, String json) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("config.json"), json);
        return folder;
    }

    private static IllegalArgumentException refused(Path folder) {
        return assertThrows(IllegalArgumentException.class, () -> Predictors.load(folder));
    }

    @Test
    void aFolderWithoutConfigNamesTheMissingFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        String m = refused(folder).getMessage();
        assertTrue(m.startsWith(folder.resolve("config.json") + ": not found"), m);
        String missing = refused(dir.resolve("no-such-folder")).getMessage();
        assertTrue(missing.contains("no-such-folder") && missing.contains("config.json"), missing);
    }

    @Test
    void malformedJsonNamesTheFileAndLine() throws IOException {
        Path folder = folderWithConfig("broken", "{\n  \"task\": \"forecast\",\n  \"format\": \n}");
        String m = refused(folder).getMessage();
        assertTrue(m.startsWith(folder.resolve("config.json") + ": not valid JSON (line 4)"), m);
        Path trailing = folderWithConfig("trailing", "{\"task\": \"forecast\"} {\"task\": \"other\"}");
        assertTrue(refused(trailing).getMessage().contains("not valid JSON"), refused(trailing).getMessage());
        Path empty = folderWithConfig("empty-file", "");
        assertEquals(empty.resolve("config.json") + ": expected a JSON object with a \"task\", got an empty file",
                refused(empty).getMessage());
        Path array = folderWithConfig("array", "[\"forecast\"]");
        assertEquals(array.resolve("config.json") + ": expected a JSON object with a \"task\", got array",
                refused(array).getMessage());
    }

    @Test
    void aConfigWithoutATaskStringSaysSo() throws IOException {
        Path none = folderWithConfig("no-task", "{\"format\": 1}");
        assertEquals(none.resolve("config.json") + ": no \"task\" string saying which kind of model this is",
                refused(none).getMessage());
        Path number = folderWithConfig("number-task", "{\"task\": 7}");
        assertTrue(refused(number).getMessage().startsWith(number.resolve("config.json") + ": no \"task\" string"),
                refused(number).getMessage());
    }

    @Test
    void anUnknownTaskNamesTheFileAndTheKnownTasks() throws IOException {
        Path folder = folderWithConfig("speech", "{\"task\": \"speech-recognition\"}");
        String m = refused(folder).getMessage();
        assertTrue(m.startsWith(folder.resolve("config.json") + ": no application loads models of task"
                + " \"speech-recognition\" (known: "), m);
        assertTrue(m.contains("forecast"), m);
        assertTrue(Predictors.factories().containsKey("forecast"), Predictors.factories()::toString);
    }
}
