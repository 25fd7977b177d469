package dev.rnn4j.qa;

import dev.rnn4j.text.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bAbI reader on an excerpt of the real files, and every malformed input it names by file and line. */
class BabiReaderTest {

    static Path babi() {
        try {
            return Path.of(BabiReaderTest.class.getResource("babi").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheFirstTenStoriesOfTaskOne() {
        List<QaExample> all = BabiReader.read(babi().resolve("en/qa1_single-supporting-fact_train.txt"), 1);
        assertEquals(50, all.size(), "10 stories of 10 statements and 5 questions");
        QaExample first = all.get(0);
        assertEquals(List.of("Mary moved to the bathroom.", "John went to the hallway."), first.facts());
        assertEquals("Where is Mary?", first.question());
        assertEquals("bathroom", first.answer());
        assertArrayEquals(new int[] {0}, first.supporting(), "line id 1 is statement 0");
        assertEquals(3, first.line());
        QaExample fifth = all.get(4);
        assertEquals(10, fifth.facts().size(), "the story grows past its questions");
        assertEquals(0, fifth.story());
        assertEquals(1, all.get(5).story());
        assertEquals(9, all.get(49).story());
    }

    @Test
    void supportingIdsSkipTheQuestionLinesOfTheStory() throws IOException {
        // line ids 1 2 (question 3) 4 (question 5): statement 4 is the third statement, index 2
        String text = "1 A went home.\n2 B went out.\n3 Where is A?\thome\t1\n4 A left.\n5 Where is A? \tout\t4 1\n";
        List<QaExample> all = BabiReader.read(new StringReader(text), Path.of("t.txt"), 1);
        assertArrayEquals(new int[] {2, 0}, all.get(1).supporting());
        assertEquals("Where is A?", all.get(1).question(), "trailing space before the tab stripped");
    }

    @Test
    void multiWordAnswersAreOneClass() throws IOException {
        List<QaExample> all = BabiReader.read(new StringReader("1 A got the apple.\n2 A got the milk.\n"
                + "3 What is A carrying?\tapple,milk\t1 2\n"), Path.of("t.txt"), 8);
        assertEquals("apple,milk", all.get(0).answer());
        assertEquals(8, all.get(0).task());
    }

    private static DataFormatException bad(String text) {
        return assertThrows(DataFormatException.class,
                () -> BabiReader.read(new StringReader(text), Path.of("bad.txt"), 1));
    }

    @Test
    void aQuestionWithoutItsTabIsNamedByFileAndLine() {
        DataFormatException e = bad("1 Mary went home.\n2 Where is Mary? home 1\n");
        assertTrue(e.getMessage().startsWith("bad.txt:2: a question without its answer"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void aQuestionWithTwoFieldsIsAnError() {
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\n").getMessage().startsWith("bad.txt:2: expected"
                + " 'question<TAB>answer<TAB>supporting ids' (3 tab-separated fields), got 2"));
    }

    @Test
    void badSupportingIdsAreErrors() {
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\tx\n").getMessage()
                .startsWith("bad.txt:2: supporting id 'x'"));
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\t2\n").getMessage()
                .contains("expected the id of a statement earlier in this story (1..1)"));
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\t1\n3 Where is Mary?\thome\t2\n").getMessage()
                .contains("line id 2 is a question"));
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\t\n").getMessage().startsWith("bad.txt:2:"));
    }

    @Test
    void unnumberedAndOutOfOrderLinesAreErrors() {
        assertTrue(bad("Mary went home.\n").getMessage().startsWith("bad.txt:1: expected 'ID text'"));
        assertTrue(bad("1 Mary went home.\n\n").getMessage().startsWith("bad.txt:2: expected 'ID text'"));
        assertTrue(bad("1 Mary went home.\n3 Where is Mary?\thome\t1\n").getMessage()
                .startsWith("bad.txt:2: expected line id 2 (the story's next) or 1 (a new story), got 3"));
        assertTrue(bad("0 Mary went home.\n").getMessage().startsWith("bad.txt:1:"));
    }

    @Test
    void controlCharactersThatJavaCallsWhiteSpaceSeparateWords() throws IOException {
        // U+001C..U+001F are white space to String.strip and isBlank but not to the regex \s: a word of
        // them alone reached the vocabulary as a blank word (a fuzzing finding, crash-c78700e4...)
        List<QaExample> all = BabiReader.read(new StringReader("1 John moved\u001c\u001c to the \u001f\u001c hall.\n"
                + "2 Where is John?\thall\t1\n"), Path.of("t.txt"), 8);
        assertEquals(List.of("john", "moved", "to", "the", "hall"), QaVocabulary.tokens(all.get(0).facts().get(0)));
        QaVocabulary vocabulary = QaVocabulary.of(all);
        assertTrue(vocabulary.knows("moved") && vocabulary.knows("hall"));
    }

    @Test
    void emptyFilesStatementsAndAnswersAreErrors() {
        assertEquals("bad.txt: empty file: expected bAbI lines 'ID text'", bad("").getMessage());
        assertTrue(bad("1  \n").getMessage().startsWith("bad.txt:1: empty statement"));
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\t \t1\n").getMessage()
                .startsWith("bad.txt:2: empty answer"));
        assertTrue(bad("1 Where is Mary?\thome\t\n").getMessage()
                .startsWith("bad.txt:1: a question before any statement"));
    }

    @Test
    void aStoryWithoutAQuestionIsNamedByItsFirstLine() {
        assertTrue(bad("1 Mary went home.\n2 Where is Mary?\thome\t1\n1 John left.\n2 Mary left.\n").getMessage()
                .startsWith("bad.txt:3: this story has no question before the end of the file"));
        assertTrue(bad("1 Mary went home.\n1 John left.\n2 Where is John?\tout\t1\n").getMessage()
                .startsWith("bad.txt:1: this story has no question before the next story starts at line 2"));
    }

    @Test
    void missingAndNonUtf8FilesAreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.txt");
        assertEquals(missing + ": bAbI file not found",
                assertThrows(DataFormatException.class, () -> BabiReader.read(missing, 1)).getMessage());
        Path binary = dir.resolve("bin.txt");
        Files.write(binary, new byte[] {'1', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        assertTrue(assertThrows(DataFormatException.class, () -> BabiReader.read(binary, 1)).getMessage()
                .startsWith(binary + ": not UTF-8"));
    }
}
