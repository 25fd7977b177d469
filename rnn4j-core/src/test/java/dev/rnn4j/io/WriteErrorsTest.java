package dev.rnn4j.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A write failure without a file (the JDK's full disk) gets one; one that names its file is kept. */
class WriteErrorsTest {

    @Test
    void aFullDiskGetsTheFileAndKeepsItsCause() {
        Path file = Path.of("runs", "model", ".weights.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp");
        IOException full = new IOException("No space left on device");
        FileSystemException named = WriteErrors.naming(file, full);
        assertEquals(file + ": No space left on device", named.getMessage());
        assertSame(full, named.getCause());
        AccessDeniedException denied = new AccessDeniedException("runs/model/config.json");
        assertSame(denied, WriteErrors.naming(file, denied));
        assertEquals(file + ": IOException", WriteErrors.naming(file, new IOException()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> WriteErrors.naming(null, full));
    }
}
