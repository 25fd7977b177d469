package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data set readers on small files made in the test, including every bad-input case. */
class ReadersTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return write(name, content, StandardCharsets.UTF_8);
    }

    private Path write(String name, String content, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, charset);
        return file;
    }

    /** Asserts the message starts with {@code file:line:} and mentions {@code fragment}. */
    static void assertNames(DataFormatException e, Path file, long line, String fragment) {
        String prefix = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(e.getMessage().startsWith(prefix), "expected prefix " + prefix + " in: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        assertEquals(line, e.line());
    }

    // ---------------------------------------------------------------- label<space>text

    @Test
    void labelTextReadsLinesAndSkipsBlankOnes() throws IOException {
        Path file = write("train", "1 a fine film\n\n0 dull ,  slow .\r\n1\tgood\n");
        List<LabeledText> data = LabelTextReader.read(file, ReadOptions.defaults());
        assertEquals(List.of(
                new LabeledText("a fine film", "1", file, 1),
                new LabeledText("dull ,  slow .", "0", file, 3),
                new LabeledText("good", "1", file, 4)), data);
    }

    @Test
    void labelTextEmptyFile() throws IOException {
        Path file = write("empty", "\n  \n");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 0, "empty");
    }

    @Test
    void labelTextZeroByteFile() throws IOException {
        Path file = write("zero", "");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 0, "empty");
    }

    @Test
    void labelTextMissingFile() {
        Path file = dir.resolve("missing");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 0, "not found");
    }

    @Test
    void labelTextLineWithNoLabel() throws IOException {
        Path file = write("train", "1 good\nnolabelhere\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 2, "no label");
    }

    @Test
    void labelTextLineStartingWithSpaceHasNoLabel() throws IOException {
        Path file = write("train", "1 good\n0 bad\n some text\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 3, "no label");
    }

    @Test
    void labelTextEmptyText() throws IOException {
        Path file = write("train", "1 good\n0   \n");
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 2, "empty text");
    }

    @Test
    void labelTextUnknownLabel() throws IOException {
        Path file = write("train", "1 good\n0 bad\n2 meh\n");
        ReadOptions options = ReadOptions.defaults().withLabels(List.of("0", "1"));
        assertNames(assertThrows(DataFormatException.class, () -> LabelTextReader.read(file, options)),
                file, 3, "unknown label \"2\"");
    }

    @Test
    void labelTextInvalidBytesInEncoding() throws IOException {
        Path file = write("train", "1 good\n0 caf\u00e9 noir\n", WINDOWS_1252);
        assertNames(assertThrows(DataFormatException.class,
                () -> LabelTextReader.read(file, ReadOptions.defaults())), file, 2, "0xE9");
        assertEquals("0 caf\u00e9 noir".substring(2),
                LabelTextReader.read(file, ReadOptions.defaults().withEncoding(WINDOWS_1252)).get(1).text());
    }

    @Test
    void labelMappingAppliesBeforeTheLabelSet() throws IOException {
        Path file = write("train", "1 good\n0 bad\n");
        ReadOptions options = ReadOptions.defaults().withLabelMapping(Map.of("0", "neg", "1", "pos"))
                .withLabels(List.of("neg", "pos"));
        assertEquals(List.of("pos", "neg"), LabelTextReader.read(file, options).stream().map(LabeledText::label).toList());
    }

    // ---------------------------------------------------------------- one file per class

    @Test
    void classFilesTakeTheLabelFromTheExtension() throws IOException {
        write("mr/rt.pos", "caf\u00e9 good \n\nnice\n", WINDOWS_1252);
        Path neg = write("mr/rt.neg", "bad\n", WINDOWS_1252);
        write("mr/SOURCE.md", "notes");
        ReadOptions options = ReadOptions.defaults().withEncoding(WINDOWS_1252);
        List<LabeledText> data = ClassFilesReader.read(dir.resolve("mr"), options);
        assertEquals(List.of(new LabeledText("bad", "neg", neg, 1),
                new LabeledText("caf\u00e9 good", "pos", dir.resolve("mr/rt.pos"), 1),
                new LabeledText("nice", "pos", dir.resolve("mr/rt.pos"), 3)), data);
        assertEquals(data, ClassFilesReader.read(dir.resolve("mr/rt"), options), "prefix form");
        assertEquals(List.of("negative", "positive", "positive"), ClassFilesReader.read(dir.resolve("mr"),
                options.withLabelMapping(Map.of("pos", "positive", "neg", "negative")))
                .stream().map(LabeledText::label).toList());
    }

    @Test
    void classFilesSplitOnNewlineOnly() throws IOException {
        // 0x85 is "…" in windows-1252 but NEL (a line break for regex \R) in ISO-8859-1
        Path pos = dir.resolve("x.pos");
        Files.write(pos, new byte[] {'a', (byte) 0x85, 'b', '\n', 'c', '\n'});
        List<LabeledText> data = ClassFilesReader.read(List.of(pos),
                ReadOptions.defaults().withEncoding(StandardCharsets.ISO_8859_1));
        assertEquals(2, data.size());
        assertEquals("a\u0085b", data.get(0).text());
    }

    @Test
    void classFilesEmptyFile() throws IOException {
        write("d/a.pos", "good\n");
        Path neg = write("d/a.neg", "\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFilesReader.read(dir.resolve("d"), ReadOptions.defaults())), neg, 0, "empty");
    }

    @Test
    void classFilesInvalidBytesInEncoding() throws IOException {
        Path pos = dir.resolve("a.pos");
        Files.write(pos, "fine\nalso fine\nclich\u00e9s\n".getBytes(WINDOWS_1252));
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFilesReader.read(List.of(pos), ReadOptions.defaults())), pos, 3, "UTF-8");
    }

    @Test
    void classFilesUnknownLabel() throws IOException {
        Path other = write("a.neutral", "meh\n");
        assertNames(assertThrows(DataFormatException.class, () -> ClassFilesReader.read(List.of(other),
                ReadOptions.defaults().withLabels(List.of("pos", "neg")))), other, 1, "unknown label \"neutral\"");
    }

    @Test
    void classFilesWithoutExtensionNeedAMapping() throws IOException {
        Path file = write("positives", "good\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFilesReader.read(List.of(file), ReadOptions.defaults())), file, 0, "extension");
        assertEquals("pos", ClassFilesReader.read(List.of(file),
                ReadOptions.defaults().withLabelMapping(Map.of("positives", "pos"))).get(0).label());
    }

    @Test
    void classFilesMissingPrefix() {
        Path prefix = dir.resolve("nothing");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFilesReader.read(prefix, ReadOptions.defaults())), prefix, 0, "not found");
    }

    // ---------------------------------------------------------------- folder per class

    @Test
    void classFoldersReadOneTextPerFileAndSkipUnsup() throws IOException {
        Path pos1 = write("imdb/train/pos/0_9.txt", "Great.<br /><br />Loved it");
        write("imdb/train/pos/1_8.txt", "Fine film\n");
        write("imdb/train/neg/0_2.txt", "Awful");
        write("imdb/train/unsup/0_0.txt", "no label");
        write("imdb/train/urls_pos.txt", "http://x");
        List<LabeledText> data = ClassFoldersReader.read(dir.resolve("imdb/train"), ReadOptions.defaults());
        assertEquals(List.of("neg", "pos", "pos"), data.stream().map(LabeledText::label).toList());
        assertEquals(new LabeledText("Great.  Loved it", "pos", pos1, 1), data.get(1));
        assertEquals(2, ClassFoldersReader.read(dir.resolve("imdb/train"),
                ReadOptions.defaults().withLabels(List.of("pos"))).size());
    }

    @Test
    void classFoldersEmptyTextFile() throws IOException {
        write("imdb/pos/0.txt", "good");
        Path empty = write("imdb/neg/1.txt", " \n");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFoldersReader.read(dir.resolve("imdb"), ReadOptions.defaults())), empty, 1, "empty text");
    }

    @Test
    void classFoldersInvalidBytesInEncoding() throws IOException {
        write("imdb/pos/0.txt", "good");
        Path bad = dir.resolve("imdb/neg/1.txt");
        Files.createDirectories(bad.getParent());
        Files.write(bad, new byte[] {'o', 'k', '\n', 'b', (byte) 0xFF, 'd'});
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFoldersReader.read(dir.resolve("imdb"), ReadOptions.defaults())), bad, 2, "0xFF");
    }

    @Test
    void classFoldersMissingClassFolderForAFixedLabel() throws IOException {
        write("imdb/pos/0.txt", "good");
        Path root = dir.resolve("imdb");
        assertNames(assertThrows(DataFormatException.class, () -> ClassFoldersReader.read(root,
                ReadOptions.defaults().withLabels(List.of("neg", "pos")))), root, 0, "\"neg\"");
    }

    @Test
    void classFoldersEmptyClassFolder() throws IOException {
        write("imdb/pos/0.txt", "good");
        Files.createDirectories(dir.resolve("imdb/neg"));
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFoldersReader.read(dir.resolve("imdb"), ReadOptions.defaults())),
                dir.resolve("imdb/neg"), 0, "no text files");
    }

    @Test
    void classFoldersOneLevelTooHigh() throws IOException {
        write("aclImdb/train/pos/0.txt", "good");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFoldersReader.read(dir.resolve("aclImdb"), ReadOptions.defaults())),
                dir.resolve("aclImdb/train"), 0, "pass the split folder");
    }

    @Test
    void classFoldersRootWithoutSubfolders() throws IOException {
        write("flat/a.txt", "x");
        assertNames(assertThrows(DataFormatException.class,
                () -> ClassFoldersReader.read(dir.resolve("flat"), ReadOptions.defaults())),
                dir.resolve("flat"), 0, "no class subfolders");
    }

    // ---------------------------------------------------------------- TSV / CSV

    @Test
    void csvWithHeaderFindsDefaultColumnsAndHandlesQuotes() throws IOException {
        Path file = write("d.csv", "id,text,label\n1,\"good, really\",pos\n\n2,\"multi\nline\",neg\n3,\"said \"\"meh\"\"\",neg\n");
        List<LabeledText> data = DelimitedReader.read(file, ',', ReadOptions.defaults());
        assertEquals(List.of(new LabeledText("good, really", "pos", file, 2),
                new LabeledText("multi\nline", "neg", file, 4),
                new LabeledText("said \"meh\"", "neg", file, 6)), data);
    }

    @Test
    void tsvWithoutHeaderUsesIndicesAndNoQuoting() throws IOException {
        Path file = write("d.tsv", "a \"quoted word\tpos\nplain\tneg\n");
        List<LabeledText> data = DelimitedReader.read(file, '\t', ReadOptions.defaults().withHeader(false).withColumns(1, 0));
        assertEquals(List.of(new LabeledText("a \"quoted word", "pos", file, 1),
                new LabeledText("plain", "neg", file, 2)), data);
    }

    @Test
    void tsvColumnsByName() throws IOException {
        Path file = write("glue.tsv", "sentence\tlabel\nhide new secretions \t0\n");
        assertEquals(List.of(new LabeledText("hide new secretions", "0", file, 2)),
                DelimitedReader.read(file, '\t', ReadOptions.defaults()));
        assertEquals(List.of(new LabeledText("0", "hide new secretions", file, 2)),
                DelimitedReader.read(file, '\t', ReadOptions.defaults().withColumns("sentence", "label")));
    }

    @Test
    void csvMissingTextColumnNamesColumnAndFile() throws IOException {
        Path file = write("d.csv", "label,body\npos,good\n");
        assertNames(assertThrows(DataFormatException.class, () -> DelimitedReader.read(file, ',',
                ReadOptions.defaults().withColumns("label", "review_text"))), file, 1, "\"review_text\"");
    }

    @Test
    void csvMissingDefaultTextColumn() throws IOException {
        Path file = write("d.csv", "label,body\npos,good\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 1, "missing text column");
    }

    @Test
    void tsvRecordWithoutTextColumn() throws IOException {
        Path file = write("d.tsv", "label\ttext\npos\tgood\nneg\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, '\t', ReadOptions.defaults())), file, 3, "missing text column 1");
    }

    @Test
    void csvEmptyText() throws IOException {
        Path file = write("d.csv", "label,text\npos,good\nneg,\"  \"\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 3, "empty text");
    }

    @Test
    void csvNoLabel() throws IOException {
        Path file = write("d.csv", "label,text\npos,good\n,bad\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 3, "no label");
    }

    @Test
    void csvUnknownLabel() throws IOException {
        Path file = write("d.csv", "label,text\npos,good\nneg,bad\nmeh,so-so\n");
        assertNames(assertThrows(DataFormatException.class, () -> DelimitedReader.read(file, ',',
                ReadOptions.defaults().withLabels(List.of("pos", "neg")))), file, 4, "unknown label \"meh\"");
    }

    @Test
    void csvEmptyFile() throws IOException {
        Path file = write("d.csv", "");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 0, "empty");
    }

    @Test
    void csvHeaderOnly() throws IOException {
        Path file = write("d.csv", "label,text\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 0, "no data records");
    }

    @Test
    void csvInvalidBytesInEncoding() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.write(file, "label,text\npos,good\nneg,na\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        assertNames(assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults())), file, 3, "0xEF");
    }

    @Test
    void csvBrokenQuoting() throws IOException {
        Path file = write("d.csv", "label,text\npos,good\nneg,\"bad\"x,\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DelimitedReader.read(file, ',', ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(file + ":3: malformed record"), e.getMessage());
    }

    @Test
    void columnNameWithoutHeaderIsRejected() throws IOException {
        Path file = write("d.tsv", "pos\tgood\n");
        assertNames(assertThrows(DataFormatException.class, () -> DelimitedReader.read(file, '\t',
                ReadOptions.defaults().withHeader(false).withColumns("label", "text"))), file, 0, "without a header");
    }

    // ---------------------------------------------------------------- sentiment trees

    private static final String TREE_1 = "(3 (2 (2 The) (2 Rock)) (4 (3 (2 is) (4 great)) (2 .)))";
    private static final String TREE_2 = "(1 (2 A) (0 (0 bad) (2 2\u00A01\\/2)))";
    private static final String TREE_3 = "(2 (2 So) (2 so))";

    @Test
    void treesGiveRootSentences() throws IOException {
        Path file = write("train.txt", TREE_1 + "\n" + TREE_2 + "\n" + TREE_3 + "\n");
        assertEquals(List.of(new LabeledText("The Rock is great .", "3", file, 1),
                new LabeledText("A bad 2\u00A01\\/2", "1", file, 2),
                new LabeledText("So so", "2", file, 3)),
                SentimentTreeReader.read(file, ReadOptions.defaults()));
    }

    @Test
    void treesBinaryDropsNeutral() throws IOException {
        Path file = write("train.txt", TREE_1 + "\n" + TREE_2 + "\n" + TREE_3 + "\n");
        assertEquals(List.of(new LabeledText("The Rock is great .", "1", file, 1),
                new LabeledText("A bad 2\u00A01\\/2", "0", file, 2)),
                SentimentTreeReader.read(file, ReadOptions.defaults().withBinary(true)));
    }

    @Test
    void treesAllPhrasesInPreOrder() throws IOException {
        Path file = write("train.txt", TREE_1 + "\n" + "(4 (4 great))\n");
        List<String> phrases = SentimentTreeReader.read(file, ReadOptions.defaults().withPhrases(true)
                .withDistinctPhrases(false)).stream().map(t -> t.label() + ":" + t.text()).toList();
        assertEquals(List.of("3:The Rock is great .", "2:The Rock", "2:The", "2:Rock", "4:is great .", "3:is great",
                "2:is", "4:great", "2:.", "4:great", "4:great"), phrases);
        List<String> distinct = SentimentTreeReader.read(file, ReadOptions.defaults().withPhrases(true).withBinary(true))
                .stream().map(t -> t.label() + ":" + t.text()).toList();
        assertEquals(List.of("1:The Rock is great .", "1:is great .", "1:is great", "1:great"), distinct);
    }

    @Test
    void treeUnbalancedParentheses() throws IOException {
        Path file = write("train.txt", TREE_1 + "\n(3 (2 good) (2 film)\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 2, "unbalanced");
    }

    @Test
    void treeExtraClosingParenthesis() throws IOException {
        Path file = write("train.txt", "(3 (2 good) (2 film)))\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 1, "column 22");
    }

    @Test
    void treeNodeWithoutLabel() throws IOException {
        Path file = write("train.txt", TREE_3 + "\n" + TREE_3 + "\n(3 ( good))\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 3, "missing label");
    }

    @Test
    void treeEmptyNode() throws IOException {
        Path file = write("train.txt", "(3 (2 good) (4))\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 1, "no word and no children");
    }

    @Test
    void treeLineNotStartingWithParenthesis() throws IOException {
        Path file = write("train.txt", TREE_3 + "\n1 a plain sentence\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 2, "expected '('");
    }

    @Test
    void treeWordsOfWhiteSpaceAreStrippedAndAnAllWhiteSpaceNodeIsNamed() throws IOException {
        // U+001C and U+2003 are white space to String.strip but not separators to the tree parser
        Path file = write("train.txt", "(3 (2 \u001C) (4 good) (2 \u2003))\n(2 (2 \u2003))\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults()));
        assertNames(e, file, 2, "all white space");
        Path first = write("first.txt", "(3 (2 \u001C) (4 good) (2 \u2003))\n");
        assertEquals("good", SentimentTreeReader.read(first, ReadOptions.defaults()).get(0).text());
        assertThrows(DataFormatException.class, () -> SentimentTreeReader.read(first,
                ReadOptions.defaults().withPhrases(true)));
    }

    @Test
    void treeTextAfterTheTree() throws IOException {
        Path file = write("train.txt", TREE_3 + " (2 more)\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 1, "after the end");
    }

    @Test
    void treeBinaryWithNonSstLabel() throws IOException {
        Path file = write("train.txt", TREE_3 + "\n(7 (2 odd))\n");
        assertNames(assertThrows(DataFormatException.class, () -> SentimentTreeReader.read(file,
                ReadOptions.defaults().withBinary(true))), file, 2, "\"7\"");
    }

    @Test
    void treeUnknownLabel() throws IOException {
        Path file = write("train.txt", TREE_3 + "\n(7 (2 odd))\n");
        assertNames(assertThrows(DataFormatException.class, () -> SentimentTreeReader.read(file,
                ReadOptions.defaults().withLabels(List.of("0", "1", "2", "3", "4")))), file, 2, "unknown label \"7\"");
    }

    @Test
    void treesEmptyFile() throws IOException {
        Path file = write("train.txt", "\n");
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 0, "empty");
    }

    @Test
    void treesInvalidBytesInEncoding() throws IOException {
        Path file = dir.resolve("train.txt");
        Files.write(file, (TREE_3 + "\n(3 (2 na\u00efve))\n").getBytes(StandardCharsets.ISO_8859_1));
        assertNames(assertThrows(DataFormatException.class,
                () -> SentimentTreeReader.read(file, ReadOptions.defaults())), file, 2, "UTF-8");
    }

    @Test
    void deepTreesDoNotOverflowTheStack() throws IOException {
        StringBuilder tree = new StringBuilder();
        int depth = 100_000;
        tree.append("(1 ".repeat(depth)).append("deep").append(")".repeat(depth));
        Path file = write("deep.txt", tree + "\n");
        assertEquals("deep", SentimentTreeReader.read(file, ReadOptions.defaults()).get(0).text());
    }

    // ---------------------------------------------------------------- detection

    @Test
    void detectFormats() throws IOException {
        assertEquals(DataFormat.LABEL_TEXT, DataFormat.detect(write("stsa.binary.train", "1 good film\n0 bad one\n1 ok\n")));
        assertEquals(DataFormat.TREES, DataFormat.detect(write("train.txt", TREE_1 + "\n")));
        assertEquals(DataFormat.CSV, DataFormat.detect(write("a.csv", "label,text\n")));
        assertEquals(DataFormat.TSV, DataFormat.detect(write("a.tsv", "label\ttext\n")));
        write("mr/rt.pos", "good\n");
        write("mr/rt.neg", "bad\n");
        assertEquals(DataFormat.CLASS_FILES, DataFormat.detect(dir.resolve("mr")));
        assertEquals(DataFormat.CLASS_FILES, DataFormat.detect(dir.resolve("mr/rt")));
        assertEquals(DataFormat.CLASS_FILES, DataFormat.detect(dir.resolve("mr/rt.pos")));
        write("imdb/train/pos/0.txt", "good");
        assertEquals(DataFormat.CLASS_FOLDERS, DataFormat.detect(dir.resolve("imdb/train")));
        assertEquals(2, TextDatasets.read(dir.resolve("mr"), ReadOptions.defaults()).size());
    }

    @Test
    void detectFailsClearlyOnProse() throws IOException {
        Path file = write("prose.txt", "Once upon a time there was a film.\nIt was long and nobody liked it at all.\n"
                + "Then another one came.\nAnd so on, many times.\n");
        assertNames(assertThrows(DataFormatException.class, () -> DataFormat.detect(file)), file, 0, "--format".substring(2));
    }

    @Test
    void detectMissingPath() {
        Path missing = dir.resolve("no/such/file");
        assertThrows(DataFormatException.class, () -> DataFormat.detect(missing));
    }

    @Test
    void badOptionsAreRejectedWithoutNullPointerExceptions() {
        List<String> withNull = new java.util.ArrayList<>(List.of("pos"));
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withLabels(withNull));
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withLabels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withEncoding(null));
        java.util.Map<String, String> mapping = new java.util.HashMap<>();
        mapping.put("pos", null);
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withLabelMapping(mapping));
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withColumns(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> TextDatasets.read(null, ReadOptions.defaults()));
    }

    @Test
    void formatNames() {
        assertEquals(DataFormat.LABEL_TEXT, DataFormat.fromName("label-text"));
        assertEquals(DataFormat.CLASS_FOLDERS, DataFormat.fromName("CLASS_FOLDERS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.fromName("xml"));
        assertTrue(e.getMessage().contains("label-text"), e.getMessage());
    }
}
