package dev.rnn4j.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a small file (a model folder's {@code config.json}) so that a reader never sees it half written: the bytes
 * go to a temporary file in the same folder, which is then moved over the target, atomically where the file system
 * can (otherwise with a plain replacing move). The temporary file never outlives the call, except when the process
 * is killed during it; the next call removes such a leftover ({@link TemporarySiblings}).
 */
public final class ReplaceFile {

    private ReplaceFile() {
    }

    /** Writes {@code bytes} to {@code target}, replacing what is there. */
    public static void write(Path target, byte[] bytes) throws IOException {
        if (target == null || bytes == null) {
            throw new IllegalArgumentException("ReplaceFile.write: expected a target and bytes, got null");
        }
        Path folder = target.toAbsolutePath().getParent();
        TemporarySiblings.removeStale(target); // what a write killed before its move left here
        Path tmp = Files.createTempFile(folder, "." + target.getFileName() + "-", ".tmp");
        try {
            try {
                Files.write(tmp, bytes);
            } catch (IOException e) {
                throw WriteErrors.naming(tmp, e); // a full disk: the JDK's message names no file
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
