package dev.rnn4j.lm;

import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small character model trained once on {@link TinyCorpus}, then scored, generated from, saved and loaded. */
class LanguageModelTest {

    static final String TRAIN = TinyCorpus.text(160, 1);
    static final String VALID = TinyCorpus.text(30, 2);
    static LanguageModel model;

    static LanguageModelTraining training(int epochs, Path runDir, boolean resume, long checkpointEvery) {
        return new LanguageModelTraining(3, epochs, 4, 16, false, 1e-2, 1.0, 1.0, 0, 0, checkpointEvery, runDir,
                resume, true, null);
    }

    static LanguageModelConfig config(CharVocabulary v) {
        return new LanguageModelConfig("LSTM", v.size(), 16, 32, 1, 0.0, 0.0, 0.0, false);
    }

    @BeforeAll
    static void train() throws IOException {
        CharVocabulary v = CharVocabulary.of(TRAIN);
        model = LanguageModel.train(v, TRAIN, VALID, config(v), training(6, null, false, 0));
    }

    @Test
    void trainingLearnsTheGrammar() {
        Evaluation e = model.evaluate(VALID, 16);
        double uniform = Math.log(model.vocabulary().size() - 1);
        // the grammar leaves about 1 nat of choice per word: far below a uniform guess
        assertTrue(e.loss() < 0.55 * uniform, e + " vs uniform " + uniform);
        assertEquals(e.loss() / Math.log(2), e.bitsPerCharacter(), 1e-12);
        assertEquals(Math.exp(e.loss()), e.perplexity(), 1e-9);
        assertEquals(0, e.unknown());
        assertEquals(6, model.trainingInfo().path("history").size());
    }

    @Test
    void charactersOutsideTheVocabularyAreScoredAsUnknown() {
        Evaluation e = model.evaluate("the cat sees the moon!\nthe ZZ.", 8);
        assertEquals(3, e.unknown());
        assertTrue(Double.isFinite(e.loss()));
    }

    @Test
    void greedyIsDeterministicAndEqualsTopKOneAndATinyNucleus() {
        GenerationRequest greedy = new GenerationRequest("the ", 40, 1.0, 0, 1.0, true, 0, 1, false);
        String text = model.generate(greedy).samples().get(0).text();
        assertEquals(40, text.codePointCount(0, text.length()));
        assertEquals(text, model.generate(greedy).samples().get(0).text());
        assertEquals(text, model.generate(new GenerationRequest("the ", 40, 1.0, 1, 1.0, false, 9, 1, false))
                .samples().get(0).text());
        assertEquals(text, model.generate(new GenerationRequest("the ", 40, 0.7, 0, 1e-6, false, 5, 1, false))
                .samples().get(0).text());
    }

    @Test
    void aSeedFixesTheSamplesAndSamplesDifferFromEachOther() {
        GenerationRequest r = new GenerationRequest("a dog ", 60, 1.5, 0, 1.0, false, 11, 3, true);
        Generation g = model.generate(r);
        assertEquals(g, model.generate(r));
        assertEquals(3, g.samples().size());
        assertNotEquals(g.samples().get(0).text(), g.samples().get(1).text());
        assertNotEquals(g, model.generate(new GenerationRequest("a dog ", 60, 1.5, 0, 1.0, false, 12, 3, true)));
        for (Generation.Sample s : g.samples()) {
            double[] p = s.probabilities();
            assertEquals(60, p.length);
            for (double v : p) {
                assertTrue(v > 0 && v <= 1, "probability " + v);
            }
            assertTrue(s.text().chars().allMatch(ch -> TRAIN.indexOf(ch) >= 0), s.text());
        }
    }

    @Test
    void charactersAreStreamedAsTheyAreProduced() {
        StringBuilder[] streamed = {new StringBuilder(), new StringBuilder()};
        Generation g = model.generate(new GenerationRequest("the", 30, 1.0, 5, 0.9, false, 4, 2, false),
                (sample, chars) -> streamed[sample].append(chars));
        assertEquals(g.samples().get(0).text(), streamed[0].toString());
        assertEquals(g.samples().get(1).text(), streamed[1].toString());
        assertNull(g.samples().get(0).probabilities());
    }

    @Test
    void badRequestsAreRejectedWithTheirReason() {
        assertMessage("temperature: expected a finite number > 0, got 0.0",
                () -> new GenerationRequest("a", 5, 0, 0, 1, false, 0, 1, false));
        assertMessage("temperature: expected a finite number > 0, got -1.0",
                () -> new GenerationRequest("a", 5, -1, 0, 1, false, 0, 1, false));
        assertMessage("top-p: expected a probability in (0, 1]", () -> new GenerationRequest("a", 5, 1, 0, 0,
                false, 0, 1, false));
        assertMessage("top-p: expected a probability in (0, 1]", () -> new GenerationRequest("a", 5, 1, 0, 1.5,
                false, 0, 1, false));
        assertMessage("length: expected at least 1 character to generate, got 0",
                () -> new GenerationRequest("a", 0, 1, 0, 1, false, 0, 1, false));
        assertMessage("prime: expected at least one character", () -> GenerationRequest.of("", 5));
        assertMessage("prime: 1 character(s) not in the model's vocabulary", () -> model.generate(
                GenerationRequest.of("the Cat", 5)));
        assertMessage("inputs[1]: prime: ", () -> model.predictBatch(List.of(GenerationRequest.of("the", 3),
                GenerationRequest.of("#", 3))));
    }

