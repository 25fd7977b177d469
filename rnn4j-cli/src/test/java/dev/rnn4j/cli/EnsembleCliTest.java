package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify train --ensemble K} through the command line: resuming every member, the saved folder. */
class EnsembleCliTest {

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
                && !second.out().contains("/2: epoch 1:"), second.out());
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
