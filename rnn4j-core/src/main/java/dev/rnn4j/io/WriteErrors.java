package dev.rnn4j.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Write failures that name their file. The JDK reports a full disk during a write as a bare
 * {@code IOException("No space left on device")}, which tells a user nothing about where; the
 * writers of this project rethrow it through {@link #naming} so that the message reads
 * {@code PATH: No space left on device}.
 */
public final class WriteErrors {

    private WriteErrors() {
    }

    /**
     * {@code e} itself if it already names a file, else a {@link FileSystemException} of {@code file}
     * whose reason is {@code e}'s message and whose cause is {@code e}.
     *
     * @throws IllegalArgumentException if {@code file} or {@code e} is null
     */
    public static FileSystemException naming(Path file, IOException e) {
        if (file == null || e == null) {
            throw new IllegalArgumentException("naming: expected a file and an exception, got " + file + " and " + e);
        }
        if (e instanceof FileSystemException named && named.getFile() != null) {
            return named;
        }
        FileSystemException named = new FileSystemException(file.toString(), null,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        named.initCause(e);
        return named;
    }
}