    @Test
    void tiedEmbeddingsNeedTheEmbeddingSizeToBeTheHiddenSize() {
        assertMessage("tied embeddings: the decoder's weight (V, H) is the embedding matrix (V, E), so the embedding"
                + " size must equal the hidden size; got embedding 16 and hidden 32",
                () -> new LanguageModelConfig("LSTM", 10, 16, 32, 1, 0, 0, 0, true));
        assertMessage("unknown cell 'LTSM'", () -> new LanguageModelConfig("LTSM", 10, 16, 16, 1, 0, 0, 0, false));
    }

    @Test
    void aTiedGruModelTrainsSavesAndLoads(@TempDir Path dir) throws IOException {
        CharVocabulary v = CharVocabulary.of(TRAIN);
        LanguageModelConfig tied = new LanguageModelConfig("GRU", v.size(), 24, 24, 2, 0.1, 0.1, 0.05, true);
        LanguageModel m = LanguageModel.train(v, TRAIN, VALID, tied, new LanguageModelTraining(5, 2, 4, 12, true,
                1e-2, 0.9, 1.0, 0, 0, 0, null, false, true, null));
        m.save(dir);
        LanguageModel back = LanguageModel.load(dir);
        assertEquals(m.evaluate(VALID, 12), back.evaluate(VALID, 12));
        assertTrue(back.network().namedParameters().containsKey("decoder.bias"));
        assertTrue(m.network().pytorchStateDict().containsKey("decoder.weight"));
    }

    @Test
    void theModelFolderRoundTripsThroughThePredictorRegistry(@TempDir Path dir) throws IOException {
        model.save(dir);
        assertEquals(LanguageModel.TASK, Predictors.task(dir));
        Predictor<?, ?> loaded = Predictors.load(dir);
        LanguageModel back = assertInstanceOf(LanguageModel.class, loaded);
        assertEquals(model.evaluate(VALID, 16), back.evaluate(VALID, 16));
        GenerationRequest r = new GenerationRequest("the ", 50, 0.8, 10, 0.95, false, 3, 2, true);
        assertEquals(model.generate(r), back.generate(r));
        assertArrayEquals(model.network().embeddingWeight().toFloatArray(),
                back.network().embeddingWeight().toFloatArray());
        assertEquals("LSTM", back.describe().settings().get("cell"));
    }

    @Test
    void aConfigTooLargeForItsWeightsIsRefusedBeforeTheNetworkIsBuilt(@TempDir Path dir) throws IOException {
        model.save(dir);
        Path config = dir.resolve("config.json");
        // a weight_hh_l0 of (4 * 23170, 23170) is about 2^31 floats, 8 GiB, claimed by a file of kilobytes
        Files.writeString(config, Files.readString(config).replaceFirst("\"embedding\" : \\d+", "\"embedding\" : 23170")
                .replaceFirst("\"hidden\" : \\d+", "\"hidden\" : 23170"));
        assertMessage("weights.safetensors: does not fit config.json: its vocabulary", () -> LanguageModel.load(dir));
        assertMessage("hidden 23170", () -> LanguageModel.load(dir));
    }

    @Test
    void aFolderOfAnotherApplicationIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"task\": \"forecast\", \"format\": 1}");
        assertMessage("holds a model for task 'forecast', not a language model", () -> LanguageModel.load(dir));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertMessage("not a model folder (no config.json)", () -> LanguageModel.load(empty));
    }

    @Test
    void generationIsSafeFromSeveralThreads() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(new GenerationRequest(i % 2 == 0 ? "the " : "a", 20 + i, 0.5 + 0.2 * i, i % 3, 1.0 - 0.1 * i,
                    i == 5, i, 1 + i % 3, i % 2 == 1));
        }
        ConcurrencyCheck.assertSameAsSequential(model, requests, Objects::equals);
    }

    @Test
    void aResumedRunEndsWithTheSameWeights(@TempDir Path dir) throws IOException {
        CharVocabulary v = CharVocabulary.of(TRAIN);
        LanguageModel straight = LanguageModel.train(v, TRAIN, VALID, config(v),
                training(3, dir.resolve("straight"), false, 7));
        // a run of 2 epochs leaves checkpoints, the last of which is resumed for a third epoch
        LanguageModel.train(v, TRAIN, VALID, config(v), training(2, dir.resolve("resumed"), false, 7));
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.train(v, TRAIN, VALID, config(v),
                training(3, dir.resolve("resumed"), false, 7)), "a fresh run into a used folder");
        LanguageModel resumed = LanguageModel.train(v, TRAIN, VALID, config(v),
                training(3, dir.resolve("resumed"), true, 7));
        assertArrayEquals(straight.network().rnn().parameter("weight_hh_l0").toFloatArray(),
                resumed.network().rnn().parameter("weight_hh_l0").toFloatArray());
        assertEquals(straight.evaluate(VALID, 16), resumed.evaluate(VALID, 16));
    }

    @Test
    void theSharedTrainingOptionsFillTheRestFromTheDefaults() {
        LanguageModelTraining t = LanguageModelTraining.of(new dev.rnn4j.train.TrainingOptions(7, 3, 16, 1e-3, null,
                false, true));
        assertEquals(7, t.seed());
        assertEquals(3, t.epochs());
        assertEquals(16, t.streams());
        assertEquals(LanguageModelDefaults.WINDOW, t.window());
        assertEquals(LanguageModelDefaults.LR_DECAY, t.lrDecay());
        assertNull(t.runDir());
        assertMessage("lr decay: expected a factor in (0, 1], got 1.5", () -> new LanguageModelTraining(1, 1, 1, 1,
                false, 1e-3, 1.5, 1, 0, 0, 0, null, false, true, null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
