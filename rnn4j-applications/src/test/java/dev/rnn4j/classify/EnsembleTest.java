package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.WordTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles of independently seeded networks: training, the averaged logits, saving, loading, the CLI flag. */
class EnsembleTest {

    /** Two members of the small test model, with the n-gram expert. */
    static final ClassifierConfig PAIR = TextClassifierTest.SMALL.toBuilder().epochs(3).ngramOrder(2)
            .ensembleSize(2).build();

    static List<LabeledText> train;
    static List<LabeledText> dev;
    static TextClassifier ensemble;

    @BeforeAll
    static void trainPair() {
        train = TextClassifierTest.sentences(160, 1);
        dev = TextClassifierTest.sentences(40, 2);
        ensemble = TextClassifier.train(train, dev, PAIR);
    }

    private static float[] logits(SequenceClassifier network, int[] ids) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return network.forward(ids, 1, ids.length, new int[] {ids.length}).toFloatArray(); // (1, C)
        }
    }

    @Test
    void membersAreSeededOneAfterAnotherAndTheFirstIsTheSingleNetwork() {
        assertEquals(2, ensemble.members().size());
        assertEquals(2, ensemble.memberSummaries().size());
        TextClassifier single = TextClassifier.train(train, dev, PAIR.toBuilder().ensembleSize(1).build());
        assertEquals(1, single.members().size());
        int[] ids = ensemble.vocabulary().encode(List.of("the", "plot", "was", "superb"));
        // member 0 uses the config's seed, so it is the network a single-network run trains
        assertTrue(Arrays.equals(logits(single.model(), ids), logits(ensemble.members().get(0), ids)));
        assertTrue(!Arrays.equals(logits(ensemble.members().get(0), ids), logits(ensemble.members().get(1), ids)),
                "member 1 has its own seed");
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheMeanLogitsPlusWeightedNgramScoresOverTheTemperature() {
        String text = "the film was lovely but the story was dull";
        List<String> tokens = new WordTokenizer(true, true).tokenize(text);
        int[] ids = ensemble.vocabulary().encode(tokens);
        float[] a = logits(ensemble.members().get(0), ids);
        float[] b = logits(ensemble.members().get(1), ids);
        NgramNaiveBayes expert = ensemble.ngramExpert();
        double[] scores = expert.scores(tokens);
        double neg = 0.5 * (a[0] + b[0]) + expert.weight() * scores[0];
        double pos = 0.5 * (a[1] + b[1]) + expert.weight() * scores[1];
        // divided by the temperature fitted on dev
        double expectedPos = 1 / (1 + Math.exp((neg - pos) / ensemble.temperature()));
        assertEquals(expectedPos, ensemble.predict(text).probabilities().get("pos"), 1e-5);
    }

    @Test
    void savesEveryMemberAndLoadsTheSameEnsemble(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        ensemble.save(folder);
        assertTrue(Files.isRegularFile(folder.resolve("weights.safetensors")));
        assertTrue(Files.isRegularFile(folder.resolve("weights-1.safetensors")));
        assertTrue(!Files.exists(folder.resolve("weights-2.safetensors")));
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertEquals(2, config.get("ensemble_size").asInt(), config.toString());
        assertEquals(2, config.get("training").get("members").size(), config.toString());
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(ensemble.config(), loaded.config());
        assertEquals(2, loaded.members().size());
        assertNull(loaded.memberSummaries());
        List<String> texts = List.of("the film was lovely", "a boring plot", "movie", "it was fine and dull");
        assertEquals(ensemble.predictAll(texts), loaded.predictAll(texts));
        assertEquals(ensemble.evaluate(dev).accuracy(), loaded.evaluate(dev).accuracy());
    }

    @Test
    void aFolderMissingAMemberNamesTheFile(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        ensemble.save(folder);
        Files.delete(folder.resolve("weights-1.safetensors"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertEquals(folder.resolve("weights-1.safetensors"), e.file());
        assertTrue(e.getMessage().contains("weights-1.safetensors") && e.getMessage().contains("ensemble_size 2"),
                e.getMessage());
    }

    @Test
    void aMemberWhoseWeightsDoNotFitNamesTheFile(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        ensemble.save(folder);
        SafeTensors.write(folder.resolve("weights-1.safetensors"), Map.of("fc.bias", Tensor.zeros(3)),
                Map.of("task", ModelFolder.TASK));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertEquals(folder.resolve("weights-1.safetensors"), e.file());
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    @Test
    void foldersWithoutEnsembleSizeLoadAsOneNetwork(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        ensemble.save(folder);
        Path config = folder.resolve("config.json");
        // folders written before ensembles existed have no ensemble_size key (and one weights file)
        Files.writeString(config, Files.readString(config).replaceFirst(",\\s*\"ensemble_size\" : \\d+", ""));
        assertTrue(!Files.readString(config).contains("ensemble_size"), Files.readString(config));
        Files.delete(folder.resolve("weights-1.safetensors"));
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(1, loaded.config().ensembleSize());
        assertEquals(1, loaded.members().size());
    }

    @Test
    void configRejectsAnEnsembleOfNoNetworks(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PAIR.toBuilder().ensembleSize(0).build());
        assertTrue(e.getMessage().contains("ensembleSize") && e.getMessage().contains("0"), e.getMessage());
        Path folder = dir.resolve("model");
        ensemble.save(folder);
        Path config = folder.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"ensemble_size\" : \\d+",
                "\"ensemble_size\" : -1"));
        ModelFolderException bad = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertEquals(config, bad.file());
        assertTrue(bad.getMessage().contains("ensembleSize"), bad.getMessage());
    }
}
