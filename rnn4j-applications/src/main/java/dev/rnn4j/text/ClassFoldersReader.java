package dev.rnn4j.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one folder per class, one example per file, as IMDB's {@code aclImdb/train/pos/*.txt} and
 * {@code aclImdb/train/neg/*.txt}: pass the split folder ({@code aclImdb/train}). The label is the
 * class folder's name (after {@link ReadOptions#labelMapping()}).
 *
 * <p>Which folders are classes: with a fixed label set ({@link ReadOptions#labels()}) exactly the
 * folders whose (mapped) names are in it, and each must exist; otherwise every visible subfolder
 * except {@code unsup} (IMDB's unlabelled reviews). Files are read in name order; hidden files are
 * skipped. With {@link ReadOptions#replaceHtmlBreaks()}, {@code <br />} tags become spaces.
 */
public final class ClassFoldersReader {
    /** IMDB's folder of unlabelled reviews, skipped unless named in a fixed label set. */
    public static final String UNLABELLED_FOLDER = "unsup";

    private ClassFoldersReader() {
    }

    /**
     * @throws DataFormatException naming folder or file (and line) for: a missing root, no class
     *     folders, a missing or empty class folder, an empty text file, invalid bytes, an unknown
     *     label
     */
    public static List<LabeledText> read(Path root, ReadOptions options) {
        if (root == null || options == null) {
            throw new IllegalArgumentException("root and options must not be null");
        }
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, 0, Files.exists(root) ? "not a folder (expected one subfolder per class)"
                    : "folder not found");
        }
        List<Path> classFolders = new ArrayList<>();
        for (Path sub : list(root)) {
            if (!Files.isDirectory(sub)) {
                continue;
            }
            String name = sub.getFileName().toString();
            String label = options.labelMapping().getOrDefault(name, name);
            if (options.labels() != null ? options.labels().contains(label) : !name.equals(UNLABELLED_FOLDER)) {
                classFolders.add(sub);
            }
        }
        if (options.labels() != null) {
            for (String label : options.labels()) {
                boolean found = classFolders.stream().anyMatch(f -> label.equals(
                        options.labelMapping().getOrDefault(f.getFileName().toString(), f.getFileName().toString())));
                if (!found) {
                    throw new DataFormatException(root, 0, "no class folder for label \"" + label + "\"");
                }
            }
        }
        if (classFolders.isEmpty()) {
            throw new DataFormatException(root, 0, "no class subfolders (expected e.g. pos/ and neg/ with one text per file)");
        }
        List<LabeledText> examples = new ArrayList<>();
        for (Path folder : classFolders) {
            String label = options.finishLabel(folder.getFileName().toString(), folder, 0);
            int before = examples.size();
            boolean hasSubfolders = false;
            for (Path file : list(folder)) {
                if (Files.isDirectory(file)) {
                    hasSubfolders = true;
                    continue;
                }
                String text = TextFiles.read(file, options.encoding());
                if (options.replaceHtmlBreaks()) {
                    text = text.replaceAll("(?i)<br\\s*/?>", " ");
                }
                text = text.strip();
                if (text.isEmpty()) {
                    throw new DataFormatException(file, 1, "empty text (file is empty or blank)");
                }
                examples.add(new LabeledText(text, label, file, 1));
            }
            if (examples.size() == before) {
                throw new DataFormatException(folder, 0, hasSubfolders
                        ? "class folder holds folders, not text files; pass the split folder (e.g. aclImdb/train)"
                        : "class folder has no text files");
            }
        }
        return examples;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(folder, 0, "cannot list folder: " + e, e);
        }
    }
}
