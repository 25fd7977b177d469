package dev.rnn4j.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code label<space>text} lines, as in SST-2's {@code stsa.binary.train}: the label is
 * everything before the first ASCII space or tab, the text everything after it. Blank lines are
 * skipped.
 */
public final class LabelTextReader {
    private LabelTextReader() {
    }

    /**
     * @throws DataFormatException naming file and line for: a missing or empty file, invalid
     *     bytes, a line without a label and text, a line with no text after the label, an unknown
     *     label
     */
    public static List<LabeledText> read(Path file, ReadOptions options) {
        if (file == null || options == null) {
            throw new IllegalArgumentException("file and options must not be null");
        }
        List<String> lines = TextFiles.lines(TextFiles.read(file, options.encoding()));
        if (TextFiles.allBlank(lines)) {
            throw new DataFormatException(file, 0, "file is empty (expected lines of <label> <text>)");
        }
        List<LabeledText> examples = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            long lineNumber = i + 1;
            if (line.isBlank()) {
                continue;
            }
            int cut = firstSeparator(line);
            if (cut == 0) {
                throw new DataFormatException(file, lineNumber, "no label: the line starts with white space"
                        + " (expected <label> <text>)");
            }
            if (cut < 0) {
                throw new DataFormatException(file, lineNumber, "no label and text separated by a space"
                        + " (expected <label> <text>): \"" + abbreviate(line) + "\"");
            }
            String text = line.substring(cut + 1).strip();
            if (text.isEmpty()) {
                throw new DataFormatException(file, lineNumber, "empty text after label \""
                        + line.substring(0, cut) + "\"");
            }
            String label = options.finishLabel(line.substring(0, cut), file, lineNumber);
            examples.add(new LabeledText(text, label, file, lineNumber));
        }
        return examples;
    }

    private static int firstSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
