package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzz target of the class-folder data set format of {@code classify train} (one folder per class, one text per
 * file; {@link ClassFoldersReader}), read through {@link DataFormat#read(Path, ReadOptions)}. Each input becomes
 * a small folder tree: its first byte picks the options, the rest is cut at its NUL bytes into at most
 * {@value #MAX_FILES} files, placed in turn in a {@code pos} folder and a second folder ({@code neg}, or
 * {@code unsup} when bit 3 is set) as {@code 0.txt}, {@code 1.txt}, ... Bit 0 of the first byte decodes as
 * windows-1252 instead of UTF-8, bit 1 fixes the label set to {@code pos}, {@code neg}, bit 2 replaces HTML
 * line breaks. Any tree either reads as examples with a non-blank, stripped text, the label of the folder the
 * file is in and line 1, or raises a {@link DataFormatException} with a message. Any other exception or error,
 * or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/text/ClassFoldersFuzzTestInputs/readsOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class ClassFoldersFuzzTest {

    private static final int MAX_FILES = 4;
    /** The parent of one fresh tree per input. */
    private static final Path PARENT = newTempFolder();

    private static Path newTempFolder() {
        try {
            Path folder = Files.createTempDirectory("class-folders-fuzz");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int choice = input[0] & 0xFF;
        Charset encoding = (choice & 1) != 0 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
        ReadOptions options = ReadOptions.defaults().withEncoding(encoding).withReplaceHtmlBreaks((choice & 4) != 0);
        if ((choice & 2) != 0) {
            options = options.withLabels(List.of("pos", "neg"));
        }
        String[] classes = {"pos", (choice & 8) != 0 ? ClassFoldersReader.UNLABELLED_FOLDER : "neg"};
        Path root = PARENT.resolve("tree");
        deleteTree(root);
        List<byte[]> files = splitAtNul(Arrays.copyOfRange(input, 1, input.length), MAX_FILES);
        for (int i = 0; i < files.size(); i++) {
            Path folder = Files.createDirectories(root.resolve(classes[i % 2]));
            Files.write(folder.resolve(i + ".txt"), files.get(i));
        }
        List<LabeledText> examples;
        try {
            examples = DataFormat.CLASS_FOLDERS.read(root, options);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            return;
        }
        assertFalse(examples.isEmpty(), "a tree that reads holds at least one example");
        for (LabeledText example : examples) {
            assertFalse(example.text().isBlank(), "an example with blank text");
            assertEquals(example.text().strip(), example.text(), "an example's text is stripped");
            assertEquals(example.source().getParent().getFileName().toString(), example.label(),
                    "an example's label is its folder's name");
            assertTrue(example.source().startsWith(root), "an example from a file of the tree");
            assertEquals(1, example.line());
        }
    }

    /** The bytes cut at their first {@code max - 1} NUL bytes (the NULs dropped). */
    private static List<byte[]> splitAtNul(byte[] bytes, int max) {
        List<byte[]> parts = new ArrayList<>(max);
        int start = 0;
        for (int i = 0; i < bytes.length && parts.size() < max - 1; i++) {
            if (bytes[i] == 0) {
                parts.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        parts.add(Arrays.copyOfRange(bytes, start, bytes.length));
        return parts;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
