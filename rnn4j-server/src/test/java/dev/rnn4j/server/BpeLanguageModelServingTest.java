package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.lm.BpeVocabulary;
import dev.rnn4j.lm.GenerationRequest;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelTraining;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A BPE subword language model served live through the same codec as a character model. */
class BpeLanguageModelServingTest {

    @TempDir
    static Path dir;
    static ModelServer server;
    static String predictions;
    static LanguageModel local;

    @BeforeAll
    static void start() throws IOException {
        StringBuilder train = new StringBuilder();
        String[] words = {"the cat", "a dog", "the king", "my friend"};
        String[] verbs = {" sees", " likes", " follows"};
        for (int i = 0; i < 120; i++) {
            train.append(words[i % 4]).append(verbs[i % 3]).append(' ').append(words[(i / 4) % 4]).append(".\n");
        }
        BpeVocabulary vocabulary = BpeVocabulary.learn(train.toString(), 30);
        LanguageModel model = LanguageModel.train(vocabulary, train.toString(), "the dog sees a cat.\nmy king.\n",
                new LanguageModelConfig("LSTM", vocabulary.size(), 8, 16, 1, 0.0, 0.0, 0.0, false),
                new LanguageModelTraining(3, 2, 4, 16, false, 1e-2, 1.0, 1.0, 0, 0, 0, null, false, true, null));
        model.save(dir.resolve("subwords"));
        server = ModelServer.start(List.of(ServedModel.load("subwords", dir.resolve("subwords"))),
                ServerOptions.defaults().withPort(0));
        predictions = server.url() + "/predictions/subwords";
        local = LanguageModel.load(dir.resolve("subwords"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aJsonRequestGivesWhatTheModelGivesLocallyAndAnyPrimeIsRead() {
        // "Zoë" holds a character the training text lacks: the model's BPE reads it as byte tokens
        JsonNode body = ServerEndpointsTest.json(Http.postJson(predictions,
                "{\"prime\": \"Zoë and the \", \"length\": 12, \"temperature\": 0.8, \"seed\": 4, \"samples\": 2,"
                        + " \"probabilities\": true}"));
        var expected = local.generate(new GenerationRequest("Zoë and the ", 12, 0.8, 0, 1.0, false, 4, 2, true));
        assertEquals(2, body.get("samples").size(), body::toString);
        for (int i = 0; i < 2; i++) {
            JsonNode sample = body.get("samples").get(i);
            assertEquals(expected.samples().get(i).text(), sample.get("text").asText());
            assertEquals(12, sample.get("probabilities").size(), "one probability per subword");
        }
    }
}
