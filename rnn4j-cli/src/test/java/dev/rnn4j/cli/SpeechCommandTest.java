package dev.rnn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j speech train|eval|transcribe} end to end on a tiny FSDD folder, and bad audio files. */
class SpeechCommandTest {
    private static final String[] SOURCES = {"7_nicolas_1.wav", "3_jackson_0.wav", "5_theo_2.wav"};

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path resource(String name) throws Exception {
        return Path.of(SpeechCommandTest.class.getResource("/dev/rnn4j/speech/fsdd/" + name).toURI());
    }

    /** Each source recording as a training (index 9), validation (index 6) and test (index 0) recording. */
    private Path tinyFsdd() throws Exception {
        Path recordings = Files.createDirectories(dir.resolve("fsdd/recordings"));
        for (String source : SOURCES) {
            String[] parts = source.split("_");
            for (int index : new int[] {9, 6, 0}) {
                Files.copy(resource(source), recordings.resolve(parts[0] + "_" + parts[1] + "_" + index + ".wav"));
            }
        }
        return dir.resolve("fsdd");
    }

    @Test
    void trainsEvaluatesAndTranscribesIsolatedDigits() throws Exception {
        Path data = tinyFsdd();
        Path model = dir.resolve("model");
        Run train = cli("speech", "train", "--data", data.toString(), "--out", model.toString(), "--epochs", "25",
                "--batch-size", "3", "--lr", "0.01", "--hidden", "12", "--layers", "1", "--no-spec-augment",
                "--quiet");
        assertEquals(0, train.status(), train.err());
        assertTrue(Files.isRegularFile(model.resolve("weights.safetensors")));
        Path metrics = dir.resolve("metrics.json");
        Run eval = cli("speech", "eval", "--model", model.toString(), "--data", data.toString(), "--metrics-json",
                metrics.toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("test accuracy 1.0000 (3 of 3 recordings)"), eval.out());
        assertTrue(Files.readString(metrics).contains("\"accuracy\" : 1.0"), Files.readString(metrics));
        Run transcribe = cli("speech", "transcribe", "--model", model.toString(), resource(SOURCES[0]).toString());
        assertEquals(0, transcribe.status(), transcribe.err());
        assertTrue(transcribe.out().contains("7_nicolas_1.wav: 7 (p = "), transcribe.out());

        Path notWav = Files.writeString(dir.resolve("notes.wav"), "plain text");
        Run bad = cli("speech", "transcribe", "--model", model.toString(), notWav.toString());
        assertNotEquals(0, bad.status());
        assertTrue(bad.err().contains("notes.wav"), bad.err());
        Run alignment = cli("speech", "transcribe", "--model", model.toString(), "--alignment-png",
                dir.resolve("a.png").toString(), resource(SOURCES[0]).toString());
        assertNotEquals(0, alignment.status());
        assertTrue(alignment.err().contains("connected-digit"), alignment.err());
    }

    @Test
    void leaveOneSpeakerOutTrainsWithoutTheSpeakerAndEvaluatesOnAllOfItsRecordings() throws Exception {
        Path data = tinyFsdd();
        Path model = dir.resolve("without-theo");
        Run train = cli("speech", "train", "--data", data.toString(), "--holdout-speaker", "theo", "--out",
                model.toString(), "--epochs", "2", "--batch-size", "2", "--hidden", "6", "--layers", "1",
                "--subsample", "stride", "--quiet");
        assertEquals(0, train.status(), train.err());
        // nicolas and jackson: take 6 validates, takes 0 and 9 train
        assertTrue(train.err().contains("4 training and 2 validation utterances (without theo)"), train.err());
        String config = Files.readString(model.resolve("config.json"));
        assertTrue(config.contains("\"held_out_speaker\" : \"theo\"") && config.contains("\"stride\""), config);
        Path metrics = dir.resolve("theo.json");
        Run eval = cli("speech", "eval", "--model", model.toString(), "--data", data.toString(), "--metrics-json",
                metrics.toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains(" of 3 recordings of the held-out speaker theo)"), eval.out());
        assertTrue(Files.readString(metrics).contains("\"held_out_speaker\" : \"theo\""), Files.readString(metrics));

        Run unknown = cli("speech", "train", "--data", data.toString(), "--holdout-speaker", "lucas", "--out",
                dir.resolve("x").toString());
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().contains("--holdout-speaker: expected one of the speakers [jackson, nicolas, theo]")
                && unknown.err().contains("got lucas"), unknown.err());
        Run connected = cli("speech", "train", "--data", data.toString(), "--task", "connected",
                "--holdout-speaker", "theo", "--out", dir.resolve("x").toString());
        assertNotEquals(0, connected.status());
        assertTrue(connected.err().contains("--holdout-speaker: expected --task digits"), connected.err());
        Run badSubsample = cli("speech", "train", "--data", data.toString(), "--subsample", "skip", "--out",
                dir.resolve("x").toString());
        assertNotEquals(0, badSubsample.status());
        assertTrue(badSubsample.err().contains("--subsample: expected stack or stride, got skip"), badSubsample.err());
        Path otherData = Files.createDirectories(dir.resolve("other/recordings"));
        Files.copy(resource(SOURCES[0]), otherData.resolve("7_nicolas_0.wav"));
        Run missing = cli("speech", "eval", "--model", model.toString(), "--data", otherData.toString());
        assertNotEquals(0, missing.status());
        assertTrue(missing.err().contains("trained without theo") && missing.err().contains("[nicolas]"),
                missing.err());
    }

    @Test
    void connectedDigitsTrainAndDrawTheAlignment() throws Exception {
        Path data = tinyFsdd();
        Path model = dir.resolve("ctc");
        Run train = cli("speech", "train", "--data", data.toString(), "--task", "connected", "--out",
                model.toString(), "--epochs", "2", "--batch-size", "4", "--hidden", "8", "--layers", "1",
                "--utterances", "8", "--quiet");
        assertEquals(0, train.status(), train.err());
        Run eval = cli("speech", "eval", "--model", model.toString(), "--data", data.toString(), "--utterances",
                "4");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("test digit error rate"), eval.out());
        Path png = dir.resolve("alignment.png");
        Run transcribe = cli("speech", "transcribe", "--model", model.toString(), "--alignment-png",
                png.toString(), resource(SOURCES[1]).toString());
        assertEquals(0, transcribe.status(), transcribe.err());
        assertTrue(Files.size(png) > 0);
        Run badTask = cli("speech", "train", "--data", data.toString(), "--task", "words", "--out",
                dir.resolve("x").toString());
        assertNotEquals(0, badTask.status());
        assertTrue(badTask.err().contains("--task"), badTask.err());
    }
}
