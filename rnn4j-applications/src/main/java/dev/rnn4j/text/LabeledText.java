package dev.rnn4j.text;

import java.nio.file.Path;

/**
 * One labelled example as read from a data file.
 *
 * @param text the raw text (not tokenized), never blank
 * @param label the label as a string (e.g. {@code "1"}, {@code "pos"}); map it to a class index
 *     with {@link LabelSet}
 * @param source the file the example came from (for error messages); may be null for examples
 *     made in code
 * @param line the 1-based line in {@code source} where the example starts (1 for a file that is
 *     one example), or 0 when unknown
 */
public record LabeledText(String text, String label, Path source, long line) {

    /** Creates an example made in code, without a source file. */
    public LabeledText(String text, String label) {
        this(text, label, null, 0);
    }

    /** {@code file:line} of this example, for messages. */
    public String location() {
        if (source == null) {
            return line > 0 ? "line " + line : "(no source)";
        }
        return line > 0 ? source + ":" + line : source.toString();
    }
}
