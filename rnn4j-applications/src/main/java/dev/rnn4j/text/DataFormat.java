package dev.rnn4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The data set layouts the readers understand, with their command-line names. */
public enum DataFormat {
    /** Comma-separated with header; see {@link DelimitedReader}. */
    CSV("csv"),
    /** Tab-separated with header; see {@link DelimitedReader}. */
    TSV("tsv"),
    /** {@code label<space>text} lines (SST-2 {@code stsa.binary.*}); see {@link LabelTextReader}. */
    LABEL_TEXT("label-text"),
    /** One file per class, one text per line (MR); see {@link ClassFilesReader}. */
    CLASS_FILES("class-files"),
    /** One folder per class, one text per file (IMDB); see {@link ClassFoldersReader}. */
    CLASS_FOLDERS("class-folders"),
    /** PTB sentiment trees (SST {@code train.txt}); see {@link SentimentTreeReader}. */
    TREES("trees");

    private final String cliName;

    DataFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line ({@code --format label-text}). */
    public String cliName() {
        return cliName;
    }

    /**
     * The format with this command-line name (case-insensitive; {@code _} and {@code -} are the same).
     *
     * @throws IllegalArgumentException listing the valid names when {@code name} is not one
     */
    public static DataFormat fromName(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (DataFormat f : values()) {
                if (f.cliName.equals(wanted)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("unknown data format \"" + name + "\"; expected one of "
                + Arrays.stream(values()).map(DataFormat::cliName).toList());
    }

    /**
     * Guesses the format of {@code path}:
     * <ul>
     *   <li>a folder with subfolders: {@link #CLASS_FOLDERS};</li>
     *   <li>a folder of files only, or a prefix {@code dir/name} of files {@code dir/name.*}:
     *       {@link #CLASS_FILES};</li>
     *   <li>a file ending in {@code .csv}: {@link #CSV}; {@code .tsv} or {@code .tab}: {@link #TSV};
     *       {@code .pos} or {@code .neg}: {@link #CLASS_FILES};</li>
     *   <li>otherwise from its first non-blank lines: starting with {@code (}: {@link #TREES};
     *       every line with a short first word and more text after a space, and few distinct first
     *       words: {@link #LABEL_TEXT}.</li>
     * </ul>
     *
     * @throws DataFormatException if the path does not exist or the format cannot be told
     */
    public static DataFormat detect(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                boolean hasSubfolder = entries.filter(p -> !p.getFileName().toString().startsWith("."))
                        .anyMatch(Files::isDirectory);
                return hasSubfolder ? CLASS_FOLDERS : CLASS_FILES;
            } catch (IOException e) {
                throw new DataFormatException(path, 0, "cannot list folder: " + e, e);
            }
        }
        if (!Files.exists(path)) {
            // a prefix such as data/rt-polarity for data/rt-polarity.pos and .neg
            ClassFilesReader.files(path);
            return CLASS_FILES;
        }
        String extension = TextFiles.extension(path).toLowerCase(Locale.ROOT);
        switch (extension) {
            case "csv":
                return CSV;
            case "tsv", "tab":
                return TSV;
            case "pos", "neg":
                return CLASS_FILES;
            default:
                break;
        }
        List<String> lines = firstLines(path, 20);
        if (lines.isEmpty()) {
            throw new DataFormatException(path, 0, "file is empty");
        }
        if (lines.get(0).stripLeading().startsWith("(")) {
            return TREES;
        }
        Set<String> firstWords = new HashSet<>();
        boolean labelText = true;
        for (String line : lines) {
            int cut = line.indexOf(' ');
            int tab = line.indexOf('\t');
            if (tab >= 0 && (cut < 0 || tab < cut)) {
                cut = tab;
            }
            if (cut <= 0 || cut > 20 || line.substring(cut + 1).isBlank()) {
                labelText = false;
                break;
            }
            firstWords.add(line.substring(0, cut));
        }
        if (labelText && firstWords.size() <= Math.max(2, lines.size() / 2)) {
            return LABEL_TEXT;
        }
        throw new DataFormatException(path, 0, "cannot detect the data format; give it explicitly as one of "
                + Arrays.stream(values()).map(DataFormat::cliName).toList());
    }

    /** Up to {@code max} non-blank lines from the start of the file, decoded leniently (sniffing only). */
    private static List<String> firstLines(Path file, int max) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read file: " + e, e);
        }
        List<String> all = TextFiles.lines(new String(head, StandardCharsets.ISO_8859_1));
        List<String> lines = new ArrayList<>();
        // the last line may be cut off by the 64 KiB window, so it is not used unless it is the only one
        int usable = head.length == 64 * 1024 && all.size() > 1 ? all.size() - 1 : all.size();
        for (int i = 0; i < usable && lines.size() < max; i++) {
            if (!all.get(i).isBlank()) {
                lines.add(all.get(i));
            }
        }
        return lines;
    }

    /**
     * Reads {@code path} in this format.
     *
     * @throws DataFormatException for any problem in the data (see the reader classes)
     */
    public List<LabeledText> read(Path path, ReadOptions options) {
        return switch (this) {
            case CSV -> DelimitedReader.read(path, ',', options);
            case TSV -> DelimitedReader.read(path, '\t', options);
            case LABEL_TEXT -> LabelTextReader.read(path, options);
            case CLASS_FILES -> ClassFilesReader.read(path, options);
            case CLASS_FOLDERS -> ClassFoldersReader.read(path, options);
            case TREES -> SentimentTreeReader.read(path, options);
        };
    }
}
