package dev.rnn4j.text;

import java.nio.file.Path;

/**
 * Bad or unreadable input data: a missing or empty file, a malformed line, an unknown label,
 * bytes invalid in the chosen encoding, and so on.
 *
 * <p>The message starts with {@code file:line: } (like a compiler diagnostic) when the problem
 * has a line, or {@code file: } when it concerns the whole file, so a user can go straight to
 * the offending place.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file the file (or folder) with the problem; may be null when there is no file
     * @param line 1-based line number, or 0 when the problem concerns the whole file
     * @param problem what is wrong, ideally with expected versus actual
     */
    public DataFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /** As {@link #DataFormatException(Path, long, String)} with an underlying cause. */
    public DataFormatException(Path file, long line, String problem, Throwable cause) {
        super(location(file, line) + problem, cause);
        this.file = file;
        this.line = line;
    }

    private static String location(Path file, long line) {
        if (file == null) {
            return line > 0 ? "line " + line + ": " : "";
        }
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** The file with the problem, or null. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
