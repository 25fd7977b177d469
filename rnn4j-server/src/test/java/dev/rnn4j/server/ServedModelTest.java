package dev.rnn4j.server;

import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server refuses before it starts: names, tasks without a codec, folders that hold no model, options. */
class ServedModelTest {

    static Predictor<String, String> ofTask(String task) {
        return new Predictor<>() {
            @Override
            public ModelInfo describe() {
                return new ModelInfo(task, "a text", "a text", Map.of());
            }

            @Override
            public String predict(String input) {
                return input;
            }

            @Override
            public List<String> predictBatch(List<String> inputs) {
                return inputs;
            }
        };
    }

    @Test
    void aTaskWithoutACodecIsRefusedNamingTheTasksServed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServedModel.of("x", ofTask("no-such-task")));
        assertEquals("task: the server has no JSON codec for models of task \"no-such-task\" (it serves: "
                + String.join(", ", PredictionCodecs.tasks()) + ")", e.getMessage());
        assertTrue(PredictionCodecs.tasks().containsAll(List.of("forecast", "language-model", "text-classification")),
                PredictionCodecs.tasks()::toString);
    }

    @Test
    void namesMustBeUrlSafeAndUnique() {
        for (String bad : new String[] {"", "a/b", "-x", "a b", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServedModel.of(bad, FakePredictors.slow(0)));
            assertTrue(e.getMessage().startsWith("name: expected 1 to 64 letters"), e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ModelServer.start(
                List.of(ServedModel.of("m", FakePredictors.slow(0)), ServedModel.of("m", FakePredictors.slow(0))),
                ServerOptions.defaults().withPort(0)));
        assertEquals("models: the name 'm' is given twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelServer.start(List.of(),
                ServerOptions.defaults().withPort(0)));
    }

    @Test
    void aFolderWithoutAModelNamesItsMissingConfig(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServedModel.load("m", dir));
        assertTrue(e.getMessage().contains("config.json: not found"), e.getMessage());
    }

    @Test
    void optionsNameTheOptionThatIsOutOfRange() {
        ServerOptions d = ServerOptions.defaults();
        assertEquals("max-batch: expected 1..4096, got 0",
                assertThrows(IllegalArgumentException.class, () -> d.withBatching(0, 5, 10)).getMessage());
        assertEquals("queue: expected 1..1000000, got 0",
                assertThrows(IllegalArgumentException.class, () -> d.withBatching(4, 5, 0)).getMessage());
        assertEquals("port: expected 0..65535, got 70000",
                assertThrows(IllegalArgumentException.class, () -> d.withPort(70000)).getMessage());
        assertEquals("timeout-ms: expected 1..3600000, got 0",
                assertThrows(IllegalArgumentException.class, () -> d.withTimeoutMillis(0)).getMessage());
    }
}
