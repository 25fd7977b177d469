package dev.rnn4j.qa;

import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both models trained for a few epochs on the task-1 excerpt: answers with probabilities and attention, the
 * model folder round trip, the predictor registry, concurrency, and the bad inputs of a question.
 */
class QuestionAnswererTest {

    private static BabiData data;
    private static QaVocabulary vocabulary;
    private static QuestionAnswerer dmn;
    private static QuestionAnswerer lstm;

    @BeforeAll
    static void train() throws IOException {
        data = BabiData.load(babi(), "en", List.of(1));
        vocabulary = QaVocabulary.of(data.train());
        dmn = QuestionAnswerer.train(vocabulary, data.train(), data.validation(),
                new QaConfig(QaConfig.DMN, vocabulary.wordCount(), vocabulary.answerCount(), 8, 8, 2, 0.1, 50),
                QaTraining.defaults(QaConfig.DMN, 1).withEpochs(2, 16));
        lstm = QuestionAnswerer.train(vocabulary, data.train(), data.validation(),
                new QaConfig(QaConfig.LSTM, vocabulary.wordCount(), vocabulary.answerCount(), 6, 8, 1, 0.3, 50),
                QaTraining.defaults(QaConfig.LSTM, 1).withEpochs(2, 16));
    }

    private static QaQuestion maryQuestion() {
        return new QaQuestion(List.of("Mary moved to the bathroom.", "John went to the hallway."), "Where is Mary?");
    }

    @Test
    void answersWithAProbabilityPerAnswerAndAttentionPerHop() {
        QaAnswer a = dmn.predict(maryQuestion());
        assertEquals(vocabulary.answerCount(), a.probabilities().size());
        assertEquals(1.0, a.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
        assertEquals(a.answer(), a.probabilities().keySet().iterator().next(), "most likely first");
        assertEquals(2, a.attention().size(), "one row per hop");
        for (double[] hop : a.attention()) {
            assertEquals(2, hop.length);
            assertEquals(1.0, hop[0] + hop[1], 1e-5);
        }
        assertTrue(a.unknownWords().isEmpty());
        assertTrue(lstm.predict(maryQuestion()).attention().isEmpty(), "the LSTM reader has no attention");
    }

    @Test
    void theTrainingSummaryNamesTheTasks() {
        assertEquals(1, dmn.trainingInfo().path("tasks").get(0).asInt());
        assertEquals(2, dmn.trainingInfo().path("history").size());
    }

    @Test
    void modelFoldersRoundTrip(@TempDir Path dir) throws IOException {
        for (QuestionAnswerer model : List.of(dmn, lstm)) {
            Path folder = dir.resolve(model.config().model());
            model.save(folder);
            assertTrue(Files.isRegularFile(folder.resolve("weights.safetensors")));
            QuestionAnswerer back = assertInstanceOf(QuestionAnswerer.class, Predictors.load(folder));
            assertEquals(model.config(), back.config());
            assertEquals(model.vocabulary().words(), back.vocabulary().words());
            List<QaExample> valid = data.validation();
            assertEquals(model.evaluate(valid), back.evaluate(valid));
            QaAnswer a = model.predict(maryQuestion());
            QaAnswer b = back.predict(maryQuestion());
            assertEquals(a.probabilities(), b.probabilities());
            for (int h = 0; h < a.attention().size(); h++) {
                assertArrayEquals(a.attention().get(h), b.attention().get(h), 0.0);
            }
        }
    }

    @Test
    void aBatchGivesTheAnswersOfOneAtATime() {
        QaQuestion longer = new QaQuestion(List.of("Sandra journeyed to the bedroom.", "Mary went back to the garden.",
                "John moved to the office."), "Where is John?");
        for (QuestionAnswerer model : List.of(dmn, lstm)) {
            List<QaAnswer> batch = model.predictBatch(List.of(maryQuestion(), longer));
            QaAnswer one = model.predict(maryQuestion());
            for (String answer : one.probabilities().keySet()) {
                assertEquals(one.probabilities().get(answer), batch.get(0).probabilities().get(answer), 1e-5);
            }
        }
    }

    @Test
    void safeFromSeveralThreads() {
        List<QaQuestion> inputs = List.of(maryQuestion(), new QaQuestion(List.of("Daniel went to the garden."),
                "Where is Daniel?"), new QaQuestion(List.of("John moved to the office.", "John went to the kitchen."),
                "Where is John?"));
        ConcurrencyCheck.assertSameAsSequential(dmn, inputs, (a, b) -> a.answer().equals(b.answer())
                && a.probabilities().equals(b.probabilities()) && a.attention().size() == b.attention().size()
                && java.util.stream.IntStream.range(0, a.attention().size())
                .allMatch(h -> Arrays.equals(a.attention().get(h), b.attention().get(h))));
    }

    @Test
    void unknownWordsReadAsTheUnknownSymbolAndAreListed() {
        QaAnswer a = dmn.predict(new QaQuestion(List.of("Mary teleported to the bathroom."), "Where is Zorro?"));
        assertEquals(List.of("teleported", "zorro"), a.unknownWords());
        assertTrue(vocabulary.answers().contains(a.answer()));
    }

    @Test
    void anEmptyStoryOrQuestionIsAnError() {
        assertEquals("story: expected at least one statement, got none", assertThrows(IllegalArgumentException.class,
                () -> new QaQuestion(List.of(), "Where is Mary?")).getMessage());
        assertEquals("story: statement 2 is blank", assertThrows(IllegalArgumentException.class,
                () -> new QaQuestion(List.of("Mary left.", " "), "Where is Mary?")).getMessage());
        assertEquals("question: expected a question, got nothing", assertThrows(IllegalArgumentException.class,
                () -> new QaQuestion(List.of("Mary left."), "")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> dmn.predict(null));
    }

    @Test
    void anAnswerNeverSeenInTrainingCountsAsWrong() {
        QaExample unseen = new QaExample(1, 0, List.of("Mary moved to the attic."), "Where is Mary?", "attic",
                new int[] {0}, 0);
        QaEvaluation e = dmn.evaluate(List.of(unseen));
        assertEquals(new QaEvaluation.TaskScore(0, 1, 1), e.tasks().get(1));
        assertEquals(100.0, e.meanError());
        assertEquals(1, e.failedTasks());
    }

    @Test
    void describesItself() {
        assertEquals(QuestionAnswerer.TASK, dmn.describe().task());
        assertEquals("dmn", dmn.describe().settings().get("model"));
        assertEquals(2, dmn.describe().settings().get("hops"));
    }
}
