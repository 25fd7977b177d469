package dev.rnn4j.qa;

import dev.rnn4j.text.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the task files, the validation split from the training file, and the task-3 fallback of en-10k. */
class BabiDataTest {

    @Test
    void theLastTenPercentOfTheStoriesValidate() {
        BabiData data = BabiData.load(babi(), "en", List.of(1));
        assertEquals(45, data.train().size(), "9 stories of 5 questions");
        assertEquals(5, data.validation().size(), "the 10th story");
        assertTrue(data.train().stream().allMatch(e -> e.story() < 9));
        assertTrue(data.validation().stream().allMatch(e -> e.story() == 9));
        assertTrue(data.notes().isEmpty());
        assertEquals(15, BabiData.test(babi(), "en", List.of(1)).size());
    }

    @Test
    void enTenKTrainsTaskThreeOnTheOneKFileAndSaysSo() {
        BabiData data = BabiData.load(babi(), "en-10k", List.of(1, 3));
        assertEquals(1, data.notes().size());
        assertTrue(data.notes().get(0).startsWith("task 3: "), data.notes().get(0));
        assertTrue(data.notes().get(0).contains("training on the 1k file"), data.notes().get(0));
        assertEquals(15, data.train().stream().filter(e -> e.task() == 1).count(), "3 of 4 stories of task 1");
        assertEquals(2, data.train().stream().filter(e -> e.task() == 3).count(), "2 of 3 stories of task 3");
        assertEquals(1, data.validation().stream().filter(e -> e.task() == 3).count());
    }

    @Test
    void aSetFolderCanBeGivenDirectly() {
        assertEquals(50, BabiData.load(babi().resolve("en"), "en", List.of(1)).train().size()
                + BabiData.load(babi().resolve("en"), "en", List.of(1)).validation().size());
    }

    @Test
    void taskNumbersAreChecked() {
        assertEquals(20, BabiTasks.parse("all").size());
        assertEquals(List.of(1, 3), BabiTasks.parse("1,3"));
        assertEquals("task: expected a bAbI task number 1..20, got 21",
                assertThrows(IllegalArgumentException.class, () -> BabiTasks.parse("21")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BabiTasks.parse("one")).getMessage()
                .startsWith("task: expected a task number 1..20"));
        assertThrows(IllegalArgumentException.class, () -> BabiData.load(babi(), "en", List.of(0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BabiData.load(babi(), "fr", List.of(1)))
                .getMessage().startsWith("set: expected one of [en, en-10k]"));
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        DataFormatException e = assertThrows(DataFormatException.class, () -> BabiData.load(babi(), "en", List.of(2)));
        assertEquals(babi().resolve("en") + ": no training file qa2_two-supporting-facts_train.txt", e.getMessage());
        assertEquals(babi().resolve("en") + ": no test file qa2_two-supporting-facts_test.txt",
                assertThrows(DataFormatException.class, () -> BabiData.test(babi(), "en", List.of(2))).getMessage());
        assertEquals(dir.resolve("x") + ": bAbI data folder not found", assertThrows(DataFormatException.class,
                () -> BabiData.load(dir.resolve("x"), "en", List.of(1))).getMessage());
        assertTrue(assertThrows(DataFormatException.class, () -> BabiData.load(dir, "en", List.of(1))).getMessage()
                .startsWith(dir + ": expected a bAbI folder holding en/"));
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/qa1_single-supporting-fact_train.txt"),
                "1 Mary went home.\n2 Where is Mary?\thome\t1\n");
        assertTrue(assertThrows(DataFormatException.class, () -> BabiData.load(dir, "en", List.of(1))).getMessage()
                .contains("one story only"));
    }
}
