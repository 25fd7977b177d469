package dev.rnn4j.text;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point for reading labelled texts in any supported layout:
 * <pre>{@code
 * List<LabeledText> train = TextDatasets.read(Path.of("data/sst2/stsa.binary.train"), ReadOptions.defaults());
 * List<LabeledText> mr = TextDatasets.read(Path.of("data/mr-rt-polarity"), DataFormat.CLASS_FILES,
 *         ReadOptions.defaults().withEncoding(Charset.forName("windows-1252")));
 * }</pre>
 */
public final class TextDatasets {
    private TextDatasets() {
    }

    /**
     * Reads {@code path}, detecting its format with {@link DataFormat#detect(Path)}.
     *
     * @throws DataFormatException when the format cannot be detected or the data is bad
     */
    public static List<LabeledText> read(Path path, ReadOptions options) {
        return read(path, null, options);
    }

    /**
     * Reads {@code path} in {@code format}, or the detected format when {@code format} is null.
     *
     * @throws DataFormatException for any problem in the data, naming file and line
     * @throws IllegalArgumentException if {@code path} or {@code options} is null
     */
    public static List<LabeledText> read(Path path, DataFormat format, ReadOptions options) {
        if (path == null || options == null) {
            throw new IllegalArgumentException("path and options must not be null");
        }
        DataFormat chosen = format != null ? format : DataFormat.detect(path);
        return chosen.read(path, options);
    }
}
