package dev.rnn4j.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.explain.LanguageModelExplainer;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.tensor.Autograd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small BPE subword model trained once on {@link TinyCorpus}, then scored, generated from, saved and loaded. */
class BpeLanguageModelTest {

    static final String TRAIN = LanguageModelTest.TRAIN;
    static final String VALID = LanguageModelTest.VALID;
    static BpeVocabulary vocabulary;
    static LanguageModel model;

    @BeforeAll
    static void train() throws IOException {
        vocabulary = BpeVocabulary.learn(TRAIN, 60);
        LanguageModelConfig config = new LanguageModelConfig("LSTM", vocabulary.size(), 16, 32, 1, 0.0, 0.0, 0.0,
                false);
        model = LanguageModel.train(vocabulary, TRAIN, VALID, config, LanguageModelTest.training(6, null, false, 0));
    }

    @Test
    void theVocabularyIsTheUnknownSymbolThenTheBpeTokens() {
        assertEquals("bpe", vocabulary.unit());
        assertTrue(vocabulary.merges() > 10 && vocabulary.merges() <= 60, vocabulary.toString());
        assertEquals(vocabulary.bpe().vocabulary().size() + 1, vocabulary.size());
        assertEquals(vocabulary.bpe().vocabulary().get(0), vocabulary.token(1));
        int[] ids = vocabulary.encode("the cat sees the moon.\n");
        assertTrue(ids.length < "the cat sees the moon.\n".length(), "merged: " + ids.length);
        for (int id : ids) {
            assertTrue(id > TokenVocabulary.UNKNOWN);
        }
        // an unseen character is byte tokens: the first counts as its character, the second continues it
        int[] accented = vocabulary.encode("é");
        assertEquals(2, accented.length);
        assertEquals(1, vocabulary.characters(accented[0]));
        assertEquals(0, vocabulary.characters(accented[1]));
        int characters = 0;
        for (int id : vocabulary.encode(" the old king")) {
            characters += vocabulary.characters(id);
        }
        assertEquals(" the old king".length(), characters);
    }

    @Test
    void trainingLearnsTheGrammar() {
        Evaluation e = model.evaluate(VALID, 16);
        double uniform = Math.log(vocabulary.size() - 1);
        assertTrue(e.loss() < 0.7 * uniform, e + " vs uniform " + uniform);
        assertTrue(e.subwords());
        assertTrue(e.characters() > e.tokens(), e.toString());
        assertEquals(0, e.unknown());
        assertTrue(e.toString().matches("loss [0-9.]+ nats/token, [0-9.]+ bits/char, perplexity [0-9.]+ per token"
                + " on [0-9,]+ tokens \\([0-9,]+ characters\\)"), e.toString());
        assertEquals("bpe", model.trainingInfo().path("tokens").asText());
        assertTrue(model.trainingInfo().path("train_tokens").asInt() > 0);
    }

    @Test
    void bitsPerCharacterAreTheTotalLossOverTheCharactersOfThePredictedSubwords() {
        String text = "the cat sees the moon.\na dog likes the river.\n";
        int[] ids = vocabulary.encode(text);
        int n = ids.length;
        // one stream of n tokens: window n - 1 reads tokens 0..n-2 and predicts 1..n-1
        double sum = 0;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            int[] inputs = java.util.Arrays.copyOf(ids, n - 1);
            LanguageModelNetwork.Output out = model.network().forward(inputs, n - 1, 1, null, null);
            float[] z = out.logits().toFloatArray();
            int v = vocabulary.size();
            for (int t = 0; t < n - 1; t++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    max = Math.max(max, z[t * v + j]);
                }
                double s = 0;
                for (int j = 0; j < v; j++) {
                    s += Math.exp(z[t * v + j] - max);
                }
                sum += max + Math.log(s) - z[t * v + ids[t + 1]];
            }
        }
        // every character of the text but those of the first subword, which is read, not predicted
        long characters = text.length() - vocabulary.token(ids[0]).length();
        Evaluation e = model.evaluate(text, n - 1);
        assertEquals(n - 1, e.tokens());
        assertEquals(characters, e.characters());
        assertEquals(sum, e.sumNll(), 1e-9 * sum);
        assertEquals(sum / (n - 1), e.loss(), 1e-9);
        assertEquals(sum / characters / Math.log(2), e.bitsPerCharacter(), 1e-9);
    }

    @Test
    void generationDecodesSubwordsAndStreamsWholePieces() {
        GenerationRequest greedy = new GenerationRequest("the ", 20, 1.0, 0, 1.0, true, 0, 1, true);
        List<String> streamed = new ArrayList<>();
        Generation g = model.generate(greedy, (sample, piece) -> streamed.add(piece));
        Generation.Sample sample = g.samples().get(0);
        assertEquals(20, sample.pieces().size());
        assertEquals(20, sample.probabilities().length);
        assertEquals(String.join("", sample.pieces()), sample.text());
        assertEquals(String.join("", streamed), sample.text());
        assertFalse(streamed.contains(""), "only non-empty pieces are streamed");
        assertTrue(sample.text().length() > 20, "subwords are longer than characters: " + sample.text());
        assertEquals(g, model.generate(greedy));
        // a prime with characters the training text lacks is read as byte tokens, not refused
        Generation unseen = model.generate(new GenerationRequest("Éric ", 10, 0.8, 0, 1.0, false, 3, 2, false));
        assertEquals(2, unseen.samples().size());
    }

    @Test
    void theModelFolderHoldsTheBpeModelAndLoadsTheSame(@TempDir Path dir) throws IOException {
        model.save(dir);
        assertTrue(Files.isRegularFile(dir.resolve("bpe.json")));
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("bpe", config.path("tokens").asText());
        assertEquals("bpe.json", config.path("vocabulary").path("bpe").asText());
        LanguageModel back = assertInstanceOf(LanguageModel.class, Predictors.load(dir));
        assertInstanceOf(BpeVocabulary.class, back.vocabulary());
        assertEquals(model.evaluate(VALID, 16), back.evaluate(VALID, 16));
        GenerationRequest r = new GenerationRequest("a dog", 30, 0.9, 8, 0.95, false, 5, 2, true);
        assertEquals(model.generate(r), back.generate(r));
        assertEquals("bpe", back.describe().settings().get("tokens"));
        assertTrue(back.toString().contains("BPE subwords"), back.toString());
    }

    @Test
    void aCorruptedBpeFileIsReportedByName(@TempDir Path dir) throws IOException {
        model.save(dir);
        Files.writeString(dir.resolve("bpe.json"), "{\"format\": \"rnn4j-bpe\", \"version\": 1, \"merges\": [");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir));
        assertTrue(e.getMessage().contains("bpe.json"), e.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BpeVocabulary.learn(TRAIN, 0));
        assertTrue(e.getMessage().startsWith("merges: expected at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BpeVocabulary.learn("x", 10));
        assertTrue(e.getMessage().contains("expected at least 2 characters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LanguageModelExplainer(model));
        assertTrue(e.getMessage().contains("this model reads BPE subwords"), e.getMessage());
    }
}
