package dev.rnn4j.classify;

import java.nio.file.Path;

/**
 * A model folder that cannot be loaded: missing, incomplete, written for another task, or with an
 * invalid config. The message starts with the offending file (or folder) and says what was expected.
 * It is an {@link IllegalArgumentException} because the folder is the caller's argument, so the CLI
 * reports it as bad input (exit status 2).
 */
public class ModelFolderException extends IllegalArgumentException {

    private final Path file;

    /**
     * @param file the file or folder at fault
     * @param problem what is wrong, without the file name
     */
    public ModelFolderException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFolderException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file or folder at fault. */
    public Path file() {
        return file;
    }
}
