package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Fuzz target of the data set formats of {@code classify train} that a single file holds: CSV
 * and TSV ({@link DelimitedReader}), label-text lines ({@link LabelTextReader}), a class file
 * ({@link ClassFilesReader}) and PTB sentiment trees ({@link SentimentTreeReader}), each read
 * through {@link DataFormat#read(Path, ReadOptions)}. Any bytes either read as examples with a
 * non-blank, stripped text, a non-blank label and a line inside the file, which write as CSV and
 * read back as the same labels and texts; or raise a {@link DataFormatException} with a message.
 * Any other exception or error, or a hang, is a finding.
 *
 * <p>The first byte of an input picks the format (its low three bits modulo 5: CSV, TSV, label-text, class
 * file, trees) and the options: bit 3 turns the header of a delimited file off, or turns phrases
 * on for trees; bit 4 maps tree labels to binary; bit 5 decodes as windows-1252 instead of UTF-8;
 * bit 6 fixes the label set to {@code 0}, {@code 1} (for a class file, {@code pos}, {@code neg}).
 * The rest is the file's bytes. Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/text/TextFormatsFuzzTestInputs/readsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class TextFormatsFuzzTest {

    private static final DataFormat[] FORMATS = {
        DataFormat.CSV, DataFormat.TSV, DataFormat.LABEL_TEXT, DataFormat.CLASS_FILES, DataFormat.TREES
    };

    /** One folder for every input, holding one file per format, rewritten for every input. */
    private static final Path FOLDER = newTempFolder();

    /** The file written back as CSV to check what loaded. */
    private static final Path WRITTEN = FOLDER.resolve("written.csv");

    private static Path newTempFolder() {
        try {
            Path folder = Files.createTempDirectory("text-formats-fuzz");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fileFor(DataFormat format) {
        Path file = FOLDER.resolve(switch (format) {
            case CSV -> "fuzz.csv";
            case TSV -> "fuzz.tsv";
            case CLASS_FILES -> "fuzz.pos";
            case TREES -> "trees.txt";
            default -> "label-text.txt";
        });
        file.toFile().deleteOnExit();
        return file;
    }

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int choice = input[0] & 0xFF;
        DataFormat format = FORMATS[(choice & 7) % FORMATS.length];
        boolean flag = (choice & 8) != 0;
        Charset encoding = (choice & 32) != 0 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
        ReadOptions options = ReadOptions.defaults().withEncoding(encoding)
                .withHeader(!(flag && (format == DataFormat.CSV || format == DataFormat.TSV)))
                .withPhrases(flag && format == DataFormat.TREES)
                .withBinary((choice & 16) != 0 && format == DataFormat.TREES);
        if ((choice & 64) != 0) {
            options = options.withLabels(format == DataFormat.CLASS_FILES ? List.of("pos", "neg") : List.of("0", "1"));
        }
        Path file = fileFor(format);
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        Files.write(file, content);
        List<LabeledText> examples;
        try {
            examples = format.read(file, options);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        long lines = TextFiles.lines(TextFiles.read(file, encoding)).size();
        for (LabeledText example : examples) {
            assertFalse(example.text().isBlank(), "an example with blank text");
            assertEquals(example.text().strip(), example.text(), "an example's text is stripped");
            assertFalse(example.label().isBlank(), "an example with a blank label");
            assertEquals(file, example.source());
            assertTrue(example.line() >= 1 && example.line() <= lines,
                    "line " + example.line() + " outside the file's " + lines + " lines");
        }
        if (!examples.isEmpty()) {
            assertEquals(pairs(examples), pairs(writtenAsCsvAndReadBack(examples)), "written as CSV and read back");
        }
    }

    /** The examples as a CSV file with a {@code label,text} header, read back with the CSV reader. */
    private static List<LabeledText> writtenAsCsvAndReadBack(List<LabeledText> examples) throws IOException {
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180)) {
            printer.printRecord("label", "text");
            for (LabeledText example : examples) {
                printer.printRecord(example.label(), example.text());
            }
        }
        Files.writeString(WRITTEN, csv.toString(), StandardCharsets.UTF_8);
        WRITTEN.toFile().deleteOnExit();
        return DataFormat.CSV.read(WRITTEN, ReadOptions.defaults());
    }

    /** Label and text of each example (labels stripped, as the CSV reader strips its fields). */
    private static List<List<String>> pairs(List<LabeledText> examples) {
        return examples.stream().map(e -> List.of(e.label().strip(), e.text())).toList();
    }
}
