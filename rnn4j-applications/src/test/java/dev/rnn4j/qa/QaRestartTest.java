package dev.rnn4j.qa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts: below the threshold training runs again from the next seeds and keeps the run with the best validation
 * accuracy, which is the model that one run from that seed gives; at or above it, one run only.
 */
class QaRestartTest {

    private static BabiData data;
    private static QaVocabulary vocabulary;
    private static QaConfig config;

    @BeforeAll
    static void load() throws IOException {
        data = BabiData.load(babi(), "en", List.of(1));
        vocabulary = QaVocabulary.of(data.train());
        config = new QaConfig(QaConfig.DMN, vocabulary.wordCount(), vocabulary.answerCount(), 6, 6, 2, 0.1, 50);
    }

    private static QaTraining options(long seed, int restarts, double below, Path runDir) {
        return new QaTraining(seed, 2, 16, 3e-3, 0, 5.0, 0, 0, restarts, below, 0, runDir, false, true, null);
    }

    @Test
    void anUnreachableThresholdRunsEveryRestartAndKeepsTheBestRun(@TempDir Path dir) throws IOException {
        Path runDir = dir.resolve("training");
        QuestionAnswerer restarted = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(11, 3, 100, runDir));
        JsonNode info = restarted.trainingInfo();
        assertEquals(3, info.path("restarts").asInt());
        JsonNode runs = info.path("runs");
        assertEquals(4, runs.size(), "the first run and 3 restarts");
        double best = -1;
        long bestSeed = -1;
        for (int r = 0; r < runs.size(); r++) {
            assertEquals(11 + r, runs.get(r).path("seed").asLong(), "run " + r + " uses the next seed");
            double accuracy = runs.get(r).path("best_validation_accuracy").asDouble();
            if (accuracy > best) {
                best = accuracy;
                bestSeed = 11 + r;
            }
        }
        assertEquals(bestSeed, info.path("seed").asLong(), "the kept run is the best one (the first of equals)");
        assertEquals(best, info.path("best_validation_accuracy").asDouble(), 0);
        assertEquals(best, restarted.evaluate(data.validation()).overallAccuracy(), 1e-9,
                "the kept weights give the kept validation accuracy");
        assertTrue(Files.isDirectory(runDir) && Files.isDirectory(dir.resolve("training-restart-3")),
                "every run has its own folder");

        QuestionAnswerer single = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(bestSeed, 0, 100, null));
        Map<String, Tensor> a = restarted.network().namedParameters();
        Map<String, Tensor> b = single.network().namedParameters();
        for (String name : a.keySet()) {
            assertArrayEquals(b.get(name).toFloatArray(), a.get(name).toFloatArray(), 0f, name);
        }
    }

    @Test
    void aReachedThresholdStopsAfterTheFirstRun() throws IOException {
        QuestionAnswerer once = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(11, 3, 0, null));
        JsonNode info = once.trainingInfo();
        assertEquals(0, info.path("restarts").asInt());
        assertEquals(1, info.path("runs").size());
        assertEquals(11, info.path("seed").asLong());
    }

    @Test
    void theKeptRunDiffersFromTheFirstWhenALaterSeedValidatesBetter() throws IOException {
        // two seeds' runs; the restarted model is the first run's only if that run is at least as good
        QuestionAnswerer first = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(11, 0, 100, null));
        QuestionAnswerer second = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(12, 0, 100, null));
        QuestionAnswerer both = QuestionAnswerer.train(vocabulary, data.train(), data.validation(), config,
                options(11, 1, 100, null));
        double a = first.trainingInfo().path("best_validation_accuracy").asDouble();
        double b = second.trainingInfo().path("best_validation_accuracy").asDouble();
        assertEquals(Math.max(a, b), both.trainingInfo().path("best_validation_accuracy").asDouble(), 0);
        assertEquals(b > a ? 12 : 11, both.trainingInfo().path("seed").asLong());
    }

    @Test
    void badRestartSettingsAreNamed() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> options(1, -1, 95, null));
        assertTrue(negative.getMessage().contains("restarts"), negative.getMessage());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> options(1, 1, 101, null));
        assertTrue(above.getMessage().contains("[0, 100]"), above.getMessage());
    }
}
