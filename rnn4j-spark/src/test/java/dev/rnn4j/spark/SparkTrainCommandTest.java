package dev.rnn4j.spark;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkTrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsAClassifierOnTwoWorkersThatPredicts() throws Exception {
        Path train = write("train.tsv", SparkTests.sentences(64, 21));
        Path dev = write("dev.tsv", SparkTests.sentences(16, 22));
        Path out = tmp.resolve("out");
        SparkTrainCommand.Options options = SparkTrainCommand.parse(new String[] {"train", "classify", "--train",
                train.toString(), "--dev", dev.toString(), "--out", out.toString(), "--workers", "2", "--epochs", "1",
                "--batch-size", "8", "--hidden-size", "8", "--embedding-dim", "8", "--ensemble", "1", "--ngram-order",
                "0", "--min-frequency", "1"});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = SparkTrainCommand.train(SparkTests.spark(), options,
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("rank 0 of 2 (ring): 8 steps"), text);
        assertTrue(text.contains("rank 1 of 2 (ring): 8 steps"), text);
        assertTrue(text.contains("-> " + out.resolve("model")), text);
        Prediction p = TextClassifier.load(out.resolve("model")).predict("the film was great");
        assertTrue(List.of("pos", "neg").contains(p.label()), p.toString());
    }

    @Test
    void optionsAreCheckedBeforeSparkStarts() throws Exception {
        Path train = write("train.tsv", SparkTests.sentences(4, 1));
        assertNull(SparkTrainCommand.parse(new String[] {"train", "--help"}));
        assertEquals("expected the task to train, classify or forecast, got 'predict'", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"predict"})).getMessage());
        assertEquals("missing --out", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"classify", "--train", train.toString()})).getMessage());
        assertEquals("--dev-split: expected a fraction in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"classify", "--train", train.toString(), "--out", "x",
                        "--dev-split", "1"})).getMessage());
        assertEquals("--dev: no file or folder " + tmp.resolve("none"), assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"classify", "--train", train.toString(), "--dev",
                        tmp.resolve("none").toString(), "--out", "x"})).getMessage());
        assertEquals("--workers: expected a whole number of at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainCommand.parse(new String[] {"classify",
                        "--workers", "0"})).getMessage());
        assertEquals("unknown option '--bogus'", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"classify", "--bogus"})).getMessage());
        assertEquals("--exchange: expected ring or allgather, got tree", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainCommand.parse(new String[] {"classify", "--train", train.toString(), "--out", "x",
                        "--exchange", "tree"})).getMessage());
        assertEquals(Exchange.Kind.ALLGATHER, SparkTrainCommand.parse(new String[] {"classify", "--train",
                train.toString(), "--out", "x", "--exchange", "allgather"}).exchange().kind());
    }

    @Test
    void forecastOptionsAreCheckedBeforeSparkStarts() throws Exception {
        Path panel = Files.writeString(tmp.resolve("panel.csv"), "id,t,value\na,1,3\n");
        String[] base = {"--panel", panel.toString(), "--id-column", "id", "--time-column", "t", "--target", "value",
                "--out", "x"};
        assertEquals("missing --horizon", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainForecast.parse(base, 0)).getMessage());
        String[] withHorizon = concat(base, "--horizon", "6", "--season", "12", "--exchange-timeout", "30");
        SparkTrainForecast.Options options = SparkTrainForecast.parse(withHorizon, 0);
        assertEquals(24, options.forecast().lookback(), "max(2H, 2M)");
        assertEquals(30, options.exchange().timeoutSeconds());
        assertEquals(Exchange.Kind.RING, options.exchange().kind());
        assertEquals("--test-size: expected 0 or at least the horizon 6, got 3", assertThrows(
                IllegalArgumentException.class, () -> SparkTrainForecast.parse(concat(withHorizon, "--test-size", "3"),
                        0)).getMessage());
        assertEquals("--cell: expected lstm or gru, got rnn", assertThrows(IllegalArgumentException.class,
                () -> SparkTrainForecast.parse(concat(withHorizon, "--cell", "rnn"), 0)).getMessage());
        assertEquals("--panel: no file " + tmp.resolve("none.csv"), assertThrows(IllegalArgumentException.class,
                () -> SparkTrainForecast.parse(new String[] {"--panel", tmp.resolve("none.csv").toString(),
                        "--id-column", "id", "--time-column", "t", "--target", "value", "--out", "x", "--horizon",
                        "2"}, 0)).getMessage());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Path write(String name, List<LabeledText> examples) throws Exception {
        StringBuilder tsv = new StringBuilder("label\ttext\n");
        for (LabeledText e : examples) {
            tsv.append(e.label()).append('\t').append(e.text()).append('\n');
        }
        return Files.writeString(tmp.resolve(name), tsv.toString());
    }
}
