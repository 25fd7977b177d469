package dev.rnn4j.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The hidden temporary files that atomic writers ({@link SafeTensors#write}, {@link ReplaceFile#write},
 * the chart writer) create next to their target before moving them over it: {@code .NAME.RANDOM.tmp}
 * or {@code .NAME-RANDOM.tmp}, where RANDOM is letters, digits and dashes (a UUID, a number). A
 * process killed between creating one and moving it leaves it behind, a hidden copy of the file that
 * nothing reads; {@link #removeStale} deletes those of one target, and each of these writers calls it
 * before writing, so the next save of a model folder tidies what a killed one left.
 *
 * <p>Two processes writing the same file at the same moment are not supported: one may delete the
 * other's temporary file, whose move then fails (the later move would replace the earlier file anyway).
 */
public final class TemporarySiblings {

    /** What follows {@code .NAME}: a UUID (safetensors), a base-36 number (charts) or a decimal one (config files). */
    private static final Pattern RANDOM_PART = Pattern.compile(
            "(\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\.[0-9a-z]{1,13}|-[0-9]{1,20})\\.tmp");

    private TemporarySiblings() {
    }

    /** Whether {@code name} is what one of the atomic writers calls a temporary file of a target named {@code target}. */
    public static boolean isTemporaryOf(String name, String target) {
        String prefix = "." + target;
        return name.startsWith(prefix) && RANDOM_PART.matcher(name.substring(prefix.length())).matches();
    }

    /**
     * Deletes the temporary siblings of {@code target} that interrupted writes left in its folder; a
     * missing folder holds none.
     *
     * @throws IllegalArgumentException if {@code target} is null or has no file name
     * @throws IOException              if the folder cannot be listed or a leftover cannot be deleted
     */
    public static void removeStale(Path target) throws IOException {
        if (target == null || target.getFileName() == null) {
            throw new IllegalArgumentException("removeStale: expected a file path, got " + target);
        }
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        String name = absolute.getFileName().toString();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "." + globEscaped(name) + "*.tmp")) {
            for (Path entry : entries) {
                if (isTemporaryOf(entry.getFileName().toString(), name) && Files.isRegularFile(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** {@code name} with the glob's special characters escaped. */
    private static String globEscaped(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if ("\\*?[]{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
