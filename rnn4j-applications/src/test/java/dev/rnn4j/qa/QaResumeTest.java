package dev.rnn4j.qa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run stopped after 2 epochs and resumed to 3 ends with the weights of a run of 3 epochs straight. */
class QaResumeTest {

    @Test
    void aResumedRunEndsWithTheSameWeights(@TempDir Path dir) throws IOException {
        BabiData data = BabiData.load(babi(), "en", List.of(1));
        QaVocabulary vocabulary = QaVocabulary.of(data.train());
        QaConfig config = new QaConfig(QaConfig.DMN, vocabulary.wordCount(), vocabulary.answerCount(), 6, 6, 2, 0.1,
                50);
        QuestionAnswerer straight = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(dir.resolve("straight"), 3, false));
        QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(dir.resolve("resumed"), 2, false));
        // the trainer refuses to start afresh in a folder with checkpoints, so the next run can only resume
        try (Stream<Path> files = Files.list(dir.resolve("resumed"))) {
            assertTrue(files.anyMatch(Files::isDirectory), "checkpoints written");
        }
        QuestionAnswerer resumed = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(dir.resolve("resumed"), 3, true));
        Map<String, dev.rnn4j.tensor.Tensor> a = straight.network().namedParameters();
        Map<String, dev.rnn4j.tensor.Tensor> b = resumed.network().namedParameters();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), 0f, name);
        }
    }

    private static QaTraining options(Path runDir, int epochs, boolean resume) {
        return new QaTraining(5, epochs, 16, 3e-3, 1e-3, 5.0, 0, 0, 0, 0, 0, runDir, resume, true, null);
    }
}
