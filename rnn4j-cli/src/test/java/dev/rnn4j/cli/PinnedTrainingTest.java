package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what {@code classify train} saves for a small ensemble with an n-gram expert (and what {@code lm train}
 * and {@code translate train} save for tiny models), so that a change to the training code that changes its results does not go unnoticed: the accuracy
 * figures in RESULTS.md hold only while training computes these same bits. One kernel thread and
 * the scalar kernels, so any machine with the same Java math library computes them. Member 1 keeps
 * the mean of two epochs, member 2 a single epoch; the table's weight is chosen, the temperature
 * fitted and the table recounted.
 */
class PinnedTrainingTest {

    @Test
    void aSmallEnsembleSavesThePinnedFiles(@TempDir Path dir) throws Exception {
        Path train = KillResumeCliTest.sentences(dir, "train.txt", 300, 11);
        Path dev = KillResumeCliTest.sentences(dir, "dev.txt", 80, 12);
        Path out = dir.resolve("model");
        ChildCli.Ended run = ChildCli.run(List.of("-Drnn4j.kernels=scalar"), List.of("classify", "train",
                "--train", train.toString(), "--dev", dev.toString(), "--embedding-dim", "12", "--hidden", "8",
                "--epochs", "5", "--batch-size", "16", "--min-freq", "1", "--seed", "3", "--threads", "1",
                "--ensemble", "2", "--patience", "0", "--lr", "0.02", "--ngram-order", "2", "--char-ngram-order",
                "0", "--quiet", "--out", out.toString()));
        assertEquals(0, run.status(), run.lines().toString());
        List<String> lines = run.lines();
        assertTrue(lines.contains("member 1/2: kept the parameters of epochs 3 and 4"), lines.toString());
        assertTrue(lines.contains("member 2/2: kept the parameters of epoch 5"), lines.toString());
        assertTrue(lines.contains("n-gram expert (order 2, characters up to 0, 581 n-grams): weight 0.7, dev accuracy"
                + " 0.8875 (networks alone 0.8125)"), lines.toString());
        assertTrue(lines.contains("dev: accuracy 0.8875  precision 0.9706  recall 0.8049  f1 0.8800  (binary"
                + " (positive class 1), 80 samples)"), lines.toString());
        assertEquals("9d72ececa6184db2ff96a105c6b4dfd92021473b423bbc51087fe9189b834bf5",
                sha256(out.resolve("weights.safetensors")));
        assertEquals("1be66fff16e89b614d72cbf5caff1037c94cb60d5ad2483bec24ab3eec05722b",
                sha256(out.resolve("weights-1.safetensors")));
        assertEquals("3f3dae6d2a0968a5943f2b4177e5a1aa510c7fbd1952650053af4c62659682bc",
                sha256(out.resolve("ngrams.tsv")));
        assertEquals(1.890052665356755,
                new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("temperature").asDouble());
    }

    /**
     * Pins what {@code lm train} saves for a tiny stateful LSTM (two epochs of carried state over a small corpus,
     * dropout on), so that a change to the language model's training that changes its numbers is noticed.
     */
    @Test
    void aSmallLanguageModelSavesThePinnedWeights(@TempDir Path dir) throws Exception {
        Path text = LmCommandTest.corpus(dir, "corpus.txt", 150, 7);
        Path out = dir.resolve("model");
        List<String> args = LmCommandTest.tinyTrain(text, out, "--dropout", "0.1", "--seed", "3");
        ChildCli.Ended run = ChildCli.run(List.of("-Drnn4j.kernels=scalar"), args);
        assertEquals(0, run.status(), run.lines().toString());
        assertTrue(run.lines().contains("validation: loss 2.2132 nats/char, 3.1929 bits/char, perplexity 9.144 on 400 characters"), run.lines().toString());
        assertEquals("b852783cd209e3ac10a1f7b0fa02d952e977633d2ebc53f737374fccd385c402", sha256(out.resolve("weights.safetensors")));
    }

    @Test
    void aTinyTranslatorSavesThePinnedWeights(@TempDir Path dir) throws Exception {
        Path[] train = TranslateCommandTest.sample(dir, "train", 0, 150);
        Path[] dev = TranslateCommandTest.sample(dir, "dev", 150, 50);
        Path out = dir.resolve("model");
        ChildCli.Ended run = ChildCli.run(List.of("-Drnn4j.kernels=scalar"),
                TranslateCommandTest.train(train, dev, out, 3));
        assertEquals(0, run.status(), run.lines().toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("epoch 3: loss 4.437, grad_norm 0.3718, val_loss 4.045,"
                + " val_ppl 57.13, val_bleu 0.1017 (")), run.lines().toString());
        assertEquals("c5e515101ada8d0126e014493885b7c15cdc1a196c8e62902b777e91da8bc2a1",
                sha256(out.resolve("weights.safetensors")), run.lines().toString());
        assertEquals("6ad8eb1d1e9e3de1c1c7bb2d708ace990ec25099ccbffca2098eab119a2ecf9d", sha256(out.resolve("bpe.json")));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(ChildCli.sha256(Files.readAllBytes(file)));
    }
}
