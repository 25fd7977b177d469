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

    /** The tiny-model CLI arguments with {@code --ensemble k} instead of their {@code --ensemble 1}. */
    private static List<String> ensembleOf(int k, List<String> tinyArgs) {
        List<String> args = new ArrayList<>(tinyArgs);
        args.set(args.indexOf("--ensemble") + 1, Integer.toString(k));
        return args;
    }

    private static Path trainingFile(Path dir) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append(i % 2 == 0 ? "1 a good and fine film number " : "0 a bad and dull film number ").append(i)
                    .append('\n');
        }
        Path trainFile = dir.resolve("train.txt");
        Files.writeString(trainFile, lines.toString(), StandardCharsets.UTF_8);
        return trainFile;
    }

    @Test
    void aResumedEnsembleContinuesEveryMember(@TempDir Path dir) throws IOException {
        Path trainFile = trainingFile(dir);
        Path out = dir.resolve("resumed");
        List<String> args = ensembleOf(2, ClassifyCliTest.tiny("classify", "train", "--train", trainFile.toString(),
                "--out", out.toString(), "--patience", "0"));
        ClassifyCliTest.Run first = ClassifyCliTest.cli(null, args.toArray(String[]::new));
        assertEquals(0, first.status(), first.err() + first.out());
        List<String> more = new ArrayList<>(args);
        more.set(more.indexOf("--epochs") + 1, "2");
        more.add("--resume");
        ClassifyCliTest.Run second = ClassifyCliTest.cli(null, more.toArray(String[]::new));
        assertEquals(0, second.status(), second.err() + second.out());
        assertTrue(second.out().contains("member 1/2: epoch 2:") && second.out().contains("member 2/2: epoch 2:")
                && !second.out().contains("epoch 1:"), second.out());
    }

    @Test
    void theEnsembleFlagReachesTheSavedFolder(@TempDir Path dir) throws IOException {
        Path trainFile = trainingFile(dir);
        Path out = dir.resolve("ensemble");
        ClassifyCliTest.Run run = ClassifyCliTest.cli(null, ensembleOf(3, ClassifyCliTest.tiny("classify", "train",
                "--train", trainFile.toString(), "--out", out.toString())).toArray(String[]::new));
        assertEquals(0, run.status(), run.err() + run.out());
        assertTrue(run.out().contains("member 3/3:") && run.out().contains("ensemble of 3 networks"), run.out());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(3, config.get("ensemble_size").asInt(), config.toString());
        for (String name : List.of("weights.safetensors", "weights-1.safetensors", "weights-2.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(Files.isRegularFile(out.resolve("training").resolve("member-" + k).resolve("metrics.jsonl")),
                    "member " + k + "'s run folder");
        }
        ClassifyCliTest.Run predict = ClassifyCliTest.cli(null, "classify", "predict", "--model", out.toString(),
                "a good film");
        assertEquals(0, predict.status(), predict.err());
        ClassifyCliTest.Run bad = ClassifyCliTest.cli(null, ensembleOf(0, ClassifyCliTest.tiny("classify", "train",
                "--train", trainFile.toString(), "--out", dir.resolve("bad").toString())).toArray(String[]::new));
        assertNotEquals(0, bad.status(), bad.out());
        assertTrue(bad.err().contains("--ensemble") && bad.err().contains("got 0"), bad.err());
    }
}
