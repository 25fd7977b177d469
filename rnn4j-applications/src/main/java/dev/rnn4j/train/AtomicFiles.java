package dev.rnn4j.train;

import dev.rnn4j.io.WriteErrors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * File operations that never leave a half-written file or directory under its final name: write
 * to a temporary name in the same directory, force it to disk, then rename atomically.
 *
 * <p>Temporary names start with {@value #TEMP_PREFIX} and names being deleted with
 * {@value #TRASH_PREFIX}; both are hidden, and {@link #removeLeftovers(Path)} clears what a crash
 * left behind.
 *
 * <p>A failed write names its file: the JDK reports a full disk while writing as a bare
 * {@code IOException("No space left on device")}, which {@link #naming} turns into a
 * {@link FileSystemException} of the file; {@link #describe} renders any of them as
 * {@code PATH: reason}.
 */
final class AtomicFiles {

    /** Prefix of files and directories being written. */
    static final String TEMP_PREFIX = ".tmp-";
    /** Prefix of directories being deleted. */
    static final String TRASH_PREFIX = ".trash-";

    private AtomicFiles() {
    }

    /** A fresh temporary sibling name for {@code target}. */
    static Path tempSibling(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    }

    /**
     * Writes {@code bytes} to {@code target}: temporary file, fsync, atomic rename, fsync of the directory.
     *
     * @throws FileSystemException naming the file that could not be written (the temporary one when the
     *                             disk filled while writing it); the target is then unchanged
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Path temp = tempSibling(target);
        boolean moved = false;
        try {
            writeDirect(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw naming(target, e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Writes {@code bytes} to a new file and forces it to disk, without a rename: only for files
     * inside a temporary folder that is itself renamed into place afterwards.
     *
     * @throws FileSystemException naming {@code file} if it cannot be created or written
     */
    static void writeDirect(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw naming(file, e);
        }
    }

    /**
     * {@code e} if it already names a file, else a {@link FileSystemException} of {@code file} with
     * {@code e}'s message as the reason and {@code e} as the cause.
     */
    static FileSystemException naming(Path file, IOException e) {
        return WriteErrors.naming(file, e);
    }

    /**
     * An I/O failure as {@code PATH: reason} when it names a file (the JDK leaves the reason of a
     * refused permission, a missing file and an existing one empty: they get words here), else its message.
     */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String reason = f.getReason();
        if (reason == null) {
            reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof FileAlreadyExistsException ? "already exists (and is in the way)"
                    : e.getClass().getSimpleName();
        }
        return f.getFile() + (f.getOtherFile() == null ? "" : " (to " + f.getOtherFile() + ")") + ": " + reason;
    }

    /**
     * Moves the complete directory {@code source} to {@code target} atomically. An existing
     * {@code target} (an orphan of an interrupted run) is first renamed to a trash name and then
     * deleted, so at no moment does a partial directory carry the target's name.
     */
    static void moveDirectory(Path source, Path target) throws IOException {
        syncDirectory(source);
        if (Files.exists(target)) {
            Path trash = target.resolveSibling(TRASH_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
            Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes a directory by renaming it to a trash name first, then deleting the tree. */
    static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path trash = dir.resolveSibling(TRASH_PREFIX + dir.getFileName() + "-" + UUID.randomUUID());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(trash);
    }

    /** Deletes {@code root} and everything below it (no error if it is already gone). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes the temporary and trash entries directly inside {@code dir} (left by a crash). */
    static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) || name.startsWith(TRASH_PREFIX)) {
                    deleteTree(p);
                }
            }
        }
    }

    /**
     * Forces a directory's entries (renames) to disk. Some platforms cannot open a directory for
     * this; there the rename is still atomic, only its durability after a power cut is weaker, so
     * the failure is ignored.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // see the Javadoc: durability only
        }
    }
}
