package dev.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.quantize.ModelQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j quantize} on a tiny trained character language model (one LSTM layer, untied and tied
 * embeddings): the int8 folder loads through {@link Predictors}, its validation loss is within
 * 0.02 nats of the float model's, and it generates (the streaming stepper runs the int8 layer).
 */
class QuantizedLanguageModelTest {

    @Test
    void theInt8ModelScoresWithinTwoHundredthsOfANatAndGenerates(@TempDir Path dir) throws IOException {
        CharVocabulary v = CharVocabulary.of(LanguageModelTest.TRAIN);
        LanguageModelConfig untied = LanguageModelTest.config(v);
        LanguageModelConfig tied = new LanguageModelConfig("GRU", v.size(), 24, 24, 2, 0.0, 0.0, 0.0, true);
        int index = 0;
        for (LanguageModelConfig config : new LanguageModelConfig[] {untied, tied}) {
            LanguageModel model = LanguageModel.train(v, LanguageModelTest.TRAIN, LanguageModelTest.VALID, config,
                    LanguageModelTest.training(3, null, false, 0));
            Path floats = dir.resolve("float-" + index);
            Path int8 = dir.resolve("int8-" + index++);
            model.save(floats);
            Files.createDirectories(floats.resolve("training/checkpoints"));
            Files.writeString(floats.resolve("training/metrics.jsonl"), "{}\n");
            ModelQuantizer.Result result = ModelQuantizer.quantize(floats, int8, null);
            assertEquals("language-model", result.task());
            assertFalse(Files.exists(int8.resolve("training")), "the float run's checkpoints are not copied");
            assertEquals("I8", SafeTensors.read(int8.resolve("weights.safetensors")).storedDtype("rnn.weight_hh_l0"));
            LanguageModel loaded = assertInstanceOf(LanguageModel.class, Predictors.load(int8));
            double floatLoss = LanguageModel.load(floats).evaluate(LanguageModelTest.VALID, 16).loss();
            double int8Loss = loaded.evaluate(LanguageModelTest.VALID, 16).loss();
            assertNotEquals(floatLoss, int8Loss, "the int8 layers ran");
            assertTrue(Math.abs(int8Loss - floatLoss) <= 0.02, config.cell() + ": loss " + int8Loss + " against "
                    + floatLoss);
            Generation g = loaded.predict(GenerationRequest.of("the ", 40));
            assertEquals(40, g.samples().get(0).text().length());
        }
    }
}
