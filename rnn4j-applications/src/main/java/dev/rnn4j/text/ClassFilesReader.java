package dev.rnn4j.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one file per class, one example per line, as MR's {@code rt-polarity.pos} /
 * {@code rt-polarity.neg}. The label is the file extension ({@code pos}, {@code neg}) unless
 * {@link ReadOptions#labelMapping()} maps the extension or the whole file name to another label.
 * Lines are split on {@code '\n'} only; blank lines are skipped; the text is stripped of leading
 * and trailing white space. (MR is windows-1252: pass that encoding.)
 */
public final class ClassFilesReader {
    private ClassFilesReader() {
    }

    /**
     * Reads the class files that {@code path} designates: a folder (all its visible regular files
     * except Markdown {@code *.md} notes such as a README),
     * a single file, or a common prefix such as {@code data/rt-polarity} standing for
     * {@code data/rt-polarity.*}.
     *
     * @throws DataFormatException if nothing matches, or for any problem in a file (see
     *     {@link #read(List, ReadOptions)})
     */
    public static List<LabeledText> read(Path path, ReadOptions options) {
        if (path == null || options == null) {
            throw new IllegalArgumentException("path and options must not be null");
        }
        return read(files(path), options);
    }

    /** The class files {@code path} designates (see {@link #read(Path, ReadOptions)}), sorted. */
    static List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        Path folder;
        String prefix;
        if (Files.isDirectory(path)) {
            folder = path;
            prefix = null;
        } else {
            folder = path.toAbsolutePath().getParent();
            prefix = path.getFileName() == null ? "" : path.getFileName() + ".";
            if (folder == null || !Files.isDirectory(folder)) {
                throw new DataFormatException(path, 0, "file not found");
            }
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> prefix == null || p.getFileName().toString().startsWith(prefix))
                    .filter(p -> prefix != null || !TextFiles.extension(p).equalsIgnoreCase("md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DataFormatException(folder, 0, "cannot list folder: " + e, e);
        }
        if (files.isEmpty()) {
            throw new DataFormatException(path, 0, prefix == null ? "folder has no class files"
                    : "file not found, and no files " + prefix + "* next to it");
        }
        if (prefix != null) {
            // map the prefix files back to the caller's spelling of the folder
            Path parent = path.getParent();
            files = files.stream().map(p -> parent == null ? p.getFileName() : parent.resolve(p.getFileName()))
                    .toList();
        }
        return files;
    }

    /**
     * Reads the given class files in order.
     *
     * @throws DataFormatException naming file (and line where there is one) for: a missing or empty
     *     file, invalid bytes, a file without extension and no mapping for its name, an unknown label
     */
    public static List<LabeledText> read(List<Path> files, ReadOptions options) {
        if (files == null || files.isEmpty() || options == null) {
            throw new IllegalArgumentException("files must be non-empty and options non-null, got " + files);
        }
        List<LabeledText> examples = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            String rawLabel = options.labelMapping().containsKey(name) ? name : TextFiles.extension(file);
            if (rawLabel.isEmpty()) {
                throw new DataFormatException(file, 0, "cannot take a label from a file name without extension;"
                        + " name the class in the extension (x.pos) or give a label mapping for \"" + name + "\"");
            }
            List<String> lines = TextFiles.lines(TextFiles.read(file, options.encoding()));
            if (TextFiles.allBlank(lines)) {
                throw new DataFormatException(file, 0, "file is empty (expected one text per line)");
            }
            String label = options.finishLabel(rawLabel, file, 1);
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).strip();
                if (!text.isEmpty()) {
                    examples.add(new LabeledText(text, label, file, i + 1));
                }
            }
        }
        return examples;
    }
}
